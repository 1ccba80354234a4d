/**
 * Sales and their lines: one row per sale (totals, status, the PaymentIntent, the card that paid) and
 * its ordered lines. Writes that touch both tables are the caller's transaction (`db.transaction`).
 *
 * A sale's lines are written once, with the sale, and never change (nothing updates or deletes
 * sale_lines), so the lines of recently used sales are kept in memory: a checkout reads its sale a dozen
 * times (scoping, locking, settling, webhooks) and each read was two statements.
 */
import type { SaleStatus } from '@countertop/shared';
import type { Statement } from 'better-sqlite3';
import type { CardDetails } from '../stripe/gateway.ts';
import type { CaptureMethod } from './accounts.repo.ts';
import type { Db } from './open.ts';

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

interface SaleRow {
  id: string;
  account_id: string;
  location_id: string;
  register_id: string;
  staff_id: string;
  client_sale_id: string;
  status: SaleStatus;
  currency: string;
  description: string | null;
  capture_method: CaptureMethod;
  subtotal_minor: number;
  tax_minor: number;
  tip_minor: number;
  total_minor: number;
  application_fee_minor: number;
  payment_intent_id: string | null;
  reader_id: string | null;
  charge_id: string | null;
  card_brand: string | null;
  card_last4: string | null;
  read_method: string | null;
  card_details_json: string | null;
  last_error_code: string | null;
  last_decline_code: string | null;
  last_error_message: string | null;
  created_at_ms: number;
  updated_at_ms: number;
  captured_at_ms: number | null;
}

interface LineRow {
  sale_id: string;
  position: number;
  product_id: string | null;
  description: string;
  quantity: number;
  unit_price_minor: number;
  amount_minor: number;
}

/** Statuses of a sale that still needs the cashier (resume after a reload). */
export const IN_FLIGHT_STATUSES: readonly SaleStatus[] = [
  'open',
  'awaiting_payment',
  'processing',
  'requires_capture',
  'payment_failed',
];

/** A register's newest unfinished sale; served by the partial index `sales_register_in_flight` (0007). */
export const IN_FLIGHT_SALE_SQL = `SELECT * FROM sales WHERE register_id = ?
  AND status IN (${IN_FLIGHT_STATUSES.map((status) => `'${status}'`).join(', ')})
  ORDER BY created_at_ms DESC, id DESC LIMIT 1`;

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
const PATCH_COLUMNS: Readonly<Record<keyof SaleStatePatch, readonly string[]>> = {
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

function patchValues(field: keyof SaleStatePatch, patch: SaleStatePatch): Record<string, unknown> {
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

export function createSalesRepo(db: Db) {
  const insertSale = db.prepare(
    `INSERT INTO sales (id, account_id, location_id, register_id, staff_id, client_sale_id, status, currency,
       description, capture_method, subtotal_minor, tax_minor, tip_minor, total_minor, application_fee_minor,
       created_at_ms, updated_at_ms)
     VALUES (@id, @accountId, @locationId, @registerId, @staffId, @clientSaleId, @status, @currency,
       @description, @captureMethod, @subtotalMinor, @taxMinor, @tipMinor, @totalMinor, @applicationFeeMinor,
       @createdAtMs, @createdAtMs)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO sale_lines (sale_id, position, product_id, description, quantity, unit_price_minor, amount_minor)
     VALUES (@saleId, @position, @productId, @description, @quantity, @unitPriceMinor, @amountMinor)`,
  );
  // UPDATE statements by the set of patched fields, prepared once each: a status change rewrites only its
  // own columns, so SQLite touches only the indexes over those columns (sales carries many report indexes).
  const updates = new Map<string, Statement>();
  const updateFor = (fields: readonly (keyof SaleStatePatch)[]): Statement => {
    const key = fields.join(',');
    let statement = updates.get(key);
    if (!statement) {
      // Column names come from PATCH_COLUMNS (constants); every value is bound (@column).
      const assignments = [...fields.flatMap((field) => PATCH_COLUMNS[field]), 'updated_at_ms'].map(
        (column) => `${column} = @${column}`,
      );
      statement = db.prepare(`UPDATE sales SET ${assignments.join(', ')} WHERE id = @id`);
      updates.set(key, statement);
    }
    return statement;
  };
  const byId = db.prepare<[string], SaleRow>('SELECT * FROM sales WHERE id = ?');
  const byClientSaleId = db.prepare<[string, string], SaleRow>(
    'SELECT * FROM sales WHERE register_id = ? AND client_sale_id = ?',
  );
  const byPaymentIntent = db.prepare<[string], SaleRow>('SELECT * FROM sales WHERE payment_intent_id = ?');
  const linesOf = db.prepare<[string], LineRow>(
    'SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY position',
  );
  const byRegisterSince = db.prepare<[string, number, number], SaleRow>(
    `SELECT * FROM sales WHERE register_id = ? AND created_at_ms >= ? ORDER BY created_at_ms DESC, id DESC LIMIT ?`,
  );
  const byRegisterStaffSince = db.prepare<[string, string, number, number], SaleRow>(
    `SELECT * FROM sales WHERE register_id = ? AND staff_id = ? AND created_at_ms >= ?
     ORDER BY created_at_ms DESC, id DESC LIMIT ?`,
  );
  const inFlight = db.prepare<[string], SaleRow>(IN_FLIGHT_SALE_SQL);

  const insertReceiptSent = db.prepare(
    'INSERT INTO receipts_sent (sale_id, email, sent_at_ms) VALUES (?, ?, ?)',
  );
  const countReceiptsSent = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM receipts_sent WHERE sale_id = ?',
  );

  // Lines by sale id, oldest first (a Map keeps insertion order); immutable rows, so never stale.
  const linesCache = new Map<string, LineRow[]>();
  const cacheLines = (saleId: string, lines: LineRow[]): LineRow[] => {
    if (linesCache.size >= LINES_CACHE_SIZE) {
      const oldest = linesCache.keys().next().value;
      if (oldest !== undefined) linesCache.delete(oldest);
    }
    linesCache.set(saleId, lines);
    return lines;
  };
  const linesOfSale = (saleId: string): LineRow[] =>
    linesCache.get(saleId) ?? cacheLines(saleId, linesOf.all(saleId));

  const hydrate = (row: SaleRow | undefined): SaleRecord | undefined =>
    row ? toSale(row, linesOfSale(row.id)) : undefined;

  return {
    /** Inserts the sale and its lines; call inside a transaction. Returns the sale as stored. */
    insert(sale: NewSale): SaleRecord {
      insertSale.run({ ...sale });
      for (const line of sale.lines) insertLine.run({ saleId: sale.id, ...line });
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
    findById(id: string): SaleRecord | undefined {
      return hydrate(byId.get(id));
    },
    findByClientSaleId(registerId: string, clientSaleId: string): SaleRecord | undefined {
      return hydrate(byClientSaleId.get(registerId, clientSaleId));
    },
    findByPaymentIntentId(paymentIntentId: string): SaleRecord | undefined {
      return hydrate(byPaymentIntent.get(paymentIntentId));
    },
    /** The register's most recent unfinished sale, if any. */
    findInFlight(registerId: string): SaleRecord | undefined {
      return hydrate(inFlight.get(registerId));
    },
    listByRegisterSince(
      registerId: string,
      sinceMs: number,
      options: { staffId?: string; limit?: number } = {},
    ) {
      const limit = options.limit ?? 200;
      const rows = options.staffId
        ? byRegisterStaffSince.all(registerId, options.staffId, sinceMs, limit)
        : byRegisterSince.all(registerId, sinceMs, limit);
      return rows.map((row) => toSale(row, linesOfSale(row.id)));
    },
    recordReceiptSent(saleId: string, email: string, nowMs: number): void {
      insertReceiptSent.run(saleId, email, nowMs);
    },
    countReceiptsSent(saleId: string): number {
      return countReceiptsSent.get(saleId)?.n ?? 0;
    },
    /** Rewrites the patched columns (and updated_at_ms); returns the stored sale. */
    update(id: string, patch: SaleStatePatch, nowMs: number): SaleRecord {
      const current = hydrate(byId.get(id));
      if (!current) throw new Error(`No sale ${id}`);
      // Only the columns whose value changes are written: unchanged ones would still cost index updates.
      const fields = PATCH_FIELDS.filter(
        (field) => patch[field] !== undefined && !sameValue(patch[field], current[field]),
      );
      const next: SaleRecord = { ...current, updatedAtMs: nowMs };
      const values: Record<string, unknown> = { id, updated_at_ms: nowMs };
      for (const field of fields) {
        Object.assign(next, { [field]: patch[field] });
        Object.assign(values, patchValues(field, patch));
      }
      updateFor(fields).run(values);
      return next;
    },
  };
}

export type SalesRepo = ReturnType<typeof createSalesRepo>;
