/** The merchant's catalog: products with a price in the account's currency, shown at the counter. */
import type { Db } from './open.ts';

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

interface ProductRow {
  id: string;
  account_id: string;
  name: string;
  price_minor: number;
  category: string | null;
  active: number;
  sort_order: number;
  created_at_ms: number;
}

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

export function createProductsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO products (id, account_id, name, price_minor, category, active, sort_order, created_at_ms)
     VALUES (@id, @accountId, @name, @priceMinor, @category, @active, @sortOrder, @nowMs)`,
  );
  const byId = db.prepare<[string], ProductRow>('SELECT * FROM products WHERE id = ?');
  const activeByAccount = db.prepare<[string], ProductRow>(
    'SELECT * FROM products WHERE account_id = ? AND active = 1 ORDER BY sort_order, name, id',
  );

  return {
    insert(product: NewProduct, nowMs: number): Product {
      insert.run({
        id: product.id,
        accountId: product.accountId,
        name: product.name,
        priceMinor: product.priceMinor,
        category: product.category,
        active: product.active === false ? 0 : 1,
        sortOrder: product.sortOrder ?? 0,
        nowMs,
      });
      return toProduct(byId.get(product.id)!);
    },
    findById(id: string): Product | undefined {
      const row = byId.get(id);
      return row ? toProduct(row) : undefined;
    },
    /** The account's products on sale, in display order. */
    listActive(accountId: string): Product[] {
      return activeByAccount.all(accountId).map(toProduct);
    },
  };
}

export type ProductsRepo = ReturnType<typeof createProductsRepo>;
