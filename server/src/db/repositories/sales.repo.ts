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
import { reusableQuery, reusableUpdateById } from '../reusable-query.ts';
import type { Queryable, SaleLinesTable, SalesTable } from '../schema.ts';
import { atomically } from './atomically.ts';
import type { RepositoryContext } from './index.ts';
import { createRegistersRepo } from './registers.repo.ts';
import { fullLine, type NewSale, type SaleRecord, type SaleStatePatch, toSale } from './sale-records.ts';

export type {
  AppliedDiscountRecord,
  NewSale,
  SaleErrorRecord,
  SaleLineModifierRecord,
  SaleLineRecord,
  SaleRecord,
  SaleStatePatch,
  SaleTaxRecord,
} from './sale-records.ts';

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
  /** The register's most recent unfinished sale (not a card part), if any. */
  findInFlight(registerId: string): Promise<SaleRecord | undefined>;
  /** The card parts of a sale paid by tenders, oldest first. */
  listCardParts(parentSaleId: string): Promise<SaleRecord[]>;
  findByReceiptNumber(accountId: string, receiptNumber: string): Promise<SaleRecord | undefined>;
  /**
   * The location's sales since `sinceMs` paid (in whole or part) with a card ending in `last4`, newest
   * first: by the sale's own card, or one of its card parts'.
   */
  listByCardLast4(locationId: string, last4: string, sinceMs: number, limit: number): Promise<SaleRecord[]>;
  /** Newest first (card parts left out); `staffId` narrows to one staff member's sales. */
  listByRegisterSince(
    registerId: string,
    sinceMs: number,
    options?: { staffId?: string; limit?: number },
  ): Promise<SaleRecord[]>;
  recordReceiptSent(saleId: string, email: string, nowMs: number): Promise<void>;
  countReceiptsSent(saleId: string): Promise<number>;
  /**
   * Rewrites the patched columns that change (and updated_at_ms); returns the stored sale. `current`: the
   * sale as this same transaction read it (saves reading it again); without it the row is read first.
   */
  update(id: string, patch: SaleStatePatch, nowMs: number, current?: SaleRecord): Promise<SaleRecord>;
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

// The lookups of a sale that every checkout makes, compiled once (db/reusable-query.ts).
const saleById = reusableQuery((db: Queryable, id: string) =>
  db.selectFrom('sales').selectAll().where('id', '=', id),
);
const saleByClientSaleId = reusableQuery((db: Queryable, registerId: string, clientSaleId: string) =>
  db
    .selectFrom('sales')
    .selectAll()
    .where('register_id', '=', registerId)
    .where('client_sale_id', '=', clientSaleId),
);
const saleByPaymentIntentId = reusableQuery((db: Queryable, paymentIntentId: string) =>
  db.selectFrom('sales').selectAll().where('payment_intent_id', '=', paymentIntentId),
);
/** Served by the partial index `sales_register_in_flight`, whose WHERE lists IN_FLIGHT_STATUSES. */
const inFlightSaleOfRegister = reusableQuery((db: Queryable, registerId: string) =>
  db
    .selectFrom('sales')
    .selectAll()
    .where('register_id', '=', registerId)
    .where(
      'status',
      'in',
      IN_FLIGHT_STATUSES.map((status) => sql.lit(status)),
    )
    .where('kind', '=', 'sale')
    .orderBy('created_at_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(1),
);

/** One compiled UPDATE per set of columns written (a checkout writes a handful of different sets). */
const updateSaleColumns = reusableUpdateById('sales', 'nothing');

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
      // A sale (not a card part) gets the register's next receipt number as it is recorded: taken first, so
      // the INSERT carries it (the row is written, and its triggers fire, once).
      const isSale = (sale.kind ?? 'sale') === 'sale';
      const registers = createRegistersRepo(db);
      const receiptNumber = isSale ? await registers.nextReceiptNumber(sale.registerId) : null;
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
          discount_minor: sale.discountMinor ?? 0,
          tax_included: sale.taxIncluded ? 1 : 0,
          taxes_json: JSON.stringify(sale.taxes ?? []),
          sale_discount_json: sale.saleDiscount ? JSON.stringify(sale.saleDiscount) : null,
          kind: sale.kind ?? 'sale',
          parent_sale_id: sale.parentSaleId ?? null,
          receipt_number: receiptNumber,
        })
        .onConflict((oc) => oc.columns(['register_id', 'client_sale_id']).doNothing())
        .executeTakeFirst()
        .then((result) => result.numInsertedOrUpdatedRows ?? 0n);
      if (inserted === 0n) {
        // The clientSaleId was already recorded: the number goes back. This transaction holds the
        // register's row since taking it, so no other sale took a later one, and the numbers stay gap-free.
        if (isSale) await registers.returnReceiptNumber(sale.registerId);
        return null;
      }
      if (sale.lines.length > 0) {
        const stored = await db
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
              variant_id: line.variantId ?? null,
              variant_name: line.variantName ?? null,
              modifiers_json: JSON.stringify(line.modifiers ?? []),
              line_discount_json: line.lineDiscount ? JSON.stringify(line.lineDiscount) : null,
              discount_minor: line.discountMinor ?? 0,
              tax_minor: line.taxMinor ?? 0,
              tax_rate_bps: line.taxRateBps ?? 0,
            })),
          )
          .returningAll()
          .execute();
        // Lines never change once written, and a sale id is never reused (even after a rollback), so the
        // rows as stored serve every later read of this sale (the capture's update reads it at once).
        cacheLines(
          sale.id,
          stored.sort((a, b) => Number(a.position) - Number(b.position)),
        );
      }
      // What the INSERTs stored (no read-back): the row's other columns start out NULL.
      const lines = [...sale.lines].sort((a, b) => a.position - b.position).map(fullLine);
      return {
        ...sale,
        lines,
        discountMinor: sale.discountMinor ?? 0,
        saleDiscount: sale.saleDiscount ?? null,
        taxIncluded: sale.taxIncluded ?? false,
        taxes: sale.taxes ?? [],
        kind: sale.kind ?? 'sale',
        parentSaleId: sale.parentSaleId ?? null,
        receiptNumber,
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
      return hydrate((await saleById(db, id)).rows[0]);
    },
    async findByClientSaleId(registerId, clientSaleId) {
      return hydrate((await saleByClientSaleId(db, registerId, clientSaleId)).rows[0]);
    },
    async findByPaymentIntentId(paymentIntentId) {
      return hydrate((await saleByPaymentIntentId(db, paymentIntentId)).rows[0]);
    },
    async findInFlight(registerId) {
      return hydrate((await inFlightSaleOfRegister(db, registerId)).rows[0]);
    },
    async listCardParts(parentSaleId) {
      const rows = await selectSales()
        .where('parent_sale_id', '=', parentSaleId)
        .orderBy('created_at_ms')
        .orderBy('id')
        .execute();
      return Promise.all(rows.map(async (row) => toSale(row, await linesOfSale(row.id))));
    },
    async findByReceiptNumber(accountId, receiptNumber) {
      return hydrate(
        await selectSales()
          .where('account_id', '=', accountId)
          .where('receipt_number', '=', receiptNumber)
          .executeTakeFirst(),
      );
    },
    async listByCardLast4(locationId, last4, sinceMs, limit) {
      const rows = await selectSales()
        .where('location_id', '=', locationId)
        .where('kind', '=', 'sale')
        .where('created_at_ms', '>=', sinceMs)
        .where((eb) =>
          eb.or([
            eb('card_last4', '=', last4),
            eb(
              'id',
              'in',
              eb
                .selectFrom('sales as part')
                .select('part.parent_sale_id')
                .where('part.location_id', '=', locationId)
                .where('part.kind', '=', 'card_part')
                .where('part.card_last4', '=', last4)
                .where('part.created_at_ms', '>=', sinceMs)
                .where('part.parent_sale_id', 'is not', null),
            ),
          ]),
        )
        .orderBy('created_at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return Promise.all(rows.map(async (row) => toSale(row, await linesOfSale(row.id))));
    },
    async listByRegisterSince(registerId, sinceMs, options = {}) {
      let query = selectSales().where('register_id', '=', registerId).where('kind', '=', 'sale');
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
    async update(id, patch, nowMs, readInThisTransaction) {
      const current = readInThisTransaction ?? (await hydrate((await saleById(db, id)).rows[0]));
      if (!current || current.id !== id) throw new Error(`No sale ${id}`);
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
      await updateSaleColumns(db, id, values);
      return next;
    },
  };
}
