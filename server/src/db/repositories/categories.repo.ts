/** Item categories of a merchant: a name (unique in the account), an optional tile colour, an order. */
import type { Selectable } from 'kysely';
import type { CategoriesTable, Queryable } from '../schema.ts';

export interface Category {
  id: string;
  accountId: string;
  name: string;
  color: string | null;
  sortOrder: number;
  active: boolean;
}

export type CategoryFields = Pick<Category, 'name' | 'color' | 'sortOrder' | 'active'>;

export interface CategoriesRepo {
  insert(category: CategoryFields & { id: string; accountId: string }, nowMs: number): Promise<Category>;
  update(id: string, fields: CategoryFields, nowMs: number): Promise<Category>;
  findById(id: string): Promise<Category | undefined>;
  findByName(accountId: string, name: string): Promise<Category | undefined>;
  /** The account's categories, inactive ones too, in display order. */
  listByAccount(accountId: string): Promise<Category[]>;
}

function toCategory(row: Selectable<CategoriesTable>): Category {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    color: row.color,
    sortOrder: row.sort_order,
    active: row.active === 1,
  };
}

export function createCategoriesRepo(db: Queryable): CategoriesRepo {
  const findById = async (id: string) => {
    const row = await db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCategory(row) : undefined;
  };
  return {
    async insert(category, nowMs) {
      const row = await db
        .insertInto('categories')
        .values({
          id: category.id,
          account_id: category.accountId,
          name: category.name,
          color: category.color,
          sort_order: category.sortOrder,
          active: category.active ? 1 : 0,
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCategory(row);
    },
    async update(id, fields, nowMs) {
      await db
        .updateTable('categories')
        .set({
          name: fields.name,
          color: fields.color,
          sort_order: fields.sortOrder,
          active: fields.active ? 1 : 0,
          updated_at_ms: nowMs,
        })
        .where('id', '=', id)
        .execute();
      const stored = await findById(id);
      if (!stored) throw new Error(`No category ${id}`);
      return stored;
    },
    findById,
    async findByName(accountId, name) {
      const row = await db
        .selectFrom('categories')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('name', '=', name)
        .executeTakeFirst();
      return row ? toCategory(row) : undefined;
    },
    async listByAccount(accountId) {
      const rows = await db
        .selectFrom('categories')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('sort_order')
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map(toCategory);
    },
  };
}
