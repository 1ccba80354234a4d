/**
 * Merchant reporting queries and the refund journal, over `sales`, `sale_lines` and `refunds`.
 *
 * - Window reads (a day, a range) take an account, the locations in scope and half-open UTC bounds, and
 *   load the lines of all those sales in one query (no per-sale round trips).
 * - Refunds of a window are read through `refunds.location_id` (copied from the sale by 0006's trigger), so
 *   a merchant's day never walks the whole platform's refunds of that day.
 * - The sales list is keyset-paginated by (created_at_ms, id), newest first, filtered by status, staff,
 *   card last4 or exact total; 0004's indexes `(account_id, <filter>, created_at_ms, id)` serve each.
 * - The refund journal: a row is written (status `pending`) BEFORE the Stripe call, so a crash leaves a
 *   trace that a retry with the same `refund_key` resolves with the same idempotency key.
 */
import type { SaleStatus } from '@countertop/shared';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';

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
  amountMinor: number;
  reason: string;
  requestedByStaffId: string | null;
  requestedByUserId: string | null;
  requestedByLabel: string;
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

interface SaleRow {
  id: string;
  account_id: string;
  location_id: string;
  staff_id: string;
  status: SaleStatus;
  currency: string;
  subtotal_minor: number;
  tax_minor: number;
  tip_minor: number;
  total_minor: number;
  application_fee_minor: number;
  stripe_fee_minor: number | null;
  balance_transaction_id: string | null;
  payment_intent_id: string | null;
  charge_id: string | null;
  card_brand: string | null;
  card_last4: string | null;
  read_method: string | null;
  created_at_ms: number;
}

interface LineRow {
  sale_id: string;
  product_id: string | null;
  description: string;
  quantity: number;
  unit_price_minor: number;
  amount_minor: number;
}

interface RefundRow {
  id: string;
  sale_id: string;
  refund_key: string | null;
  stripe_refund_id: string | null;
  amount_minor: number;
  application_fee_refunded_minor: number;
  reason: string | null;
  status: JournalRefundStatus;
  requested_by_staff_id: string | null;
  requested_by_user_id: string | null;
  requested_by_label: string | null;
  failure_message: string | null;
  created_at_ms: number;
  location_id: string;
  account_id: string;
  currency: string;
}

const SALE_COLUMNS = `s.id, s.account_id, s.location_id, s.staff_id, s.status, s.currency, s.subtotal_minor,
  s.tax_minor, s.tip_minor, s.total_minor, s.application_fee_minor, s.stripe_fee_minor, s.balance_transaction_id,
  s.payment_intent_id, s.charge_id, s.card_brand, s.card_last4, s.read_method, s.created_at_ms`;

const REFUND_COLUMNS = `r.id, r.sale_id, r.refund_key, r.stripe_refund_id, r.amount_minor,
  r.application_fee_refunded_minor, r.reason, r.status, r.requested_by_staff_id, r.requested_by_user_id,
  r.requested_by_label, r.failure_message, r.created_at_ms, s.location_id, s.account_id, s.currency`;

const REFUND_SELECT = `SELECT ${REFUND_COLUMNS} FROM refunds r JOIN sales s ON s.id = r.sale_id`;

/** A scope's refunds of a window: through (location_id, created_at_ms), never the platform's whole window. */
const REFUND_SELECT_BY_LOCATION = `SELECT ${REFUND_COLUMNS}
  FROM refunds r INDEXED BY refunds_location_created JOIN sales s ON s.id = r.sale_id`;

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
    stripeRefundId: row.stripe_refund_id,
    amountMinor: row.amount_minor,
    applicationFeeRefundedMinor: row.application_fee_refunded_minor,
    reason: row.reason,
    status: row.status,
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

export function createReportsRepo(db: Db) {
  const statements = new Map<string, Statement<unknown[], unknown>>();
  const prepare = (sql: string): Statement<unknown[], unknown> => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare<unknown[], unknown>(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const loadLines = (saleIds: readonly string[]): Map<string, ReportSaleLine[]> => {
    const bySale = new Map<string, ReportSaleLine[]>();
    if (saleIds.length === 0) return bySale;
    const rows = prepare(
      `SELECT sale_id, product_id, description, quantity, unit_price_minor, amount_minor FROM sale_lines
       WHERE sale_id IN (SELECT value FROM json_each(?)) ORDER BY sale_id, position`,
    ).all(JSON.stringify(saleIds)) as LineRow[];
    for (const row of rows) {
      const lines = bySale.get(row.sale_id);
      if (lines === undefined) bySale.set(row.sale_id, [toLine(row)]);
      else lines.push(toLine(row));
    }
    return bySale;
  };
  const hydrate = (rows: SaleRow[]): ReportSale[] => {
    const lines = loadLines(rows.map((row) => row.id));
    return rows.map((row) => toSale(row, lines.get(row.id) ?? []));
  };

  return {
    /** Every sale of the locations created in `[startMs, endMs)`, with lines, oldest first. */
    salesInWindow(accountId: string, locationIds: readonly string[], startMs: number, endMs: number) {
      const rows = prepare(
        `SELECT ${SALE_COLUMNS} FROM sales s
         WHERE s.account_id = ? AND s.created_at_ms >= ? AND s.created_at_ms < ?
           AND s.location_id IN (SELECT value FROM json_each(?))
         ORDER BY s.created_at_ms, s.id`,
      ).all(accountId, startMs, endMs, JSON.stringify(locationIds)) as SaleRow[];
      return hydrate(rows);
    },

    /** Refunds (any status) made in `[startMs, endMs)` of sales at the locations, oldest first. */
    refundsInWindow(accountId: string, locationIds: readonly string[], startMs: number, endMs: number) {
      // Through refunds_location_created (0006): the scope's refunds only, not the platform's in the window.
      const rows = prepare(
        `${REFUND_SELECT_BY_LOCATION}
         WHERE r.location_id IN (SELECT value FROM json_each(?)) AND r.created_at_ms >= ? AND r.created_at_ms < ?
           AND s.account_id = ? AND s.location_id = r.location_id
         ORDER BY r.created_at_ms, r.id`,
      ).all(JSON.stringify(locationIds), startMs, endMs, accountId) as RefundRow[];
      return rows.map(toRefund);
    },

    /** Every refund of these sales, all time. */
    refundsOfSales(saleIds: readonly string[]): JournalRefund[] {
      if (saleIds.length === 0) return [];
      const rows = prepare(
        `${REFUND_SELECT} WHERE r.sale_id IN (SELECT value FROM json_each(?)) ORDER BY r.created_at_ms, r.id`,
      ).all(JSON.stringify(saleIds)) as RefundRow[];
      return rows.map(toRefund);
    },

    findSale(saleId: string): ReportSale | undefined {
      const row = prepare(`SELECT ${SALE_COLUMNS} FROM sales s WHERE s.id = ?`).get(saleId) as
        | SaleRow
        | undefined;
      return row ? hydrate([row])[0] : undefined;
    },

    /** One page of the sales list, newest first; `hasMore` when another page follows. */
    searchSales(search: SalesSearch): { sales: ReportSale[]; hasMore: boolean } {
      const where = [
        's.account_id = @accountId',
        's.created_at_ms >= @startMs',
        's.created_at_ms < @endMs',
        's.location_id IN (SELECT value FROM json_each(@locationIds))',
      ];
      const params: Record<string, string | number> = {
        accountId: search.accountId,
        startMs: search.startMs,
        endMs: search.endMs,
        locationIds: JSON.stringify(search.locationIds),
        limit: search.limit + 1,
      };
      if (search.status !== undefined) {
        where.push('s.status = @status');
        params.status = search.status;
      }
      if (search.staffId !== undefined) {
        where.push('s.staff_id = @staffId');
        params.staffId = search.staffId;
      }
      if (search.last4 !== undefined) {
        where.push('s.card_last4 = @last4');
        params.last4 = search.last4;
      }
      if (search.amountMinor !== undefined) {
        where.push('s.total_minor = @amountMinor');
        params.amountMinor = search.amountMinor;
      }
      if (search.after !== undefined) {
        where.push('(s.created_at_ms < @afterMs OR (s.created_at_ms = @afterMs AND s.id < @afterId))');
        params.afterMs = search.after.createdAtMs;
        params.afterId = search.after.id;
      }
      const rows = prepare(
        `SELECT ${SALE_COLUMNS} FROM sales s WHERE ${where.join(' AND ')}
         ORDER BY s.created_at_ms DESC, s.id DESC LIMIT @limit`,
      ).all(params) as SaleRow[];
      const hasMore = rows.length > search.limit;
      return { sales: hydrate(rows.slice(0, search.limit)), hasMore };
    },

    /** Σ counted (pending or succeeded) refunds per sale. */
    refundedTotals(saleIds: readonly string[]): Map<string, number> {
      const totals = new Map<string, number>();
      if (saleIds.length === 0) return totals;
      const rows = prepare(
        `SELECT sale_id, SUM(amount_minor) AS total FROM refunds
         WHERE sale_id IN (SELECT value FROM json_each(?)) AND status IN ('pending', 'succeeded')
         GROUP BY sale_id`,
      ).all(JSON.stringify(saleIds)) as { sale_id: string; total: number }[];
      for (const row of rows) totals.set(row.sale_id, row.total);
      return totals;
    },

    /** Authorised but not captured sales of the locations, oldest first. */
    uncapturedSales(accountId: string, locationIds: readonly string[]): ReportSale[] {
      const rows = prepare(
        `SELECT ${SALE_COLUMNS} FROM sales s
         WHERE s.account_id = ? AND s.status = 'requires_capture'
           AND s.location_id IN (SELECT value FROM json_each(?))
         ORDER BY s.created_at_ms, s.id`,
      ).all(accountId, JSON.stringify(locationIds)) as SaleRow[];
      return hydrate(rows);
    },

    /** Captured sales with a charge but no Stripe fee recorded yet, created in `[startMs, endMs)`. */
    salesMissingStripeFee(accountId: string, startMs: number, endMs: number): ReportSale[] {
      const rows = prepare(
        `SELECT ${SALE_COLUMNS} FROM sales s INDEXED BY sales_stripe_fee_missing
         WHERE s.account_id = ? AND s.created_at_ms >= ? AND s.created_at_ms < ?
           AND s.stripe_fee_minor IS NULL AND s.charge_id IS NOT NULL
           AND s.status IN ('succeeded', 'partially_refunded', 'refunded')`,
      ).all(accountId, startMs, endMs) as SaleRow[];
      return rows.map((row) => toSale(row, []));
    },

    /** Records Stripe's processing fee of a sale's charge (from its balance transaction). */
    recordStripeFee(saleId: string, stripeFeeMinor: number, balanceTransactionId: string): void {
      prepare('UPDATE sales SET stripe_fee_minor = ?, balance_transaction_id = ? WHERE id = ?').run(
        stripeFeeMinor,
        balanceTransactionId,
        saleId,
      );
    },

    findRefund(id: string): JournalRefund | undefined {
      const row = prepare(`${REFUND_SELECT} WHERE r.id = ?`).get(id) as RefundRow | undefined;
      return row ? toRefund(row) : undefined;
    },

    findRefundByKey(refundKey: string): JournalRefund | undefined {
      const row = prepare(`${REFUND_SELECT} WHERE r.refund_key = ?`).get(refundKey) as RefundRow | undefined;
      return row ? toRefund(row) : undefined;
    },

    /** Journals a refund (status `pending`) before its Stripe call. */
    insertRefund(refund: NewJournalRefund, nowMs: number): JournalRefund {
      prepare(
        `INSERT INTO refunds (id, sale_id, refund_key, amount_minor, reason, status, requested_by_staff_id,
           requested_by_user_id, requested_by_label, created_at_ms, updated_at_ms)
         VALUES (@id, @saleId, @refundKey, @amountMinor, @reason, 'pending', @requestedByStaffId,
           @requestedByUserId, @requestedByLabel, @nowMs, @nowMs)`,
      ).run({ ...refund, nowMs });
      const stored = this.findRefund(refund.id);
      if (!stored) throw new Error(`refund ${refund.id} was not stored`);
      return stored;
    },

    updateRefund(
      id: string,
      patch: {
        status: JournalRefundStatus;
        stripeRefundId?: string | null;
        applicationFeeRefundedMinor?: number;
        failureMessage?: string | null;
      },
      nowMs: number,
    ): JournalRefund {
      const current = this.findRefund(id);
      if (!current) throw new Error(`No refund ${id}`);
      prepare(
        `UPDATE refunds SET status = ?, stripe_refund_id = ?, application_fee_refunded_minor = ?,
           failure_message = ?, updated_at_ms = ? WHERE id = ?`,
      ).run(
        patch.status,
        patch.stripeRefundId === undefined ? current.stripeRefundId : patch.stripeRefundId,
        patch.applicationFeeRefundedMinor ?? current.applicationFeeRefundedMinor,
        patch.failureMessage === undefined ? current.failureMessage : patch.failureMessage,
        nowMs,
        id,
      );
      return this.findRefund(id) as JournalRefund;
    },

    /** The platform's policy: do refunds return the application fee? (default yes) */
    refundsReturnApplicationFee(): boolean {
      const row = prepare(
        'SELECT refund_application_fee AS value FROM platform_settings WHERE id = 1',
      ).get() as { value: number } | undefined;
      return row === undefined ? true : row.value === 1;
    },

    setRefundsReturnApplicationFee(value: boolean): void {
      prepare('UPDATE platform_settings SET refund_application_fee = ? WHERE id = 1').run(value ? 1 : 0);
    },

    /** Our sale of each Stripe charge (`ch_…`) or refund (`re_…`) id given, for this account. */
    saleIdsOfStripeObjects(accountId: string, stripeIds: readonly string[]): Map<string, string> {
      if (stripeIds.length === 0) return new Map();
      const ids = JSON.stringify(stripeIds);
      const rows = prepare(
        `SELECT s.charge_id AS stripe_id, s.id AS sale_id FROM sales s
           WHERE s.account_id = ? AND s.charge_id IN (SELECT value FROM json_each(?))
         UNION ALL
         SELECT r.stripe_refund_id AS stripe_id, s.id AS sale_id FROM refunds r JOIN sales s ON s.id = r.sale_id
           WHERE s.account_id = ? AND r.stripe_refund_id IN (SELECT value FROM json_each(?))`,
      ).all(accountId, ids, accountId, ids) as { stripe_id: string; sale_id: string }[];
      return new Map(rows.map((row) => [row.stripe_id, row.sale_id]));
    },

    /** Display names of the account's staff, by id. */
    staffNames(accountId: string): Map<string, string> {
      const rows = prepare(
        'SELECT id, display_name FROM staff WHERE account_id = ? ORDER BY display_name',
      ).all(accountId) as { id: string; display_name: string }[];
      return new Map(rows.map((row) => [row.id, row.display_name]));
    },

    /** Runs `work` in one SQLite transaction. */
    transaction<T>(work: () => T): T {
      return db.transaction(work)();
    },
  };
}

export type ReportsRepo = ReturnType<typeof createReportsRepo>;
