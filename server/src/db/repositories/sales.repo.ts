/**
 * Sales and their lines: one row per sale (totals, status, the PaymentIntent, the card that paid) and
 * its ordered lines. Writes that touch both tables are the caller's transaction (`db.transaction`).
 *
 * A sale's lines are written once, with the sale, and never change (nothing updates or deletes
 * sale_lines), so the lines of recently used sales are kept in memory: a checkout reads its sale a dozen
 * times (scoping, locking, settling, webhooks) and each read was two statements.
 */
import type { SaleStatus } from '@countertop/shared';
import { type Selectable, sql, type Updateable } from 'kysely';
import type { CardDetails } from '../../stripe/payments.port.ts';
import type { Queryable, SaleLinesTable, SalesTable } from '../schema.ts';
import type { CaptureMethod } from './accounts.repo.ts';
import { atomically } from './atomically.ts';
import type { RepositoryContext } from './index.ts';

export interface SaleLineRecord {
  position: number;
  productId: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  amountMinor: number;
}

export interface SaleErrorRecord {
  code: string;
  declineCode: string | null;
  message: string;
}

export interface SaleRecord {
  id: string;
  accountId: string;
  locationId: string;
  registerId: string;
  staffId: string;
  clientSaleId: string;
  status: SaleStatus;
  currency: string;
  description: string | null;
  captureMethod: CaptureMethod;
  subtotalMinor: number;
  taxMinor: number;
  tipMinor: number;
  totalMinor: number;
  applicationFeeMinor: number;
  paymentIntentId: string | null;
  readerId: string | null;
  chargeId: string | null;
  card: { brand: string; last4: string; readMethod: string | null } | null;
  cardDetails: CardDetails | null;
  lastError: SaleErrorRecord | null;
  createdAtMs: number;
  updatedAtMs: number;
  capturedAtMs: number | null;
  lines: SaleLineRecord[];
}

export type NewSale = Omit<
  SaleRecord,
  | 'updatedAtMs'
  | 'capturedAtMs'
  | 'paymentIntentId'
  | 'readerId'
  | 'chargeId'
  | 'card'
  | 'cardDetails'
  | 'lastError'
>;

/** The columns a settlement or status change may rewrite. */
export type SaleStatePatch = Partial<
  Pick<
    SaleRecord,
    | 'status'
    | 'tipMinor'
    | 'totalMinor'
    | 'applicationFeeMinor'
    | 'paymentIntentId'
    | 'readerId'
    | 'chargeId'
    | 'card'
    | 'cardDetails'
    | 'lastError'
    | 'capturedAtMs'
  >
>;

type SaleRow = Selectable<SalesTable>;
type LineRow = Selectable<SaleLinesTable>;

/** Statuses of a sale that still needs the cashier (resume after a reload). */
export const IN_FLIGHT_STATUSES: readonly SaleStatus[] = [
  'open',
  'awaiting_payment',
  'processing',
  'requires_capture',
  'payment_failed',
];

function toSale(row: SaleRow, lines: LineRow[]): SaleRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    locationId: row.location_id,
    registerId: row.register_id,
    staffId: row.staff_id,
    clientSaleId: row.client_sale_id,
    status: row.status,
    currency: row.currency,
    description: row.description,
    captureMethod: row.capture_method,
    subtotalMinor: row.subtotal_minor,
    taxMinor: row.tax_minor,
    tipMinor: row.tip_minor,
    totalMinor: row.total_minor,
    applicationFeeMinor: row.application_fee_minor,
    paymentIntentId: row.payment_intent_id,
    readerId: row.reader_id,
    chargeId: row.charge_id,
    card:
      row.card_brand && row.card_last4
        ? { brand: row.card_brand, last4: row.card_last4, readMethod: row.read_method }
        : null,
    cardDetails: row.card_details_json ? (JSON.parse(row.card_details_json) as CardDetails) : null,
    lastError: row.last_error_code
      ? {
          code: row.last_error_code,
          declineCode: row.last_decline_code,
          message: row.last_error_message ?? '',
        }
      : null,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
    capturedAtMs: row.captured_at_ms,
    lines: lines.map((line) => ({
      position: line.position,
      productId: line.product_id,
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unit_price_minor,
      amountMinor: line.amount_minor,
    })),
  };
}

/** How many sales' lines are kept in memory (a few minutes of checkouts at every register). */
const LINES_CACHE_SIZE = 4096;

/** The columns each patch field is stored in (fields in a fixed order, so statements are reused). */
const PATCH_COLUMNS: Readonly<Record<keyof SaleStatePatch, readonly (keyof SalesTable)[]>> = {
  status: ['status'],
  tipMinor: ['tip_minor'],
  totalMinor: ['total_minor'],
  applicationFeeMinor: ['application_fee_minor'],
  paymentIntentId: ['payment_intent_id'],
  readerId: ['reader_id'],
  chargeId: ['charge_id'],
  card: ['card_brand', 'card_last4', 'read_method'],
  cardDetails: ['card_details_json'],
  lastError: ['last_error_code', 'last_decline_code', 'last_error_message'],
  capturedAtMs: ['captured_at_ms'],
};
const PATCH_FIELDS = Object.keys(PATCH_COLUMNS) as (keyof SaleStatePatch)[];

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function patchValues(field: keyof SaleStatePatch, patch: SaleStatePatch): Updateable<SalesTable> {
  switch (field) {
    case 'card':
      return {
        card_brand: patch.card?.brand ?? null,
        card_last4: patch.card?.last4 ?? null,
        read_method: patch.card?.readMethod ?? null,
      };
    case 'cardDetails':
      return { card_details_json: patch.cardDetails ? JSON.stringify(patch.cardDetails) : null };
    case 'lastError':
      return {
        last_error_code: patch.lastError?.code ?? null,
        last_decline_code: patch.lastError?.declineCode ?? null,
        last_error_message: patch.lastError?.message ?? null,
      };
    default:
      return { [PATCH_COLUMNS[field][0]!]: patch[field] };
  }
}

export interface SalesRepo {
  /**
   * Inserts the sale and its lines (atomically) and returns it as stored; null, writing nothing, when the
   * register already has a sale with this clientSaleId (a concurrent replay won the race).
   */
  insert(sale: NewSale): Promise<SaleRecord | null>;
  findById(id: string): Promise<SaleRecord | undefined>;
  findByClientSaleId(registerId: string, clientSaleId: string): Promise<SaleRecord | undefined>;
  findByPaymentIntentId(paymentIntentId: string): Promise<SaleRecord | undefined>;
  /** The register's most recent unfinished sale, if any. */
  findInFlight(registerId: string): Promise<SaleRecord | undefined>;
  /** Newest first; `staffId` narrows to one staff member's sales. */
  listByRegisterSince(
    registerId: string,
    sinceMs: number,
    options?: { staffId?: string; limit?: number },
  ): Promise<SaleRecord[]>;
  recordReceiptSent(saleId: string, email: string, nowMs: number): Promise<void>;
  countReceiptsSent(saleId: string): Promise<number>;
  /** Rewrites the patched columns (and updated_at_ms); returns the stored sale. */
  update(id: string, patch: SaleStatePatch, nowMs: number): Promise<SaleRecord>;
  /**
   * Inside a transaction: holds the sale's row until the transaction ends, so a check that reads the sale
   * and its refunds, then writes, cannot interleave with another such check (PostgreSQL `FOR UPDATE`;
   * on SQLite the one connection already runs one transaction at a time).
   */
  lockForUpdate(id: string): Promise<void>;
}

/**
 * Lines by sale id, oldest first (a Map keeps insertion order). Sale lines never change once written, so
 * an entry is never stale; shared by every transaction of one database.
 */
export type SaleLinesCache = Map<string, LineRow[]>;

export function createSalesRepo(db: Queryable, context: RepositoryContext): SalesRepo {
  const linesCache = context.saleLines;
  const cacheLines = (saleId: string, lines: LineRow[]): LineRow[] => {
    if (linesCache.size >= LINES_CACHE_SIZE) {
      const oldest = linesCache.keys().next().value;
      if (oldest !== undefined) linesCache.delete(oldest);
    }
    linesCache.set(saleId, lines);
    return lines;
  };
  const linesOfSale = async (saleId: string): Promise<LineRow[]> =>
    linesCache.get(saleId) ??
    cacheLines(
      saleId,
      await db
        .selectFrom('sale_lines')
        .selectAll()
        .where('sale_id', '=', saleId)
        .orderBy('position')
        .execute(),
    );
  const hydrate = async (row: SaleRow | undefined): Promise<SaleRecord | undefined> =>
    row ? toSale(row, await linesOfSale(row.id)) : undefined;
  const selectSales = () => db.selectFrom('sales').selectAll();

  return {
    async insert(sale) {
      if (!db.isTransaction) return atomically(db, (tx) => createSalesRepo(tx, context).insert(sale));
      const inserted = await db
        .insertInto('sales')
        .values({
          id: sale.id,
          account_id: sale.accountId,
          location_id: sale.locationId,
          register_id: sale.registerId,
          staff_id: sale.staffId,
          client_sale_id: sale.clientSaleId,
          status: sale.status,
          currency: sale.currency,
          description: sale.description,
          capture_method: sale.captureMethod,
          subtotal_minor: sale.subtotalMinor,
          tax_minor: sale.taxMinor,
          tip_minor: sale.tipMinor,
          total_minor: sale.totalMinor,
          application_fee_minor: sale.applicationFeeMinor,
          created_at_ms: sale.createdAtMs,
          updated_at_ms: sale.createdAtMs,
        })
        .onConflict((oc) => oc.columns(['register_id', 'client_sale_id']).doNothing())
        .executeTakeFirst()
        .then((result) => result.numInsertedOrUpdatedRows ?? 0n);
      if (inserted === 0n) return null;
      if (sale.lines.length > 0) {
        await db
          .insertInto('sale_lines')
          .values(
            sale.lines.map((line) => ({
              sale_id: sale.id,
              position: line.position,
              product_id: line.productId,
              description: line.description,
              quantity: line.quantity,
              unit_price_minor: line.unitPriceMinor,
              amount_minor: line.amountMinor,
            })),
          )
          .execute();
      }
      // What the INSERTs stored (no read-back): the row's other columns start out NULL.
      const lines = [...sale.lines].sort((a, b) => a.position - b.position).map((line) => ({ ...line }));
      return {
        ...sale,
        lines,
        updatedAtMs: sale.createdAtMs,
        capturedAtMs: null,
        paymentIntentId: null,
        readerId: null,
        chargeId: null,
        card: null,
        cardDetails: null,
        lastError: null,
      };
    },
    async findById(id) {
      return hydrate(await selectSales().where('id', '=', id).executeTakeFirst());
    },
    async findByClientSaleId(registerId, clientSaleId) {
      return hydrate(
        await selectSales()
          .where('register_id', '=', registerId)
          .where('client_sale_id', '=', clientSaleId)
          .executeTakeFirst(),
      );
    },
    async findByPaymentIntentId(paymentIntentId) {
      return hydrate(await selectSales().where('payment_intent_id', '=', paymentIntentId).executeTakeFirst());
    },
    async findInFlight(registerId) {
      // Served by the partial index `sales_register_in_flight`, whose WHERE lists IN_FLIGHT_STATUSES.
      const row = await selectSales()
        .where('register_id', '=', registerId)
        .where(
          'status',
          'in',
          IN_FLIGHT_STATUSES.map((status) => sql.lit(status)),
        )
        .orderBy('created_at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return hydrate(row);
    },
    async listByRegisterSince(registerId, sinceMs, options = {}) {
      let query = selectSales().where('register_id', '=', registerId);
      if (options.staffId) query = query.where('staff_id', '=', options.staffId);
      const rows = await query
        .where('created_at_ms', '>=', sinceMs)
        .orderBy('created_at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit ?? 200)
        .execute();
      return Promise.all(rows.map(async (row) => toSale(row, await linesOfSale(row.id))));
    },
    async recordReceiptSent(saleId, email, nowMs) {
      await db.insertInto('receipts_sent').values({ sale_id: saleId, email, sent_at_ms: nowMs }).execute();
    },
    async countReceiptsSent(saleId) {
      const row = await db
        .selectFrom('receipts_sent')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sale_id', '=', saleId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async lockForUpdate(id) {
      if (context.dialect === 'postgres') {
        await db.selectFrom('sales').select('id').where('id', '=', id).forUpdate().execute();
      }
    },
    async update(id, patch, nowMs) {
      const current = await hydrate(await selectSales().where('id', '=', id).executeTakeFirst());
      if (!current) throw new Error(`No sale ${id}`);
      // Only the columns whose value changes are written: unchanged ones would still cost index updates
      // (sales carries many report indexes).
      const fields = PATCH_FIELDS.filter(
        (field) => patch[field] !== undefined && !sameValue(patch[field], current[field]),
      );
      const next: SaleRecord = { ...current, updatedAtMs: nowMs };
      const values: Updateable<SalesTable> = { updated_at_ms: nowMs };
      for (const field of fields) {
        Object.assign(next, { [field]: patch[field] });
        Object.assign(values, patchValues(field, patch));
      }
      await db.updateTable('sales').set(values).where('id', '=', id).execute();
      return next;
    },
  };
}
