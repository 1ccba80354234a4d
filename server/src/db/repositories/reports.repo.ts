/**
 * Merchant reporting queries over `sales` and `sale_lines` (the refund journal is refunds.repo.ts).
 *
 * - Window reads (a day, a range) take an account, the locations in scope and half-open UTC bounds, and
 *   load the lines of all those sales in one query (no per-sale round trips). Card parts (the card tenders
 *   of sales paid by tenders) are read apart: they are payments, not sales.
 * - The sales list is keyset-paginated by (created_at_ms, id), newest first, filtered by status, staff,
 *   card last4 or exact total; 0004's indexes `(account_id, <filter>, created_at_ms, id)` serve each.
 */
import type { SaleStatus } from '@countertop/shared';
import type { Selectable } from 'kysely';
import type { Queryable, SaleLinesTable, SalesTable } from '../schema.ts';
import { compareNames, sortedBy } from './ordering.ts';
import type { AppliedDiscountRecord, SaleLineModifierRecord } from './sales.repo.ts';

export interface ReportSaleLine {
  productId: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  amountMinor: number;
  variantId: string | null;
  modifiers: SaleLineModifierRecord[];
  /** Its own discount plus its share of the sale's. */
  discountMinor: number;
  lineDiscount: AppliedDiscountRecord | null;
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
  /** `card_part`: one card tender of `parentSaleId` (never counted as a sale of its own). */
  kind: 'sale' | 'card_part';
  parentSaleId: string | null;
  discountMinor: number;
  taxIncluded: boolean;
  receiptNumber: string | null;
  capturedAtMs: number | null;
  saleDiscount: AppliedDiscountRecord | null;
}

export interface ReportsRepo {
  /**
   * Every sale of the locations created in `[startMs, endMs)`, with lines, oldest first. Card parts (the
   * card tenders of sales paid by tenders) are not sales: see `cardPartsOf` and `cardPaymentsInWindow`.
   */
  salesInWindow(
    accountId: string,
    locationIds: readonly string[],
    startMs: number,
    endMs: number,
  ): Promise<ReportSale[]>;
  /** The register's sales (not card parts) created in `[startMs, endMs)`, with lines, oldest first. */
  salesOfRegister(registerId: string, startMs: number, endMs: number): Promise<ReportSale[]>;
  /** The card parts of these sales, by sale. */
  cardPartsOf(saleIds: readonly string[]): Promise<Map<string, ReportSale[]>>;
  /**
   * The card payments of the locations created in `[startMs, endMs)`: sales paid directly by card and card
   * parts (what Stripe has charges for), oldest first.
   */
  cardPaymentsInWindow(
    accountId: string,
    locationIds: readonly string[],
    startMs: number,
    endMs: number,
  ): Promise<ReportSale[]>;
  findSale(saleId: string): Promise<ReportSale | undefined>;
  /** One page of the sales list, newest first; `hasMore` when another page follows. */
  searchSales(search: SalesSearch): Promise<{ sales: ReportSale[]; hasMore: boolean }>;
  /** Authorised but not captured sales of the locations, oldest first. */
  uncapturedSales(accountId: string, locationIds: readonly string[]): Promise<ReportSale[]>;
  /** Captured sales with a charge but no Stripe fee recorded yet, created in `[startMs, endMs)`. */
  salesMissingStripeFee(accountId: string, startMs: number, endMs: number): Promise<ReportSale[]>;
  /** Records Stripe's processing fee of a sale's charge (from its balance transaction). */
  recordStripeFee(saleId: string, stripeFeeMinor: number, balanceTransactionId: string): Promise<void>;
  /**
   * Accounts with captured sales created since `sinceMs` whose Stripe processing fee is not recorded yet,
   * with the span of those sales (served by the partial index sales_stripe_fee_missing).
   */
  accountsMissingStripeFees(sinceMs: number): Promise<{ accountId: string; fromMs: number; toMs: number }[]>;
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
  | 'sale_id'
  | 'product_id'
  | 'description'
  | 'quantity'
  | 'unit_price_minor'
  | 'amount_minor'
  | 'variant_id'
  | 'modifiers_json'
  | 'discount_minor'
  | 'line_discount_json'
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
  's.kind',
  's.parent_sale_id',
  's.discount_minor',
  's.tax_included',
  's.receipt_number',
  's.captured_at_ms',
  's.sale_discount_json',
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
  | 'kind'
  | 'parent_sale_id'
  | 'discount_minor'
  | 'tax_included'
  | 'receipt_number'
  | 'captured_at_ms'
  | 'sale_discount_json'
>;

/** Ids per IN list: well under every backend's limit on bound parameters. */
const IN_LIST_CHUNK = 5_000;

export function chunks<T>(items: readonly T[]): T[][] {
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
    kind: row.kind,
    parentSaleId: row.parent_sale_id,
    discountMinor: row.discount_minor,
    taxIncluded: row.tax_included === 1,
    receiptNumber: row.receipt_number,
    capturedAtMs: row.captured_at_ms,
    saleDiscount:
      row.sale_discount_json === null ? null : (JSON.parse(row.sale_discount_json) as AppliedDiscountRecord),
  };
}

function toLine(row: LineRow): ReportSaleLine {
  return {
    productId: row.product_id,
    description: row.description,
    quantity: row.quantity,
    unitPriceMinor: row.unit_price_minor,
    amountMinor: row.amount_minor,
    variantId: row.variant_id,
    modifiers: JSON.parse(row.modifiers_json) as SaleLineModifierRecord[],
    discountMinor: row.discount_minor,
    lineDiscount:
      row.line_discount_json === null ? null : (JSON.parse(row.line_discount_json) as AppliedDiscountRecord),
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

  const loadLines = async (saleIds: readonly string[]): Promise<Map<string, ReportSaleLine[]>> => {
    const bySale = new Map<string, ReportSaleLine[]>();
    for (const ids of chunks(saleIds)) {
      const rows: LineRow[] = await db
        .selectFrom('sale_lines')
        .select([
          'sale_id',
          'product_id',
          'description',
          'quantity',
          'unit_price_minor',
          'amount_minor',
          'variant_id',
          'modifiers_json',
          'discount_minor',
          'line_discount_json',
        ])
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

  return {
    async salesInWindow(accountId, locationIds, startMs, endMs) {
      if (locationIds.length === 0) return [];
      const rows = await selectSales()
        .where('s.account_id', '=', accountId)
        .where('s.created_at_ms', '>=', startMs)
        .where('s.created_at_ms', '<', endMs)
        .where('s.location_id', 'in', locationIds)
        .where('s.kind', '=', 'sale')
        .orderBy('s.created_at_ms')
        .orderBy('s.id')
        .execute();
      return hydrate(rows);
    },

    async cardPaymentsInWindow(accountId, locationIds, startMs, endMs) {
      if (locationIds.length === 0) return [];
      const rows = await selectSales()
        .where('s.account_id', '=', accountId)
        .where('s.created_at_ms', '>=', startMs)
        .where('s.created_at_ms', '<', endMs)
        .where('s.location_id', 'in', locationIds)
        .where((eb) => eb.or([eb('s.kind', '=', 'card_part'), eb('s.payment_intent_id', 'is not', null)]))
        .orderBy('s.created_at_ms')
        .orderBy('s.id')
        .execute();
      return rows.map((row) => toSale(row, []));
    },

    async salesOfRegister(registerId, startMs, endMs) {
      const rows = await selectSales()
        .where('s.register_id', '=', registerId)
        .where('s.created_at_ms', '>=', startMs)
        .where('s.created_at_ms', '<', endMs)
        .where('s.kind', '=', 'sale')
        .orderBy('s.created_at_ms')
        .orderBy('s.id')
        .execute();
      return hydrate(rows);
    },

    async cardPartsOf(saleIds) {
      const result = new Map<string, ReportSale[]>();
      for (const ids of chunks(saleIds)) {
        const rows = await selectSales()
          .where('s.parent_sale_id', 'in', ids)
          .orderBy('s.created_at_ms')
          .orderBy('s.id')
          .execute();
        for (const row of rows) {
          const parent = row.parent_sale_id;
          if (parent === null) continue;
          const list = result.get(parent);
          if (list) list.push(toSale(row, []));
          else result.set(parent, [toSale(row, [])]);
        }
      }
      return result;
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
      query = query.where('s.kind', '=', 'sale');
      if (search.status !== undefined) query = query.where('s.status', '=', search.status);
      if (search.staffId !== undefined) query = query.where('s.staff_id', '=', search.staffId);
      const last4 = search.last4;
      if (last4 !== undefined) {
        // The sale's own card, or the card of one of its card parts.
        query = query.where((eb) =>
          eb.or([
            eb('s.card_last4', '=', last4),
            eb.exists(
              eb
                .selectFrom('sales as part')
                .select('part.id')
                .whereRef('part.parent_sale_id', '=', 's.id')
                .where('part.card_last4', '=', last4),
            ),
          ]),
        );
      }
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

    async saleIdsOfStripeObjects(accountId, stripeIds) {
      const result = new Map<string, string>();
      for (const ids of chunks(stripeIds)) {
        const charges = await db
          .selectFrom('sales')
          .select((eb) => ['charge_id', eb.fn.coalesce('parent_sale_id', 'id').as('id')])
          .where('account_id', '=', accountId)
          .where('charge_id', 'in', ids)
          .execute();
        for (const row of charges) if (row.charge_id) result.set(row.charge_id, row.id);
        const refunds = await db
          .selectFrom('refunds as r')
          .innerJoin('sales as s', 's.id', 'r.sale_id')
          .select((eb) => ['r.stripe_refund_id', eb.fn.coalesce('s.parent_sale_id', 's.id').as('id')])
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
