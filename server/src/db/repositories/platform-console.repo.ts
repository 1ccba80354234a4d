/**
 * What the platform console stores beyond the foundation repositories: per-account extras (risk limits,
 * dashboard type, requested capabilities), fee plan changes with their history, the platform default fee
 * plan, per-location tipping and its Terminal configuration, reader moves/removal, and account-wide
 * listings of registers, readers and staff (the application fee ledger behind fees earned has its own
 * repository: fee-ledger.repo.ts).
 *
 * Size: one repository per console page's tables would multiply the factories for little gain;
 * the sections below are the seams if it grows.
 */
import { sql } from 'kysely';
import type { FeePlan } from '../../domain/fees.ts';
import { reusableQuery } from '../reusable-query.ts';
import type { Queryable } from '../schema.ts';
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
  };
}
