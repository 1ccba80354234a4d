/**
 * The merchant's items (the `products` table): a price in the account's currency, a category, an optional
 * SKU and tile colour, a tax class; their variants (each with its own price); the modifier groups offered
 * with them; and their availability and price overrides per location. Nothing here is ever deleted: items
 * and variants are deactivated, because sale lines point at them.
 */
import type { Selectable } from 'kysely';
import type { ProductsTable, ProductVariantsTable, Queryable, TaxClassColumn } from '../schema.ts';
import { atomically } from './atomically.ts';
import { compareIds, compareNames, sortedBy } from './ordering.ts';

export type TaxClass = TaxClassColumn;

export interface Product {
  id: string;
  accountId: string;
  name: string;
  priceMinor: number;
  categoryId: string | null;
  /** The category's name (null without one). */
  category: string | null;
  sku: string | null;
  color: string | null;
  taxClass: TaxClass;
  active: boolean;
  sortOrder: number;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface NewProduct {
  id: string;
  accountId: string;
  name: string;
  priceMinor: number;
  categoryId?: string | null;
  /**
   * A category by name (the demo seed, tests, CSV import): found in the account, or created, in the
   * insert's transaction. Ignored when `categoryId` is given.
   */
  category?: string | null;
  sku?: string | null;
  color?: string | null;
  taxClass?: TaxClass;
  active?: boolean;
  sortOrder?: number;
}

export type ProductPatch = Pick<
  Product,
  'name' | 'priceMinor' | 'categoryId' | 'sku' | 'color' | 'taxClass' | 'active' | 'sortOrder'
>;

export interface Variant {
  id: string;
  productId: string;
  name: string;
  priceMinor: number;
  sku: string | null;
  sortOrder: number;
  active: boolean;
}

export type VariantFields = Pick<Variant, 'name' | 'priceMinor' | 'sku' | 'sortOrder' | 'active'>;

/** An item's or a variant's availability and price at one location (no row: available at its price). */
export interface LocationOverride {
  locationId: string;
  available: boolean;
  /** null: the catalog price. */
  priceMinor: number | null;
}

export interface ProductsRepo {
  insert(product: NewProduct, nowMs: number): Promise<Product>;
  findById(id: string): Promise<Product | undefined>;
  /** The products of `ids` that exist, by id (one query: a cart's items). */
  findByIds(ids: readonly string[]): Promise<Map<string, Product>>;
  /** The account's products on sale, in display order. */
  listActive(accountId: string): Promise<Product[]>;
  /** Every item of the account, inactive ones too, in display order. */
  listByAccount(accountId: string): Promise<Product[]>;
  update(id: string, patch: ProductPatch, nowMs: number): Promise<Product>;
  /** The item with this SKU in the account, if any (SKUs are unique per account). */
  findBySku(accountId: string, sku: string): Promise<Product | undefined>;

  insertVariant(
    variant: Pick<Variant, 'id' | 'productId' | 'name' | 'priceMinor'> & Partial<Variant>,
    nowMs: number,
  ): Promise<Variant>;
  updateVariant(id: string, fields: VariantFields, nowMs: number): Promise<void>;
  findVariant(id: string): Promise<Variant | undefined>;
  /** The variants of these items (inactive too), by item, in display order. */
  variantsOf(productIds: readonly string[]): Promise<Map<string, Variant[]>>;
  /** A variant SKU already used in the account, if any. */
  findVariantBySku(accountId: string, sku: string): Promise<Variant | undefined>;

  /** The groups offered with each item, in order. */
  modifierGroupIdsOf(productIds: readonly string[]): Promise<Map<string, string[]>>;
  setModifierGroups(productId: string, groupIds: readonly string[]): Promise<void>;

  /** Per-location settings of these items, by item. */
  locationOverridesOf(productIds: readonly string[]): Promise<Map<string, LocationOverride[]>>;
  /** Per-location settings of these variants, by variant. */
  variantLocationOverridesOf(variantIds: readonly string[]): Promise<Map<string, LocationOverride[]>>;
  /** Replaces the item's per-location settings with `overrides` (locations not listed: back to defaults). */
  setLocationOverrides(productId: string, overrides: readonly LocationOverride[]): Promise<void>;
  setVariantLocationOverrides(variantId: string, overrides: readonly LocationOverride[]): Promise<void>;
  /** Sets (or clears, with null) one location's setting of an item or a variant. */
  setLocationOverride(
    productId: string,
    override: LocationOverride | null,
    locationId: string,
  ): Promise<void>;
  setVariantLocationOverride(
    variantId: string,
    override: LocationOverride | null,
    locationId: string,
  ): Promise<void>;
}

type ProductRow = Selectable<ProductsTable> & { category_name: string | null };

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    priceMinor: row.price_minor,
    categoryId: row.category_id,
    category: row.category_name,
    sku: row.sku,
    color: row.color,
    taxClass: row.tax_class,
    active: row.active === 1,
    sortOrder: row.sort_order,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

function toVariant(row: Selectable<ProductVariantsTable>): Variant {
  return {
    id: row.id,
    productId: row.product_id,
    name: row.name,
    priceMinor: row.price_minor,
    sku: row.sku,
    sortOrder: row.sort_order,
    active: row.active === 1,
  };
}

const IN_LIST_CHUNK = 2_000;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += IN_LIST_CHUNK) {
    result.push(items.slice(start, start + IN_LIST_CHUNK));
  }
  return result;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function createProductsRepo(db: Queryable): ProductsRepo {
  const selectProducts = () =>
    db
      .selectFrom('products as p')
      .leftJoin('categories as c', 'c.id', 'p.category_id')
      .selectAll('p')
      .select('c.name as category_name');
  const findById = async (id: string) => {
    const row = await selectProducts().where('p.id', '=', id).executeTakeFirst();
    return row ? toProduct(row) : undefined;
  };
  const overrideRows = (overrides: readonly LocationOverride[]) =>
    overrides.map((override) => ({
      location_id: override.locationId,
      available: override.available ? (1 as const) : (0 as const),
      price_minor: override.priceMinor,
    }));

  return {
    async insert(product, nowMs) {
      if (!db.isTransaction) return atomically(db, (tx) => createProductsRepo(tx).insert(product, nowMs));
      let categoryId = product.categoryId ?? null;
      if (product.categoryId === undefined && product.category) {
        const existing = await db
          .selectFrom('categories')
          .select('id')
          .where('account_id', '=', product.accountId)
          .where('name', '=', product.category)
          .executeTakeFirst();
        categoryId = existing?.id ?? `cat_${product.id}`;
        if (!existing) {
          await db
            .insertInto('categories')
            .values({
              id: categoryId,
              account_id: product.accountId,
              name: product.category,
              sort_order: product.sortOrder ?? 0,
              created_at_ms: nowMs,
              updated_at_ms: nowMs,
            })
            .execute();
        }
      }
      await db
        .insertInto('products')
        .values({
          id: product.id,
          account_id: product.accountId,
          name: product.name,
          price_minor: product.priceMinor,
          category_id: categoryId,
          sku: product.sku ?? null,
          color: product.color ?? null,
          tax_class: product.taxClass ?? 'standard',
          active: product.active === false ? 0 : 1,
          sort_order: product.sortOrder ?? 0,
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
        })
        .execute();
      const stored = await findById(product.id);
      if (!stored) throw new Error(`product ${product.id} was not stored`);
      return stored;
    },
    findById,
    async findByIds(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return new Map();
      const rows = await selectProducts().where('p.id', 'in', unique).execute();
      return new Map(rows.map((row) => [row.id, toProduct(row)]));
    },
    async listActive(accountId) {
      const rows = await selectProducts()
        .where('p.account_id', '=', accountId)
        .where('p.active', '=', 1)
        .execute();
      return sortedBy(
        rows.map(toProduct),
        (a, b) => a.sortOrder - b.sortOrder,
        (a, b) => compareNames(a.name, b.name),
        (a, b) => compareIds(a.id, b.id),
      );
    },
    async listByAccount(accountId) {
      const rows = await selectProducts().where('p.account_id', '=', accountId).execute();
      return sortedBy(
        rows.map(toProduct),
        (a, b) => a.sortOrder - b.sortOrder,
        (a, b) => compareNames(a.name, b.name),
        (a, b) => compareIds(a.id, b.id),
      );
    },
    async update(id, patch, nowMs) {
      await db
        .updateTable('products')
        .set({
          name: patch.name,
          price_minor: patch.priceMinor,
          category_id: patch.categoryId,
          sku: patch.sku,
          color: patch.color,
          tax_class: patch.taxClass,
          active: patch.active ? 1 : 0,
          sort_order: patch.sortOrder,
          updated_at_ms: nowMs,
        })
        .where('id', '=', id)
        .execute();
      const stored = await findById(id);
      if (!stored) throw new Error(`No product ${id}`);
      return stored;
    },
    async findBySku(accountId, sku) {
      const row = await selectProducts()
        .where('p.account_id', '=', accountId)
        .where('p.sku', '=', sku)
        .executeTakeFirst();
      return row ? toProduct(row) : undefined;
    },

    async insertVariant(variant, nowMs) {
      const row = await db
        .insertInto('product_variants')
        .values({
          id: variant.id,
          product_id: variant.productId,
          name: variant.name,
          price_minor: variant.priceMinor,
          sku: variant.sku ?? null,
          sort_order: variant.sortOrder ?? 0,
          active: variant.active === false ? 0 : 1,
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toVariant(row);
    },
    async updateVariant(id, fields, nowMs) {
      await db
        .updateTable('product_variants')
        .set({
          name: fields.name,
          price_minor: fields.priceMinor,
          sku: fields.sku,
          sort_order: fields.sortOrder,
          active: fields.active ? 1 : 0,
          updated_at_ms: nowMs,
        })
        .where('id', '=', id)
        .execute();
    },
    async findVariant(id) {
      const row = await db.selectFrom('product_variants').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toVariant(row) : undefined;
    },
    async variantsOf(productIds) {
      const result = new Map<string, Variant[]>();
      for (const ids of chunks(productIds)) {
        const rows = await db
          .selectFrom('product_variants')
          .selectAll()
          .where('product_id', 'in', ids)
          .orderBy('product_id')
          .orderBy('sort_order')
          .orderBy('name')
          .orderBy('id')
          .execute();
        for (const row of rows) pushTo(result, row.product_id, toVariant(row));
      }
      return result;
    },
    async findVariantBySku(accountId, sku) {
      const row = await db
        .selectFrom('product_variants as v')
        .innerJoin('products as p', 'p.id', 'v.product_id')
        .selectAll('v')
        .where('p.account_id', '=', accountId)
        .where('v.sku', '=', sku)
        .executeTakeFirst();
      return row ? toVariant(row) : undefined;
    },

    async modifierGroupIdsOf(productIds) {
      const result = new Map<string, string[]>();
      for (const ids of chunks(productIds)) {
        const rows = await db
          .selectFrom('product_modifier_groups')
          .select(['product_id', 'group_id'])
          .where('product_id', 'in', ids)
          .orderBy('product_id')
          .orderBy('sort_order')
          .orderBy('group_id')
          .execute();
        for (const row of rows) pushTo(result, row.product_id, row.group_id);
      }
      return result;
    },
    async setModifierGroups(productId, groupIds) {
      if (!db.isTransaction) {
        return atomically(db, (tx) => createProductsRepo(tx).setModifierGroups(productId, groupIds));
      }
      await db.deleteFrom('product_modifier_groups').where('product_id', '=', productId).execute();
      if (groupIds.length === 0) return;
      await db
        .insertInto('product_modifier_groups')
        .values(
          groupIds.map((groupId, index) => ({ product_id: productId, group_id: groupId, sort_order: index })),
        )
        .execute();
    },

    async locationOverridesOf(productIds) {
      const result = new Map<string, LocationOverride[]>();
      for (const ids of chunks(productIds)) {
        const rows = await db
          .selectFrom('product_locations')
          .selectAll()
          .where('product_id', 'in', ids)
          .orderBy('product_id')
          .orderBy('location_id')
          .execute();
        for (const row of rows) {
          pushTo(result, row.product_id, {
            locationId: row.location_id,
            available: row.available === 1,
            priceMinor: row.price_minor,
          });
        }
      }
      return result;
    },
    async variantLocationOverridesOf(variantIds) {
      const result = new Map<string, LocationOverride[]>();
      for (const ids of chunks(variantIds)) {
        const rows = await db
          .selectFrom('variant_locations')
          .selectAll()
          .where('variant_id', 'in', ids)
          .orderBy('variant_id')
          .orderBy('location_id')
          .execute();
        for (const row of rows) {
          pushTo(result, row.variant_id, {
            locationId: row.location_id,
            available: row.available === 1,
            priceMinor: row.price_minor,
          });
        }
      }
      return result;
    },
    async setLocationOverrides(productId, overrides) {
      if (!db.isTransaction) {
        return atomically(db, (tx) => createProductsRepo(tx).setLocationOverrides(productId, overrides));
      }
      await db.deleteFrom('product_locations').where('product_id', '=', productId).execute();
      if (overrides.length === 0) return;
      await db
        .insertInto('product_locations')
        .values(overrideRows(overrides).map((row) => ({ ...row, product_id: productId })))
        .execute();
    },
    async setVariantLocationOverrides(variantId, overrides) {
      if (!db.isTransaction) {
        return atomically(db, (tx) =>
          createProductsRepo(tx).setVariantLocationOverrides(variantId, overrides),
        );
      }
      await db.deleteFrom('variant_locations').where('variant_id', '=', variantId).execute();
      if (overrides.length === 0) return;
      await db
        .insertInto('variant_locations')
        .values(overrideRows(overrides).map((row) => ({ ...row, variant_id: variantId })))
        .execute();
    },
    async setLocationOverride(productId, override, locationId) {
      if (override === null) {
        await db
          .deleteFrom('product_locations')
          .where('product_id', '=', productId)
          .where('location_id', '=', locationId)
          .execute();
        return;
      }
      const [row] = overrideRows([override]);
      if (!row) return;
      await db
        .insertInto('product_locations')
        .values({ ...row, product_id: productId, location_id: locationId })
        .onConflict((oc) =>
          oc
            .columns(['product_id', 'location_id'])
            .doUpdateSet({ available: row.available, price_minor: row.price_minor }),
        )
        .execute();
    },
    async setVariantLocationOverride(variantId, override, locationId) {
      if (override === null) {
        await db
          .deleteFrom('variant_locations')
          .where('variant_id', '=', variantId)
          .where('location_id', '=', locationId)
          .execute();
        return;
      }
      const [row] = overrideRows([override]);
      if (!row) return;
      await db
        .insertInto('variant_locations')
        .values({ ...row, variant_id: variantId, location_id: locationId })
        .onConflict((oc) =>
          oc
            .columns(['variant_id', 'location_id'])
            .doUpdateSet({ available: row.available, price_minor: row.price_minor }),
        )
        .execute();
    },
  };
}
