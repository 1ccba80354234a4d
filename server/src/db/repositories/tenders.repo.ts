/**
 * Tenders of sales paid by tenders (`sale_tenders`): cash (paid at once, into the register's open drawer
 * shift) and card (pending until its card part, a `card_part` row of `sales`, is paid). Writes are the
 * caller's transaction, with the sale's row locked (`sales.lockForUpdate`).
 */
import type { Selectable } from 'kysely';
import { reusableQuery } from '../reusable-query.ts';
import type { Queryable, SaleTendersTable } from '../schema.ts';

export type TenderStatus = SaleTendersTable['status'];

export interface TenderRecord {
  id: string;
  saleId: string;
  tenderKey: string;
  position: number;
  method: 'cash' | 'card';
  amountMinor: number;
  status: TenderStatus;
  tenderedMinor: number | null;
  changeMinor: number | null;
  shiftId: string | null;
  cardSaleId: string | null;
  staffId: string;
  createdAtMs: number;
  updatedAtMs: number;
}

export type NewTender = Omit<TenderRecord, 'position' | 'updatedAtMs'>;

export interface TendersRepo {
  /** Appends the tender to its sale (next position); null when its tender key is already used. */
  insert(tender: NewTender): Promise<TenderRecord | null>;
  findById(id: string): Promise<TenderRecord | undefined>;
  findByKey(tenderKey: string): Promise<TenderRecord | undefined>;
  findByCardSaleId(cardSaleId: string): Promise<TenderRecord | undefined>;
  /** The sale's tenders in order. */
  listBySale(saleId: string): Promise<TenderRecord[]>;
  /** The tenders of these sales, by sale, in order. */
  listBySales(saleIds: readonly string[]): Promise<Map<string, TenderRecord[]>>;
  setStatus(id: string, status: TenderStatus, nowMs: number): Promise<void>;
}

function toTender(row: Selectable<SaleTendersTable>): TenderRecord {
  return {
    id: row.id,
    saleId: row.sale_id,
    tenderKey: row.tender_key,
    position: row.position,
    method: row.method,
    amountMinor: row.amount_minor,
    status: row.status,
    tenderedMinor: row.tendered_minor,
    changeMinor: row.change_minor,
    shiftId: row.shift_id,
    cardSaleId: row.card_sale_id,
    staffId: row.staff_id,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

const IN_LIST_CHUNK = 2_000;

/** Read for every sale shown to the counter, compiled once (db/reusable-query.ts). */
const tendersOfSale = reusableQuery((db: Queryable, saleId: string) =>
  db.selectFrom('sale_tenders').selectAll().where('sale_id', '=', saleId).orderBy('position'),
);

export function createTendersRepo(db: Queryable): TendersRepo {
  const selectTenders = () => db.selectFrom('sale_tenders').selectAll();
  return {
    async insert(tender) {
      const result = await db
        .insertInto('sale_tenders')
        .values((eb) => ({
          id: tender.id,
          sale_id: tender.saleId,
          tender_key: tender.tenderKey,
          position: eb
            .selectFrom('sale_tenders')
            .select((inner) =>
              inner(inner.fn.coalesce(inner.fn.max('position'), inner.lit(-1)), '+', 1).as('next'),
            )
            .where('sale_id', '=', tender.saleId),
          method: tender.method,
          amount_minor: tender.amountMinor,
          status: tender.status,
          tendered_minor: tender.tenderedMinor,
          change_minor: tender.changeMinor,
          shift_id: tender.shiftId,
          card_sale_id: tender.cardSaleId,
          staff_id: tender.staffId,
          created_at_ms: tender.createdAtMs,
          updated_at_ms: tender.createdAtMs,
        }))
        .onConflict((oc) => oc.column('tender_key').doNothing())
        .executeTakeFirst();
      if ((result.numInsertedOrUpdatedRows ?? 0n) === 0n) return null;
      const row = await selectTenders().where('id', '=', tender.id).executeTakeFirst();
      return row ? toTender(row) : null;
    },
    async findById(id) {
      const row = await selectTenders().where('id', '=', id).executeTakeFirst();
      return row ? toTender(row) : undefined;
    },
    async findByKey(tenderKey) {
      const row = await selectTenders().where('tender_key', '=', tenderKey).executeTakeFirst();
      return row ? toTender(row) : undefined;
    },
    async findByCardSaleId(cardSaleId) {
      const row = await selectTenders().where('card_sale_id', '=', cardSaleId).executeTakeFirst();
      return row ? toTender(row) : undefined;
    },
    async listBySale(saleId) {
      return (await tendersOfSale(db, saleId)).rows.map(toTender);
    },
    async listBySales(saleIds) {
      const result = new Map<string, TenderRecord[]>();
      for (let start = 0; start < saleIds.length; start += IN_LIST_CHUNK) {
        const ids = saleIds.slice(start, start + IN_LIST_CHUNK);
        const rows = await selectTenders()
          .where('sale_id', 'in', ids)
          .orderBy('sale_id')
          .orderBy('position')
          .execute();
        for (const row of rows) {
          const list = result.get(row.sale_id);
          if (list) list.push(toTender(row));
          else result.set(row.sale_id, [toTender(row)]);
        }
      }
      return result;
    },
    async setStatus(id, status, nowMs) {
      await db
        .updateTable('sale_tenders')
        .set({ status, updated_at_ms: nowMs })
        .where('id', '=', id)
        .execute();
    },
  };
}
