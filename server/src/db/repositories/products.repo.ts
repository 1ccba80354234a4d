/** The merchant's catalog: products with a price in the account's currency, shown at the counter. */
import type { Selectable } from 'kysely';
import type { ProductsTable, Queryable } from '../schema.ts';
import { compareIds, compareNames, sortedBy } from './ordering.ts';

export interface Product {
  id: string;
  accountId: string;
  name: string;
  priceMinor: number;
  category: string | null;
  active: boolean;
  sortOrder: number;
  createdAtMs: number;
}

export type NewProduct = Omit<Product, 'createdAtMs' | 'active' | 'sortOrder'> & {
  active?: boolean;
  sortOrder?: number;
};

export interface ProductsRepo {
  insert(product: NewProduct, nowMs: number): Promise<Product>;
  findById(id: string): Promise<Product | undefined>;
  /** The account's products on sale, in display order. */
  listActive(accountId: string): Promise<Product[]>;
}

type ProductRow = Selectable<ProductsTable>;

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    priceMinor: row.price_minor,
    category: row.category,
    active: row.active === 1,
    sortOrder: row.sort_order,
    createdAtMs: row.created_at_ms,
  };
}

export function createProductsRepo(db: Queryable): ProductsRepo {
  return {
    async insert(product, nowMs) {
      const row = await db
        .insertInto('products')
        .values({
          id: product.id,
          account_id: product.accountId,
          name: product.name,
          price_minor: product.priceMinor,
          category: product.category,
          active: product.active === false ? 0 : 1,
          sort_order: product.sortOrder ?? 0,
          created_at_ms: nowMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toProduct(row);
    },
    async findById(id) {
      const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toProduct(row) : undefined;
    },
    async listActive(accountId) {
      const rows = await db
        .selectFrom('products')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('active', '=', 1)
        .execute();
      return sortedBy(
        rows.map(toProduct),
        (a, b) => a.sortOrder - b.sortOrder,
        (a, b) => compareNames(a.name, b.name),
        (a, b) => compareIds(a.id, b.id),
      );
    },
  };
}
