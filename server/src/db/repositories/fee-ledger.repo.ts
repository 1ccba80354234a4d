/**
 * The application fee ledger behind the platform's fees earned (0006): one row per charge with the fee we
 * recorded on our sale and the fee object Stripe reports, daily rollups per UTC day × account × currency
 * (kept by triggers), the sales whose recorded fee differs from Stripe's, and the upsert of Stripe's fee
 * objects with the span the sync has covered.
 */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { ApplicationFeeLedgerTable, FeeRollupsDailyTable, Queryable } from '../schema.ts';
import { atomically } from './atomically.ts';

export const DAY_MS = 86_400_000;

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

export interface FeeLedgerRepo {
  /**
   * Counted fees created at or after `sinceMs` (optionally of one Stripe account), per UTC day: whole
   * days from the daily rollups, a first partial day from the ledger rows themselves. With `bucketBounds`
   * (UTC day numbers, ascending: each month's first day, then the first day after the last month), whole
   * days before the last bound are summed per bucket in the database — the bucket of a day is the last
   * bound at or before it — and a row's `utcDay` is its bucket's first day (a month of 1,000 accounts is
   * 1,000 rows instead of 30,000); days from the last bound on stay one row per day.
   */
  totalsSince(
    sinceMs: number,
    stripeAccountId: string | null,
    bucketBounds?: readonly number[],
  ): Promise<FeeDayTotals[]>;
  /** Our captured sales created since `sinceMs` whose recorded fee differs from Stripe's (null: none seen). */
  mismatchesSince(sinceMs: number, stripeAccountId: string | null): Promise<FeeMismatch[]>;
  /** The span of Stripe's fee objects (by `created`) the ledger has seen, or null before the first sync. */
  syncState(): Promise<{ fromMs: number; throughMs: number } | null>;
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

/**
 * Ledger rows upserted per statement. Rows of one statement have distinct keys, so a multi-row upsert does
 * exactly what one upsert per row in the same order does (PostgreSQL refuses to update one row twice in
 * a statement); 7 parameters a row stays far below either backend's parameter limit.
 */
const FEE_UPSERT_BATCH = 500;

/** A UTC day number from epoch milliseconds; integer division on both backends (BIGINT / INTEGER). */
const UTC_DAY_OF_CREATED = sql<number>`created_at_ms / 86400000`;

export function createFeeLedgerRepo(db: Queryable): FeeLedgerRepo {
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
    async totalsSince(sinceMs, stripeAccountId, bucketBounds) {
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

    async mismatchesSince(sinceMs, stripeAccountId) {
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

    async syncState() {
      const row = await db
        .selectFrom('application_fee_sync')
        .select(['synced_from_ms', 'synced_through_ms'])
        .where('id', '=', 1)
        .executeTakeFirst();
      return row ? { fromMs: row.synced_from_ms, throughMs: row.synced_through_ms } : null;
    },

    async recordStripeFees(fees, span) {
      if (!db.isTransaction)
        return atomically(db, (tx) => createFeeLedgerRepo(tx).recordStripeFees(fees, span));
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
