/**
 * Merchant reporting queries and the refund journal, over `sales`, `sale_lines` and `refunds`.
 *
 * - Window reads (a day, a range) take an account, the locations in scope and half-open UTC bounds, and
 *   load the lines of all those sales in one query (no per-sale round trips).
 * - Refunds of a window are read through `refunds.location_id` (copied from the sale when the refund is
 *   journaled), so a merchant's day never walks the whole platform's refunds of that day.
 * - The sales list is keyset-paginated by (created_at_ms, id), newest first, filtered by status, staff,
 *   card last4 or exact total; 0004's indexes `(account_id, <filter>, created_at_ms, id)` serve each.
 * - The refund journal: a row is written (status `pending`) BEFORE the Stripe call, so a crash leaves a
 *   trace that a retry with the same `refund_key` resolves with the same idempotency key.
 */
import type { SaleStatus } from '@countertop/shared';
import type { Selectable } from 'kysely';
import type { Queryable, RefundsTable, SaleLinesTable, SalesTable } from '../schema.ts';
import { compareNames, sortedBy } from './ordering.ts';

export interface ReportSaleLine {
  productId: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  amountMinor: number;
}

/** A sale as reports read it (the columns the summary, list and CSV need). */
export interface ReportSale {
  id: string;
  accountId: string;
  locationId: string;
  staffId: string;
  status: SaleStatus;
  currency: string;
  subtotalMinor: number;
  taxMinor: number;
  tipMinor: number;
  totalMinor: number;
  applicationFeeMinor: number;
  stripeFeeMinor: number | null;
  balanceTransactionId: string | null;
  paymentIntentId: string | null;
  chargeId: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  readMethod: string | null;
  createdAtMs: number;
  lines: ReportSaleLine[];
}

export type JournalRefundStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

export interface JournalRefund {
  id: string;
  saleId: string;
  refundKey: string | null;
  /** The idempotency key the refund is (re)sent to Stripe with; scoped to the account. */
  stripeIdempotencyKey: string | null;
  stripeRefundId: string | null;
  amountMinor: number;
  applicationFeeRefundedMinor: number;
  reason: string | null;
  status: JournalRefundStatus;
  requestedByStaffId: string | null;
  requestedByUserId: string | null;
  requestedByLabel: string | null;
  failureMessage: string | null;
  createdAtMs: number;
  /** From the refund's sale. */
  locationId: string;
  accountId: string;
  currency: string;
}

export interface NewJournalRefund {
  id: string;
  saleId: string;
  refundKey: string;
  stripeIdempotencyKey: string;
  amountMinor: number;
  reason: string;
  requestedByStaffId: string | null;
  requestedByUserId: string | null;
  requestedByLabel: string;
}

export interface RefundPatch {
  status: JournalRefundStatus;
  stripeRefundId?: string | null;
  applicationFeeRefundedMinor?: number;
  failureMessage?: string | null;
}

export interface ReportsRepo {
  /** Every sale of the locations created in `[startMs, endMs)`, with lines, oldest first. */
  salesInWindow(
    accountId: string,
    locationIds: readonly string[],
    startMs: number,
    endMs: number,
  ): Promise<ReportSale[]>;
  /** Refunds (any status) made in `[startMs, endMs)` of sales at the locations, oldest first. */
  refundsInWindow(
    accountId: string,
    locationIds: readonly string[],
    startMs: number,
    endMs: number,
  ): Promise<JournalRefund[]>;
  /** Every refund of these sales, all time. */
  refundsOfSales(saleIds: readonly string[]): Promise<JournalRefund[]>;
  findSale(saleId: string): Promise<ReportSale | undefined>;
  /** One page of the sales list, newest first; `hasMore` when another page follows. */
  searchSales(search: SalesSearch): Promise<{ sales: ReportSale[]; hasMore: boolean }>;
  /** Σ counted (pending or succeeded) refunds per sale. */
  refundedTotals(saleIds: readonly string[]): Promise<Map<string, number>>;
  /** Authorised but not captured sales of the locations, oldest first. */
  uncapturedSales(accountId: string, locationIds: readonly string[]): Promise<ReportSale[]>;
  /** Captured sales with a charge but no Stripe fee recorded yet, created in `[startMs, endMs)`. */
  salesMissingStripeFee(accountId: string, startMs: number, endMs: number): Promise<ReportSale[]>;
  /** Records Stripe's processing fee of a sale's charge (from its balance transaction). */
  recordStripeFee(saleId: string, stripeFeeMinor: number, balanceTransactionId: string): Promise<void>;
  findRefund(id: string): Promise<JournalRefund | undefined>;
  /** The account's refund recorded with this client key (keys are unique per account). */
  findRefundByKey(accountId: string, refundKey: string): Promise<JournalRefund | undefined>;
  findRefundByStripeId(stripeRefundId: string): Promise<JournalRefund | undefined>;
  /** Refunds Stripe has accepted but not finished, made before `createdBeforeMs`, oldest first. */
  pendingRefunds(createdBeforeMs: number): Promise<JournalRefund[]>;
  /**
   * Accounts with captured sales created since `sinceMs` whose Stripe processing fee is not recorded yet,
   * with the span of those sales (served by the partial index sales_stripe_fee_missing).
   */
  accountsMissingStripeFees(sinceMs: number): Promise<{ accountId: string; fromMs: number; toMs: number }[]>;
  /** Journals a refund (status `pending`) before its Stripe call; its location is the sale's. */
  insertRefund(refund: NewJournalRefund, nowMs: number): Promise<JournalRefund>;
  updateRefund(id: string, patch: RefundPatch, nowMs: number): Promise<JournalRefund>;
  /** The platform's policy: do refunds return the application fee? (default yes) */
  refundsReturnApplicationFee(): Promise<boolean>;
  setRefundsReturnApplicationFee(value: boolean): Promise<void>;
  /** Our sale of each Stripe charge (`ch_…`) or refund (`re_…`) id given, for this account. */
  saleIdsOfStripeObjects(accountId: string, stripeIds: readonly string[]): Promise<Map<string, string>>;
  /** Display names of the account's staff, by id. */
  staffNames(accountId: string): Promise<Map<string, string>>;
}

export interface SalesSearch {
  accountId: string;
  locationIds: readonly string[];
  startMs: number;
  endMs: number;
  status?: SaleStatus | undefined;
  staffId?: string | undefined;
  last4?: string | undefined;
  amountMinor?: number | undefined;
  /** The last row of the previous page. */
  after?: { createdAtMs: number; id: string } | undefined;
  limit: number;
}

type LineRow = Pick<
  Selectable<SaleLinesTable>,
  'sale_id' | 'product_id' | 'description' | 'quantity' | 'unit_price_minor' | 'amount_minor'
>;

const SALE_COLUMNS = [
  's.id',
  's.account_id',
  's.location_id',
  's.staff_id',
  's.status',
  's.currency',
  's.subtotal_minor',
  's.tax_minor',
  's.tip_minor',
  's.total_minor',
  's.application_fee_minor',
  's.stripe_fee_minor',
  's.balance_transaction_id',
  's.payment_intent_id',
  's.charge_id',
  's.card_brand',
  's.card_last4',
  's.read_method',
  's.created_at_ms',
] as const;

const REFUND_COLUMNS = [
  'r.id',
  'r.sale_id',
  'r.refund_key',
  'r.stripe_idempotency_key',
  'r.stripe_refund_id',
  'r.amount_minor',
  'r.application_fee_refunded_minor',
  'r.reason',
  'r.status',
  'r.requested_by_staff_id',
  'r.requested_by_user_id',
  'r.requested_by_label',
  'r.failure_message',
  'r.created_at_ms',
  's.location_id',
  's.account_id',
  's.currency',
] as const;

type SaleRow = Pick<
  Selectable<SalesTable>,
  | 'id'
  | 'account_id'
  | 'location_id'
  | 'staff_id'
  | 'status'
  | 'currency'
  | 'subtotal_minor'
  | 'tax_minor'
  | 'tip_minor'
  | 'total_minor'
  | 'application_fee_minor'
  | 'stripe_fee_minor'
  | 'balance_transaction_id'
  | 'payment_intent_id'
  | 'charge_id'
  | 'card_brand'
  | 'card_last4'
  | 'read_method'
  | 'created_at_ms'
>;

interface RefundRow
  extends Pick<
    Selectable<RefundsTable>,
    | 'id'
    | 'sale_id'
    | 'refund_key'
    | 'stripe_idempotency_key'
    | 'stripe_refund_id'
    | 'amount_minor'
    | 'application_fee_refunded_minor'
    | 'reason'
    | 'status'
    | 'requested_by_staff_id'
    | 'requested_by_user_id'
    | 'requested_by_label'
    | 'failure_message'
    | 'created_at_ms'
  > {
  location_id: string;
  account_id: string;
  currency: string;
}

/** Ids per IN list: well under every backend's limit on bound parameters. */
const IN_LIST_CHUNK = 5_000;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += IN_LIST_CHUNK) {
    result.push(items.slice(start, start + IN_LIST_CHUNK));
  }
  return result;
}

function toSale(row: SaleRow, lines: ReportSaleLine[]): ReportSale {
  return {
    id: row.id,
    accountId: row.account_id,
    locationId: row.location_id,
    staffId: row.staff_id,
    status: row.status,
    currency: row.currency,
    subtotalMinor: row.subtotal_minor,
    taxMinor: row.tax_minor,
    tipMinor: row.tip_minor,
    totalMinor: row.total_minor,
    applicationFeeMinor: row.application_fee_minor,
    stripeFeeMinor: row.stripe_fee_minor,
    balanceTransactionId: row.balance_transaction_id,
    paymentIntentId: row.payment_intent_id,
    chargeId: row.charge_id,
    cardBrand: row.card_brand,
    cardLast4: row.card_last4,
    readMethod: row.read_method,
    createdAtMs: row.created_at_ms,
    lines,
  };
}

function toLine(row: LineRow): ReportSaleLine {
  return {
    productId: row.product_id,
    description: row.description,
    quantity: row.quantity,
    unitPriceMinor: row.unit_price_minor,
    amountMinor: row.amount_minor,
  };
}

function toRefund(row: RefundRow): JournalRefund {
  return {
    id: row.id,
    saleId: row.sale_id,
    refundKey: row.refund_key,
    stripeIdempotencyKey: row.stripe_idempotency_key,
    stripeRefundId: row.stripe_refund_id,
    amountMinor: row.amount_minor,
    applicationFeeRefundedMinor: row.application_fee_refunded_minor,
    reason: row.reason,
    status: row.status as JournalRefundStatus,
    requestedByStaffId: row.requested_by_staff_id,
    requestedByUserId: row.requested_by_user_id,
    requestedByLabel: row.requested_by_label,
    failureMessage: row.failure_message,
    createdAtMs: row.created_at_ms,
    locationId: row.location_id,
    accountId: row.account_id,
    currency: row.currency,
  };
}

/** Keyset cursor: opaque to clients, `base64url("<createdAtMs>:<id>")`. */
export function encodeSalesCursor(after: { createdAtMs: number; id: string }): string {
  return Buffer.from(`${after.createdAtMs}:${after.id}`, 'utf8').toString('base64url');
}

/** Null when the cursor is not one we issued. */
export function decodeSalesCursor(cursor: string): { createdAtMs: number; id: string } | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{1,16}):([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (!match?.[1] || !match[2]) return null;
  return { createdAtMs: Number(match[1]), id: match[2] };
}

export function createReportsRepo(db: Queryable): ReportsRepo {
  const selectSales = () => db.selectFrom('sales as s').select(SALE_COLUMNS);
  const selectRefunds = () =>
    db.selectFrom('refunds as r').innerJoin('sales as s', 's.id', 'r.sale_id').select(REFUND_COLUMNS);

  const loadLines = async (saleIds: readonly string[]): Promise<Map<string, ReportSaleLine[]>> => {
    const bySale = new Map<string, ReportSaleLine[]>();
    for (const ids of chunks(saleIds)) {
      const rows: LineRow[] = await db
        .selectFrom('sale_lines')
        .select(['sale_id', 'product_id', 'description', 'quantity', 'unit_price_minor', 'amount_minor'])
        .where('sale_id', 'in', ids)
        .orderBy('sale_id')
        .orderBy('position')
        .execute();
      for (const row of rows) {
        const lines = bySale.get(row.sale_id);
        if (lines === undefined) bySale.set(row.sale_id, [toLine(row)]);
        else lines.push(toLine(row));
      }
    }
    return bySale;
  };
  const hydrate = async (rows: SaleRow[]): Promise<ReportSale[]> => {
    const lines = await loadLines(rows.map((row) => row.id));
    return rows.map((row) => toSale(row, lines.get(row.id) ?? []));
  };
  const findRefund = async (id: string): Promise<JournalRefund | undefined> => {
    const row = await selectRefunds().where('r.id', '=', id).executeTakeFirst();
    return row ? toRefund(row as RefundRow) : undefined;
  };

  return {
    async salesInWindow(accountId, locationIds, startMs, endMs) {
      if (locationIds.length === 0) return [];
      const rows = await selectSales()
        .where('s.account_id', '=', accountId)
        .where('s.created_at_ms', '>=', startMs)
        .where('s.created_at_ms', '<', endMs)
        .where('s.location_id', 'in', locationIds)
        .orderBy('s.created_at_ms')
        .orderBy('s.id')
        .execute();
      return hydrate(rows);
    },

    async refundsInWindow(accountId, locationIds, startMs, endMs) {
      if (locationIds.length === 0) return [];
      // Through refunds_location_created: the scope's refunds only, not the platform's in the window.
      const rows = await selectRefunds()
        .where('r.location_id', 'in', locationIds)
        .where('r.created_at_ms', '>=', startMs)
        .where('r.created_at_ms', '<', endMs)
        .where('s.account_id', '=', accountId)
        .whereRef('s.location_id', '=', 'r.location_id')
        .orderBy('r.created_at_ms')
        .orderBy('r.id')
        .execute();
      return rows.map((row) => toRefund(row as RefundRow));
    },

    async refundsOfSales(saleIds) {
      const refunds: JournalRefund[] = [];
      for (const ids of chunks(saleIds)) {
        const rows = await selectRefunds().where('r.sale_id', 'in', ids).execute();
        refunds.push(...rows.map((row) => toRefund(row as RefundRow)));
      }
      return refunds.sort(
        (a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
    },

    async findSale(saleId) {
      const row = await selectSales().where('s.id', '=', saleId).executeTakeFirst();
      return row ? (await hydrate([row]))[0] : undefined;
    },

    async searchSales(search) {
      if (search.locationIds.length === 0) return { sales: [], hasMore: false };
      let query = selectSales()
        .where('s.account_id', '=', search.accountId)
        .where('s.created_at_ms', '>=', search.startMs)
        .where('s.created_at_ms', '<', search.endMs)
        .where('s.location_id', 'in', search.locationIds);
      if (search.status !== undefined) query = query.where('s.status', '=', search.status);
      if (search.staffId !== undefined) query = query.where('s.staff_id', '=', search.staffId);
      if (search.last4 !== undefined) query = query.where('s.card_last4', '=', search.last4);
      if (search.amountMinor !== undefined) query = query.where('s.total_minor', '=', search.amountMinor);
      const after = search.after;
      if (after !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb('s.created_at_ms', '<', after.createdAtMs),
            eb.and([eb('s.created_at_ms', '=', after.createdAtMs), eb('s.id', '<', after.id)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('s.created_at_ms', 'desc')
        .orderBy('s.id', 'desc')
        .limit(search.limit + 1)
        .execute();
      const hasMore = rows.length > search.limit;
      return { sales: await hydrate(rows.slice(0, search.limit)), hasMore };
    },

    async refundedTotals(saleIds) {
      const totals = new Map<string, number>();
      for (const ids of chunks(saleIds)) {
        const rows = await db
          .selectFrom('refunds')
          .select((eb) => ['sale_id', eb.fn.sum<number>('amount_minor').as('total')])
          .where('sale_id', 'in', ids)
          .where('status', 'in', ['pending', 'succeeded'])
          .groupBy('sale_id')
          .execute();
        for (const row of rows) totals.set(row.sale_id, Number(row.total));
      }
      return totals;
    },

    async uncapturedSales(accountId, locationIds) {
      if (locationIds.length === 0) return [];
      const rows = await selectSales()
        .where('s.account_id', '=', accountId)
        .where('s.status', '=', 'requires_capture')
        .where('s.location_id', 'in', locationIds)
        .orderBy('s.created_at_ms')
        .orderBy('s.id')
        .execute();
      return hydrate(rows);
    },

    async salesMissingStripeFee(accountId, startMs, endMs) {
      // The WHERE matches the partial index sales_stripe_fee_missing, so only the few such rows are read.
      const rows = await selectSales()
        .where('s.account_id', '=', accountId)
        .where('s.created_at_ms', '>=', startMs)
        .where('s.created_at_ms', '<', endMs)
        .where('s.stripe_fee_minor', 'is', null)
        .where('s.charge_id', 'is not', null)
        .where('s.status', 'in', ['succeeded', 'partially_refunded', 'refunded'])
        .execute();
      return rows.map((row) => toSale(row, []));
    },

    async recordStripeFee(saleId, stripeFeeMinor, balanceTransactionId) {
      await db
        .updateTable('sales')
        .set({ stripe_fee_minor: stripeFeeMinor, balance_transaction_id: balanceTransactionId })
        .where('id', '=', saleId)
        .execute();
    },

    findRefund,

    async findRefundByKey(accountId, refundKey) {
      const row = await selectRefunds()
        .where('r.account_id', '=', accountId)
        .where('r.refund_key', '=', refundKey)
        .executeTakeFirst();
      return row ? toRefund(row as RefundRow) : undefined;
    },

    async findRefundByStripeId(stripeRefundId) {
      const row = await selectRefunds().where('r.stripe_refund_id', '=', stripeRefundId).executeTakeFirst();
      return row ? toRefund(row as RefundRow) : undefined;
    },

    async pendingRefunds(createdBeforeMs) {
      const rows = await selectRefunds()
        .where('r.status', '=', 'pending')
        .where('r.stripe_refund_id', 'is not', null)
        .where('r.created_at_ms', '<', createdBeforeMs)
        .orderBy('r.created_at_ms')
        .orderBy('r.id')
        .execute();
      return rows.map((row) => toRefund(row as RefundRow));
    },

    async accountsMissingStripeFees(sinceMs) {
      const rows = await db
        .selectFrom('sales')
        .select((eb) => [
          'account_id',
          eb.fn.min('created_at_ms').as('from_ms'),
          eb.fn.max('created_at_ms').as('to_ms'),
        ])
        .where('created_at_ms', '>=', sinceMs)
        .where('stripe_fee_minor', 'is', null)
        .where('charge_id', 'is not', null)
        .where('status', 'in', ['succeeded', 'partially_refunded', 'refunded'])
        .groupBy('account_id')
        .orderBy('account_id')
        .execute();
      return rows.map((row) => ({
        accountId: row.account_id,
        fromMs: Number(row.from_ms),
        toMs: Number(row.to_ms),
      }));
    },

    async insertRefund(refund, nowMs) {
      await db
        .insertInto('refunds')
        .values({
          id: refund.id,
          sale_id: refund.saleId,
          refund_key: refund.refundKey,
          stripe_idempotency_key: refund.stripeIdempotencyKey,
          amount_minor: refund.amountMinor,
          reason: refund.reason,
          status: 'pending',
          requested_by_staff_id: refund.requestedByStaffId,
          requested_by_user_id: refund.requestedByUserId,
          requested_by_label: refund.requestedByLabel,
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
          location_id: (eb) => eb.selectFrom('sales').select('location_id').where('id', '=', refund.saleId),
          account_id: (eb) => eb.selectFrom('sales').select('account_id').where('id', '=', refund.saleId),
        })
        .execute();
      const stored = await findRefund(refund.id);
      if (!stored) throw new Error(`refund ${refund.id} was not stored`);
      return stored;
    },

    async updateRefund(id, patch, nowMs) {
      const current = await findRefund(id);
      if (!current) throw new Error(`No refund ${id}`);
      await db
        .updateTable('refunds')
        .set({
          status: patch.status,
          stripe_refund_id:
            patch.stripeRefundId === undefined ? current.stripeRefundId : patch.stripeRefundId,
          application_fee_refunded_minor:
            patch.applicationFeeRefundedMinor ?? current.applicationFeeRefundedMinor,
          failure_message: patch.failureMessage === undefined ? current.failureMessage : patch.failureMessage,
          updated_at_ms: nowMs,
        })
        .where('id', '=', id)
        .execute();
      return (await findRefund(id)) as JournalRefund;
    },

    async refundsReturnApplicationFee() {
      const row = await db
        .selectFrom('platform_settings')
        .select('refund_application_fee')
        .where('id', '=', 1)
        .executeTakeFirst();
      return row === undefined ? true : row.refund_application_fee === 1;
    },

    async setRefundsReturnApplicationFee(value) {
      await db
        .updateTable('platform_settings')
        .set({ refund_application_fee: value ? 1 : 0 })
        .where('id', '=', 1)
        .execute();
    },

    async saleIdsOfStripeObjects(accountId, stripeIds) {
      const result = new Map<string, string>();
      for (const ids of chunks(stripeIds)) {
        const charges = await db
          .selectFrom('sales')
          .select(['charge_id', 'id'])
          .where('account_id', '=', accountId)
          .where('charge_id', 'in', ids)
          .execute();
        for (const row of charges) if (row.charge_id) result.set(row.charge_id, row.id);
        const refunds = await db
          .selectFrom('refunds as r')
          .innerJoin('sales as s', 's.id', 'r.sale_id')
          .select(['r.stripe_refund_id', 's.id'])
          .where('s.account_id', '=', accountId)
          .where('r.stripe_refund_id', 'in', ids)
          .execute();
        for (const row of refunds) if (row.stripe_refund_id) result.set(row.stripe_refund_id, row.id);
      }
      return result;
    },

    async staffNames(accountId) {
      const rows = await db
        .selectFrom('staff')
        .select(['id', 'display_name'])
        .where('account_id', '=', accountId)
        .execute();
      const byName = sortedBy(rows, (a, b) => compareNames(a.display_name, b.display_name));
      return new Map(byName.map((row) => [row.id, row.display_name]));
    },
  };
}
