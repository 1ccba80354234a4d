/**
 * What the platform console stores beyond the foundation repositories: per-account extras (risk limits,
 * dashboard type, requested capabilities), fee plan changes with their history, the platform default fee
 * plan, per-location tipping and its Terminal configuration, reader moves/removal, and account-wide
 * listings of registers, readers and staff, and the application fee ledger behind fees earned (0006): its
 * daily rollups, the first partial day from ledger rows, mismatched sales, and the upsert of Stripe's fee
 * objects with the span the sync has covered.
 *
 * Size: one repository per console page's tables would multiply the factories for little gain;
 * the sections below are the seams if it grows.
 */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { FeePlan } from '../../domain/fees.ts';
import { reusableQuery } from '../reusable-query.ts';
import type { ApplicationFeeLedgerTable, FeeRollupsDailyTable, Queryable } from '../schema.ts';
import { atomically } from './atomically.ts';
import { compareIds, compareNames, sortedBy } from './ordering.ts';
import { type Reader, toReader } from './readers.repo.ts';
import { type Register, toRegister } from './registers.repo.ts';
import type { StaffRole } from './staff.repo.ts';

export interface AccountExtras {
  maxSaleMinor: number | null;
  maxDailyMinor: number | null;
  dashboardType: 'express' | 'full' | 'none';
  capabilities: string[];
}

export interface LocationTippingRecord {
  percentages: number[];
  fixedAmountsMinor: number[];
  smartTipThresholdMinor: number | null;
}

export interface LocationExtras {
  tipping: LocationTippingRecord | null;
  terminalConfigurationId: string | null;
}

export interface StaffListing {
  id: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  locationIds: string[];
}

/** Σ of counted fees of one UTC day × Stripe account × currency. */
export interface FeeDayTotals {
  utcDay: number;
  stripeAccountId: string;
  currency: string;
  feesCount: number;
  collectedMinor: number;
  refundedMinor: number;
}

/** Stripe's application fee object, as the ledger stores it. */
export interface StripeFeeRecord {
  id: string;
  chargeId: string | null;
  /** A destination charge's platform charge (the one our sale records); null for direct charges. */
  originatingChargeId?: string | null;
  stripeAccountId: string;
  currency: string;
  amountMinor: number;
  amountRefundedMinor: number;
  createdAtMs: number;
}

export interface FeeMismatch {
  saleId: string;
  recordedFeeMinor: number;
  stripeFeeMinor: number | null;
}

export const DAY_MS = 86_400_000;

const NO_FEE: FeePlan = { bps: 0, fixedMinor: 0, minMinor: 0, maxMinor: null };

export interface PlatformConsoleRepo {
  accountExtras(accountId: string): Promise<AccountExtras>;
  setAccountExtras(
    accountId: string,
    value: { dashboardType: AccountExtras['dashboardType']; capabilities: string[] },
  ): Promise<void>;
  setRiskLimits(
    accountId: string,
    limits: { maxSaleMinor: number | null; maxDailyMinor: number | null },
    nowMs: number,
  ): Promise<void>;
  /** Sets the account's fee plan (new sales only) and records it in the history. */
  setFeePlan(accountId: string, plan: FeePlan, userId: string | null, nowMs: number): Promise<void>;
  defaultFeePlan(): Promise<FeePlan>;
  /**
   * Sets the platform default fee plan (creating the platform row if need be) and records it in the
   * history.
   */
  setDefaultFeePlan(plan: FeePlan, userId: string | null, nowMs: number): Promise<void>;
  setAccountTipping(
    accountId: string,
    tipping: { enabled: boolean; percentages: number[] },
    nowMs: number,
  ): Promise<void>;

  locationExtras(locationId: string): Promise<LocationExtras>;
  setLocationExtras(locationId: string, value: LocationExtras): Promise<void>;

  listReadersOfAccount(accountId: string): Promise<Reader[]>;
  isReaderRemoved(readerId: string): Promise<boolean>;
  moveReader(readerId: string, locationId: string, stripeReaderId: string): Promise<void>;
  relabelReader(readerId: string, label: string): Promise<void>;
  /** The code of the register whose unfinished sale is using the reader, or null. */
  registerHoldingReader(readerId: string): Promise<string | null>;
  /** Keeps the row for sales history but frees its Stripe id and hides it from the counter. */
  removeReader(readerId: string, nowMs: number): Promise<void>;

  /** The account's registers, paired ones first, by code. */
  listRegistersOfAccount(accountId: string): Promise<Register[]>;

  /** The account's staff, active ones first, by display name, each with its allowed locations. */
  listStaffOfAccount(accountId: string): Promise<StaffListing[]>;
  setStaffRole(staffId: string, role: StaffRole): Promise<void>;
  /** Replaces the locations where the staff member may sign in. */
  setStaffLocations(staffId: string, locationIds: string[]): Promise<void>;

  /** Sum of the account's sale totals being paid or paid, created within [fromMs, toMs). */
  salesTotalOfAccount(accountId: string, fromMs: number, toMs: number): Promise<number>;

  // Application fee ledger (0006) ---------------------------------------------------------------

  /**
   * Counted fees created at or after `sinceMs` (optionally of one Stripe account), per UTC day: whole
   * days from the daily rollups, a first partial day from the ledger rows themselves. With `bucketBounds`
   * (UTC day numbers, ascending: each month's first day, then the first day after the last month), whole
   * days before the last bound are summed per bucket in the database — the bucket of a day is the last
   * bound at or before it — and a row's `utcDay` is its bucket's first day (a month of 1,000 accounts is
   * 1,000 rows instead of 30,000); days from the last bound on stay one row per day.
   */
  feeTotalsSince(
    sinceMs: number,
    stripeAccountId: string | null,
    bucketBounds?: readonly number[],
  ): Promise<FeeDayTotals[]>;
  /** Our captured sales created since `sinceMs` whose recorded fee differs from Stripe's (null: none seen). */
  feeMismatchesSince(sinceMs: number, stripeAccountId: string | null): Promise<FeeMismatch[]>;
  /** The span of Stripe's fee objects (by `created`) the ledger has seen, or null before the first sync. */
  feeSyncState(): Promise<{ fromMs: number; throughMs: number } | null>;
  /**
   * Upserts Stripe's fee objects into the ledger and records the span they cover; call inside a
   * transaction (the ledger and the span must move together).
   */
  recordStripeFees(
    fees: readonly StripeFeeRecord[],
    span: { fromMs: number; throughMs: number },
  ): Promise<void>;
}

type FeeDayRow = Pick<
  Selectable<FeeRollupsDailyTable>,
  'utc_day' | 'stripe_account_id' | 'currency' | 'fees_count' | 'collected_minor' | 'refunded_minor'
>;

/** Counts and sums may come back as strings (PostgreSQL bigint/numeric), so every figure goes through Number. */
function toFeeDay(row: FeeDayRow): FeeDayTotals {
  return {
    utcDay: Number(row.utc_day),
    stripeAccountId: row.stripe_account_id,
    currency: row.currency,
    feesCount: Number(row.fees_count),
    collectedMinor: Number(row.collected_minor),
    refundedMinor: Number(row.refunded_minor),
  };
}

/** Sale statuses whose total counts towards the daily risk limit (being paid or paid). */
const LIMITED_SALE_STATUSES = [
  'awaiting_payment',
  'processing',
  'requires_capture',
  'succeeded',
  'partially_refunded',
] as const;

/** Sale statuses in which a sale may be holding its reader. */
const READER_HOLDING_STATUSES = ['awaiting_payment', 'processing', 'requires_capture'] as const;

/**
 * Ledger rows upserted per statement. Rows of one statement have distinct keys, so a multi-row upsert does
 * exactly what one upsert per row in the same order does (PostgreSQL refuses to update one row twice in
 * a statement); 7 parameters a row stays far below either backend's parameter limit.
 */
const FEE_UPSERT_BATCH = 500;

/** A UTC day number from epoch milliseconds; integer division on both backends (BIGINT / INTEGER). */
const UTC_DAY_OF_CREATED = sql<number>`created_at_ms / 86400000`;

/** Read for the risk limits of every sale and attempt: compiled once (db/reusable-query.ts). */
const accountExtrasById = reusableQuery((db: Queryable, accountId: string) =>
  db
    .selectFrom('accounts')
    .select(['max_sale_minor', 'max_daily_minor', 'dashboard_type', 'capabilities_json'])
    .where('id', '=', accountId),
);

export function createPlatformConsoleRepo(db: Queryable): PlatformConsoleRepo {
  const insertFeeHistory = (accountId: string | null, plan: FeePlan, userId: string | null, nowMs: number) =>
    db
      .insertInto('fee_plan_history')
      .values({
        account_id: accountId,
        fee_bps: plan.bps,
        fee_fixed_minor: plan.fixedMinor,
        fee_min_minor: plan.minMinor,
        fee_max_minor: plan.maxMinor,
        changed_by_user_id: userId,
        effective_from_ms: nowMs,
      })
      .execute();

  const upsertStripeFees = (rows: Insertable<ApplicationFeeLedgerTable>[]) =>
    db
      .insertInto('application_fee_ledger')
      .values(rows)
      .onConflict((oc) =>
        oc.column('charge_id').doUpdateSet((eb) => ({
          stripe_fee_id: eb.ref('excluded.stripe_fee_id'),
          stripe_amount_minor: eb.ref('excluded.stripe_amount_minor'),
          stripe_amount_refunded_minor: eb.ref('excluded.stripe_amount_refunded_minor'),
          created_at_ms: eb.ref('excluded.created_at_ms'),
        })),
      )
      .execute();

  return {
    async accountExtras(accountId) {
      const row = (await accountExtrasById(db, accountId)).rows[0];
      const capabilities: unknown = row ? JSON.parse(row.capabilities_json) : [];
      return {
        maxSaleMinor: row?.max_sale_minor ?? null,
        maxDailyMinor: row?.max_daily_minor ?? null,
        dashboardType: row?.dashboard_type ?? 'express',
        capabilities: Array.isArray(capabilities) ? capabilities.filter((c) => typeof c === 'string') : [],
      };
    },
    async setAccountExtras(accountId, value) {
      await db
        .updateTable('accounts')
        .set({ dashboard_type: value.dashboardType, capabilities_json: JSON.stringify(value.capabilities) })
        .where('id', '=', accountId)
        .execute();
    },
    async setRiskLimits(accountId, limits, nowMs) {
      await db
        .updateTable('accounts')
        .set({
          max_sale_minor: limits.maxSaleMinor,
          max_daily_minor: limits.maxDailyMinor,
          updated_at_ms: nowMs,
        })
        .where('id', '=', accountId)
        .execute();
    },
    async setFeePlan(accountId, plan, userId, nowMs) {
      if (!db.isTransaction)
        return atomically(db, (tx) =>
          createPlatformConsoleRepo(tx).setFeePlan(accountId, plan, userId, nowMs),
        );
      await db
        .updateTable('accounts')
        .set({
          fee_bps: plan.bps,
          fee_fixed_minor: plan.fixedMinor,
          fee_min_minor: plan.minMinor,
          fee_max_minor: plan.maxMinor,
          updated_at_ms: nowMs,
        })
        .where('id', '=', accountId)
        .execute();
      await insertFeeHistory(accountId, plan, userId, nowMs);
    },
    async defaultFeePlan() {
      const row = await db
        .selectFrom('platform_settings')
        .select([
          'default_fee_bps',
          'default_fee_fixed_minor',
          'default_fee_min_minor',
          'default_fee_max_minor',
        ])
        .where('id', '=', 1)
        .executeTakeFirst();
      if (!row) return NO_FEE;
      return {
        bps: row.default_fee_bps,
        fixedMinor: row.default_fee_fixed_minor,
        minMinor: row.default_fee_min_minor,
        maxMinor: row.default_fee_max_minor,
      };
    },
    async setDefaultFeePlan(plan, userId, nowMs) {
      if (!db.isTransaction)
        return atomically(db, (tx) => createPlatformConsoleRepo(tx).setDefaultFeePlan(plan, userId, nowMs));
      await db
        .insertInto('platform_settings')
        .values({
          id: 1,
          name: 'Countertop',
          stripe_account_id: null,
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      await db
        .updateTable('platform_settings')
        .set({
          default_fee_bps: plan.bps,
          default_fee_fixed_minor: plan.fixedMinor,
          default_fee_min_minor: plan.minMinor,
          default_fee_max_minor: plan.maxMinor,
          updated_at_ms: nowMs,
        })
        .where('id', '=', 1)
        .execute();
      await insertFeeHistory(null, plan, userId, nowMs);
    },
    async setAccountTipping(accountId, tipping, nowMs) {
      await db
        .updateTable('accounts')
        .set({
          tipping_enabled: tipping.enabled ? 1 : 0,
          tipping_percentages_json: JSON.stringify(tipping.percentages),
          updated_at_ms: nowMs,
        })
        .where('id', '=', accountId)
        .execute();
    },

    async locationExtras(locationId) {
      const row = await db
        .selectFrom('locations')
        .select(['tipping_json', 'terminal_configuration_id'])
        .where('id', '=', locationId)
        .executeTakeFirst();
      return {
        tipping: row?.tipping_json ? (JSON.parse(row.tipping_json) as LocationTippingRecord) : null,
        terminalConfigurationId: row?.terminal_configuration_id ?? null,
      };
    },
    async setLocationExtras(locationId, value) {
      await db
        .updateTable('locations')
        .set({
          tipping_json: value.tipping ? JSON.stringify(value.tipping) : null,
          terminal_configuration_id: value.terminalConfigurationId,
        })
        .where('id', '=', locationId)
        .execute();
    },

    async listReadersOfAccount(accountId) {
      const rows = await db
        .selectFrom('readers')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('removed_at_ms', 'is', null)
        .execute();
      return sortedBy(
        rows.map(toReader),
        (a, b) => compareNames(a.label, b.label),
        (a, b) => compareIds(a.id, b.id),
      );
    },
    async isReaderRemoved(readerId) {
      const row = await db
        .selectFrom('readers')
        .select('removed_at_ms')
        .where('id', '=', readerId)
        .executeTakeFirst();
      return (row?.removed_at_ms ?? null) !== null;
    },
    async moveReader(readerId, locationId, stripeReaderId) {
      await db
        .updateTable('readers')
        .set({ location_id: locationId, stripe_reader_id: stripeReaderId })
        .where('id', '=', readerId)
        .execute();
    },
    async relabelReader(readerId, label) {
      await db.updateTable('readers').set({ label }).where('id', '=', readerId).execute();
    },
    async registerHoldingReader(readerId) {
      const row = await db
        .selectFrom('sales as s')
        .innerJoin('registers as r', 'r.id', 's.register_id')
        .select('r.code')
        .where('s.reader_id', '=', readerId)
        .where('s.status', 'in', READER_HOLDING_STATUSES)
        .orderBy('s.updated_at_ms', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.code ?? null;
    },
    async removeReader(readerId, nowMs) {
      await db
        .updateTable('readers')
        .set({
          removed_at_ms: nowMs,
          // `||` concatenates text on both backends.
          stripe_reader_id: sql<string>`stripe_reader_id || ':removed:' || id`,
        })
        .where('id', '=', readerId)
        .execute();
    },

    async listRegistersOfAccount(accountId) {
      const rows = await db
        .selectFrom('registers as r')
        .innerJoin('locations as l', 'l.id', 'r.location_id')
        .selectAll('r')
        .where('l.account_id', '=', accountId)
        .execute();
      // Paired registers first, each group by code.
      return sortedBy(
        rows.map(toRegister),
        (a, b) => Number(a.revokedAtMs !== null) - Number(b.revokedAtMs !== null),
        (a, b) => compareNames(a.code, b.code),
      );
    },

    async listStaffOfAccount(accountId) {
      const staff = await db
        .selectFrom('staff')
        .select(['id', 'display_name', 'role', 'active'])
        .where('account_id', '=', accountId)
        .execute();
      if (staff.length === 0) return [];
      // Every allowed location of the account's staff in one read (instead of one per staff member).
      const allowed = await db
        .selectFrom('staff_locations as sl')
        .innerJoin('staff as s', 's.id', 'sl.staff_id')
        .select(['sl.staff_id', 'sl.location_id'])
        .where('s.account_id', '=', accountId)
        .orderBy('sl.location_id')
        .execute();
      const locationIds = new Map<string, string[]>();
      for (const row of allowed) {
        const list = locationIds.get(row.staff_id);
        if (list) list.push(row.location_id);
        else locationIds.set(row.staff_id, [row.location_id]);
      }
      // Active staff first, each group by name.
      return sortedBy(
        staff.map((row) => ({
          id: row.id,
          displayName: row.display_name,
          role: row.role,
          active: row.active === 1,
          locationIds: locationIds.get(row.id) ?? [],
        })),
        (a, b) => Number(b.active) - Number(a.active),
        (a, b) => compareNames(a.displayName, b.displayName),
        (a, b) => compareIds(a.id, b.id),
      );
    },
    async setStaffRole(staffId, role) {
      await db.updateTable('staff').set({ role }).where('id', '=', staffId).execute();
    },
    async setStaffLocations(staffId, locationIds) {
      if (!db.isTransaction)
        return atomically(db, (tx) => createPlatformConsoleRepo(tx).setStaffLocations(staffId, locationIds));
      await db.deleteFrom('staff_locations').where('staff_id', '=', staffId).execute();
      if (locationIds.length === 0) return;
      // ON CONFLICT DO NOTHING (was INSERT OR IGNORE): an id listed twice is inserted once.
      await db
        .insertInto('staff_locations')
        .values(locationIds.map((locationId) => ({ staff_id: staffId, location_id: locationId })))
        .onConflict((oc) => oc.columns(['staff_id', 'location_id']).doNothing())
        .execute();
    },

    async salesTotalOfAccount(accountId, fromMs, toMs) {
      const row = await db
        .selectFrom('sales')
        .select((eb) => eb.fn.sum<number | null>('total_minor').as('total'))
        .where('account_id', '=', accountId)
        .where('created_at_ms', '>=', fromMs)
        .where('created_at_ms', '<', toMs)
        .where('status', 'in', LIMITED_SALE_STATUSES)
        // Sales only: a card part is a payment of a sale already counted.
        .where('kind', '=', 'sale')
        .executeTakeFirst();
      return Number(row?.total ?? 0);
    },

    async feeTotalsSince(sinceMs, stripeAccountId, bucketBounds) {
      const firstWholeDay = Math.ceil(sinceMs / DAY_MS);
      const rows: FeeDayRow[] = [];
      if (sinceMs < firstWholeDay * DAY_MS) {
        const partialDay = await db
          .selectFrom('application_fee_ledger')
          .select((eb) => [
            UTC_DAY_OF_CREATED.as('utc_day'),
            'stripe_account_id',
            'currency',
            eb.fn.countAll<number>().as('fees_count'),
            eb.fn.sum<number>('fee_minor').as('collected_minor'),
            eb.fn.sum<number>('refunded_minor').as('refunded_minor'),
          ])
          .where('created_at_ms', '>=', sinceMs)
          .where('created_at_ms', '<', firstWholeDay * DAY_MS)
          .where('counted', '=', 1)
          .groupBy([UTC_DAY_OF_CREATED, 'stripe_account_id', 'currency'])
          .orderBy(UTC_DAY_OF_CREATED)
          .orderBy('stripe_account_id')
          .orderBy('currency')
          .execute();
        for (const row of partialDay) {
          if (stripeAccountId === null || row.stripe_account_id === stripeAccountId) rows.push(row);
        }
      }
      // Platform-wide, the primary key (utc_day, …) serves this; for one account, fee_rollups_account_day
      // (stripe_account_id, utc_day). The account condition is added only when there is one: `? IS NULL OR
      // …` would defeat that index. The ORDER BY is both indexes' own order (no sort), and it is what makes
      // SQLite pick the account index when there are few accounts (without it SQLite took the primary key
      // range; the SQLite-only statement forced the index with INDEXED BY, which PostgreSQL does not have).
      const bounds = bucketBounds ?? [];
      if (bounds.length > 1) {
        // CASE over the bounds (newest first), grouped by its output name so that its bound values are
        // parameters once (PostgreSQL does not match two parameterised copies of an expression).
        const end = bounds.at(-1)!;
        const starts = bounds.slice(0, -1).reverse();
        const bucket = sql<number>`case when utc_day >= ${end} then utc_day ${sql.join(
          starts.map((start) => sql`when utc_day >= ${start} then ${start}`),
          sql` `,
        )} else utc_day end`;
        let grouped = db
          .selectFrom('fee_rollups_daily')
          .select((eb) => [
            bucket.as('bucket_day'),
            'stripe_account_id',
            'currency',
            eb.fn.sum<number>('fees_count').as('fees_count'),
            eb.fn.sum<number>('collected_minor').as('collected_minor'),
            eb.fn.sum<number>('refunded_minor').as('refunded_minor'),
          ])
          .where('utc_day', '>=', firstWholeDay)
          .where('fees_count', '<>', 0);
        if (stripeAccountId !== null) grouped = grouped.where('stripe_account_id', '=', stripeAccountId);
        for (const row of await grouped
          .groupBy([sql.ref('bucket_day'), 'stripe_account_id', 'currency'])
          .orderBy(sql.ref('bucket_day'))
          .orderBy('stripe_account_id')
          .orderBy('currency')
          .execute()) {
          rows.push({ ...row, utc_day: row.bucket_day });
        }
        return rows.map(toFeeDay);
      }
      let whole = db
        .selectFrom('fee_rollups_daily')
        .select([
          'utc_day',
          'stripe_account_id',
          'currency',
          'fees_count',
          'collected_minor',
          'refunded_minor',
        ])
        .where('utc_day', '>=', firstWholeDay)
        .where('fees_count', '<>', 0);
      if (stripeAccountId !== null) whole = whole.where('stripe_account_id', '=', stripeAccountId);
      for (const row of await whole
        .orderBy('utc_day')
        .orderBy('stripe_account_id')
        .orderBy('currency')
        .execute()) {
        rows.push(row);
      }
      return rows.map(toFeeDay);
    },

    async feeMismatchesSince(sinceMs, stripeAccountId) {
      // The WHERE repeats the partial index application_fee_ledger_mismatch's own (with the literal 0), so
      // SQLite reads that normally empty index; the account is filtered here so as not to defeat it.
      const rows = await db
        .selectFrom('application_fee_ledger as l')
        .select(['l.sale_id', 'l.recorded_fee_minor', 'l.stripe_amount_minor', 'l.stripe_account_id'])
        .where('l.sale_id', 'is not', null)
        .where(sql<boolean>`coalesce(l.stripe_amount_minor, 0) <> l.recorded_fee_minor`)
        .where('l.sale_created_at_ms', '>=', sinceMs)
        .orderBy('l.sale_created_at_ms')
        .orderBy('l.sale_id')
        .$narrowType<{ sale_id: string; recorded_fee_minor: number }>()
        .execute();
      return rows
        .filter((row) => stripeAccountId === null || row.stripe_account_id === stripeAccountId)
        .map((row) => ({
          saleId: row.sale_id,
          recordedFeeMinor: row.recorded_fee_minor,
          stripeFeeMinor: row.stripe_amount_minor,
        }));
    },

    async feeSyncState() {
      const row = await db
        .selectFrom('application_fee_sync')
        .select(['synced_from_ms', 'synced_through_ms'])
        .where('id', '=', 1)
        .executeTakeFirst();
      return row ? { fromMs: row.synced_from_ms, throughMs: row.synced_through_ms } : null;
    },

    async recordStripeFees(fees, span) {
      if (!db.isTransaction)
        return atomically(db, (tx) => createPlatformConsoleRepo(tx).recordStripeFees(fees, span));
      let batch: Insertable<ApplicationFeeLedgerTable>[] = [];
      let keys = new Set<string>();
      for (const fee of fees) {
        const key = fee.originatingChargeId ?? fee.chargeId ?? `fee:${fee.id}`;
        if (batch.length === FEE_UPSERT_BATCH || keys.has(key)) {
          await upsertStripeFees(batch);
          batch = [];
          keys = new Set();
        }
        keys.add(key);
        batch.push({
          charge_id: key,
          stripe_account_id: fee.stripeAccountId,
          currency: fee.currency,
          stripe_fee_id: fee.id,
          stripe_amount_minor: fee.amountMinor,
          stripe_amount_refunded_minor: fee.amountRefundedMinor,
          created_at_ms: fee.createdAtMs,
        });
      }
      if (batch.length > 0) await upsertStripeFees(batch);
      await db
        .insertInto('application_fee_sync')
        .values({ id: 1, synced_from_ms: span.fromMs, synced_through_ms: span.throughMs })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            synced_from_ms: eb.ref('excluded.synced_from_ms'),
            synced_through_ms: eb.ref('excluded.synced_through_ms'),
          })),
        )
        .execute();
    },
  };
}
