/** The merchant's predefined discounts: a percentage or a fixed amount, on an item or the whole sale. */
import type { Selectable } from 'kysely';
import type { DiscountsTable, Queryable } from '../schema.ts';

export interface Discount {
  id: string;
  accountId: string;
  name: string;
  kind: 'percentage' | 'fixed';
  percentBps: number | null;
  amountMinor: number | null;
  appliesTo: 'item' | 'sale';
  sortOrder: number;
  active: boolean;
}

export type DiscountFields = Omit<Discount, 'id' | 'accountId'>;

export interface DiscountsRepo {
  insert(discount: DiscountFields & { id: string; accountId: string }, nowMs: number): Promise<Discount>;
  update(id: string, fields: DiscountFields, nowMs: number): Promise<Discount>;
  findById(id: string): Promise<Discount | undefined>;
  /** Inactive ones too, in display order. */
  listByAccount(accountId: string): Promise<Discount[]>;
}

function toDiscount(row: Selectable<DiscountsTable>): Discount {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    kind: row.kind,
    percentBps: row.percent_bps,
    amountMinor: row.amount_minor,
    appliesTo: row.applies_to,
    sortOrder: row.sort_order,
    active: row.active === 1,
  };
}

export function createDiscountsRepo(db: Queryable): DiscountsRepo {
  const findById = async (id: string) => {
    const row = await db.selectFrom('discounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDiscount(row) : undefined;
  };
  const columns = (fields: DiscountFields) => ({
    name: fields.name,
    kind: fields.kind,
    percent_bps: fields.percentBps,
    amount_minor: fields.amountMinor,
    applies_to: fields.appliesTo,
    sort_order: fields.sortOrder,
    active: fields.active ? (1 as const) : (0 as const),
  });
  return {
    async insert(discount, nowMs) {
      const row = await db
        .insertInto('discounts')
        .values({
          id: discount.id,
          account_id: discount.accountId,
          ...columns(discount),
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toDiscount(row);
    },
    async update(id, fields, nowMs) {
      await db
        .updateTable('discounts')
        .set({ ...columns(fields), updated_at_ms: nowMs })
        .where('id', '=', id)
        .execute();
      const stored = await findById(id);
      if (!stored) throw new Error(`No discount ${id}`);
      return stored;
    },
    findById,
    async listByAccount(accountId) {
      const rows = await db
        .selectFrom('discounts')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('sort_order')
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map(toDiscount);
    },
  };
}
