/**
 * Reading a merchant's catalog from the repositories (the whole library, or the items of one cart), and its
 * API shapes: the merchant's view (`Item`, `ModifierGroup`, …) and the counter's (`Catalog` at a location).
 */
import type {
  Category as ApiCategory,
  Discount as ApiDiscount,
  Item as ApiItem,
  ModifierGroup as ApiModifierGroup,
  Catalog,
} from '@countertop/shared';
import type { Category } from '../../db/repositories/categories.repo.ts';
import type { Discount } from '../../db/repositories/discounts.repo.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { Location } from '../../db/repositories/locations.repo.ts';
import type { ModifierGroup } from '../../db/repositories/modifiers.repo.ts';
import type { Product } from '../../db/repositories/products.repo.ts';
import {
  type CatalogData,
  locationTaxesOf,
  sellableItems,
  sellableWithoutChoices,
} from '../../domain/catalog.ts';

/** The catalog data of `items` (their variants, groups and location settings) plus the account's groups. */
export async function catalogDataOf(
  repos: Repositories,
  accountId: string,
  items: readonly Product[],
  extra: { categories?: readonly Category[]; discounts?: readonly Discount[] } = {},
): Promise<CatalogData> {
  const itemIds = items.map((item) => item.id);
  const [variants, groupIds, itemOverrides, groups] = await Promise.all([
    repos.products.variantsOf(itemIds),
    repos.products.modifierGroupIdsOf(itemIds),
    repos.products.locationOverridesOf(itemIds),
    repos.modifiers.listByAccount(accountId),
  ]);
  const variantIds = [...variants.values()].flat().map((variant) => variant.id);
  return {
    categories: extra.categories ?? [],
    items,
    variants,
    groupIds,
    groups,
    itemOverrides,
    variantOverrides: await repos.products.variantLocationOverridesOf(variantIds),
    discounts: extra.discounts ?? [],
  };
}

/** The account's whole library, inactive objects included. */
export async function loadCatalog(repos: Repositories, accountId: string): Promise<CatalogData> {
  const [items, categories, discounts] = await Promise.all([
    repos.products.listByAccount(accountId),
    repos.categories.listByAccount(accountId),
    repos.discounts.listByAccount(accountId),
  ]);
  return catalogDataOf(repos, accountId, items, { categories, discounts });
}

export function toApiCategory(category: Category): ApiCategory {
  return {
    id: category.id,
    name: category.name,
    color: category.color,
    sortOrder: category.sortOrder,
    active: category.active,
  };
}

/**
 * An item as the merchant's screens show it. `visibleLocationIds`: the viewer's locations — a manager of
 * some locations sees the per-location prices and availability of those only, never another location's.
 */
export function toApiItem(
  item: Product,
  data: CatalogData,
  visibleLocationIds: ReadonlySet<string>,
): ApiItem {
  const visible = <T extends { locationId: string }>(settings: readonly T[] | undefined): T[] =>
    (settings ?? []).filter((setting) => visibleLocationIds.has(setting.locationId));
  return {
    id: item.id,
    name: item.name,
    categoryId: item.categoryId,
    priceMinor: item.priceMinor,
    sku: item.sku,
    color: item.color,
    taxClass: item.taxClass,
    sortOrder: item.sortOrder,
    active: item.active,
    variants: (data.variants.get(item.id) ?? []).map((variant) => ({
      id: variant.id,
      name: variant.name,
      priceMinor: variant.priceMinor,
      sku: variant.sku,
      sortOrder: variant.sortOrder,
      active: variant.active,
      locations: visible(data.variantOverrides.get(variant.id)),
    })),
    modifierGroupIds: [...(data.groupIds.get(item.id) ?? [])],
    locations: visible(data.itemOverrides.get(item.id)),
  };
}

export function toApiGroup(group: ModifierGroup): ApiModifierGroup {
  return {
    id: group.id,
    name: group.name,
    minSelected: group.minSelected,
    maxSelected: group.maxSelected,
    sortOrder: group.sortOrder,
    active: group.active,
    modifiers: group.modifiers.map((modifier) => ({
      id: modifier.id,
      name: modifier.name,
      priceDeltaMinor: modifier.priceDeltaMinor,
      sortOrder: modifier.sortOrder,
      active: modifier.active,
    })),
  };
}

export function toApiDiscount(discount: Discount): ApiDiscount {
  return {
    id: discount.id,
    name: discount.name,
    kind: discount.kind,
    percentBps: discount.percentBps,
    amountMinor: discount.amountMinor,
    appliesTo: discount.appliesTo,
    sortOrder: discount.sortOrder,
    active: discount.active,
  };
}

/** The counter's catalog at a location: the full shop view and the original one-rate view beside it. */
export function counterCatalogOf(data: CatalogData, location: Location, currency: string): Catalog {
  const sellable = sellableItems(data, location.id);
  const categoriesById = new Map(data.categories.map((category) => [category.id, category]));
  const usedGroupIds = new Set(sellable.flatMap((entry) => entry.groups.map((group) => group.id)));
  const groups = new Map(
    sellable.flatMap((entry) => entry.groups.map((group) => [group.id, group] as const)),
  );
  return {
    currency,
    // What a counter that adds one rate on top must add: nothing where prices include tax.
    taxRateBps: location.pricesIncludeTax ? 0 : location.taxRateBps,
    products: sellable
      .filter((entry) => sellableWithoutChoices(entry, location))
      .map((entry) => ({
        id: entry.item.id,
        name: entry.item.name,
        priceMinor: entry.priceMinor,
        category: entry.item.category,
      })),
    taxes: locationTaxesOf(location),
    categories: data.categories
      .filter((category) => category.active)
      .filter((category) => sellable.some((entry) => entry.item.categoryId === category.id))
      .map((category) => ({ id: category.id, name: category.name, color: category.color })),
    items: sellable.map((entry) => {
      const category = entry.item.categoryId === null ? undefined : categoriesById.get(entry.item.categoryId);
      return {
        id: entry.item.id,
        name: entry.item.name,
        categoryId: category?.active ? category.id : null,
        priceMinor: entry.priceMinor,
        sku: entry.item.sku,
        color: entry.item.color ?? category?.color ?? null,
        taxClass: entry.item.taxClass,
        variants: entry.variants,
        modifierGroupIds: entry.groups.map((group) => group.id),
      };
    }),
    modifierGroups: [...usedGroupIds].flatMap((id) => {
      const group = groups.get(id);
      return group ? [{ ...group, modifiers: [...group.modifiers] }] : [];
    }),
    discounts: data.discounts
      .filter((discount) => discount.active)
      .map((discount) => ({
        id: discount.id,
        name: discount.name,
        kind: discount.kind,
        percentBps: discount.percentBps,
        amountMinor: discount.amountMinor,
        appliesTo: discount.appliesTo,
      })),
  };
}
