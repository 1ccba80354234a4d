/**
 * The cashier's cart (pure): lines of the shop's catalog (an item, its variant and modifiers, a quantity and
 * maybe its own discount) and the sale's discount, priced with shared `priceSale` and the location's taxes,
 * so the cart shows the exact amounts the server will record and charge (tax included or added, rounded
 * once per rate). Once the sale is created the server's figures are shown instead.
 */
import {
  type Catalog,
  type CounterItem,
  type CounterModifierGroup,
  type DiscountInput,
  type DiscountSpec,
  MAX_LINE_ITEMS,
  MAX_QUANTITY,
  type Permission,
  type PricedSale,
  priceSale,
  type SaleItemInput,
  type TaxClass,
  unitPriceWithModifiers,
} from '@countertop/shared';

export interface CartLine {
  /** The item, variant and modifiers: one line per choice (the server refuses the same choices twice). */
  key: string;
  productId: string;
  variantId: string | null;
  modifierIds: string[];
  name: string;
  variantName: string | null;
  modifierNames: string[];
  /** The item's (or variant's) price here plus the modifiers' deltas. */
  unitPriceMinor: number;
  taxClass: TaxClass;
  quantity: number;
  discount: DiscountInput | null;
}

/** The catalog slice pricing needs. */
export type PricingCatalog = Pick<Catalog, 'currency' | 'taxes' | 'discounts'>;

export function lineKey(productId: string, variantId: string | null, modifierIds: readonly string[]): string {
  return JSON.stringify([productId, variantId, [...modifierIds].sort()]);
}

/** The item's groups in its order (those the location still offers). */
export function groupsOf(
  catalog: Pick<Catalog, 'modifierGroups'>,
  item: CounterItem,
): CounterModifierGroup[] {
  return item.modifierGroupIds.flatMap((id) => catalog.modifierGroups.find((group) => group.id === id) ?? []);
}

/** Whether a tap on the tile must ask first: a variant to choose or a modifier group that is required. */
export function needsChoice(catalog: Pick<Catalog, 'modifierGroups'>, item: CounterItem): boolean {
  return item.variants.length > 0 || groupsOf(catalog, item).some((group) => group.minSelected > 0);
}

/** Groups whose choice breaks their min/max, with what is wrong. */
export function modifierProblems(
  groups: readonly CounterModifierGroup[],
  selected: readonly string[],
): { group: CounterModifierGroup; problem: 'too_few' | 'too_many' }[] {
  return groups.flatMap((group): { group: CounterModifierGroup; problem: 'too_few' | 'too_many' }[] => {
    const count = group.modifiers.filter((modifier) => selected.includes(modifier.id)).length;
    if (count < group.minSelected) return [{ group, problem: 'too_few' as const }];
    if (group.maxSelected !== null && count > group.maxSelected)
      return [{ group, problem: 'too_many' as const }];
    return [];
  });
}

/**
 * Toggles a modifier within its group: a group of at most one swaps the choice; a full group refuses
 * another until one is taken off.
 */
export function toggleModifier(
  group: CounterModifierGroup,
  selected: readonly string[],
  modifierId: string,
): string[] {
  if (selected.includes(modifierId)) return selected.filter((id) => id !== modifierId);
  const inGroup = group.modifiers.map((modifier) => modifier.id);
  const chosen = selected.filter((id) => inGroup.includes(id));
  if (group.maxSelected === 1) return [...selected.filter((id) => !inGroup.includes(id)), modifierId];
  if (group.maxSelected !== null && chosen.length >= group.maxSelected) return [...selected];
  return [...selected, modifierId];
}

/** A cart line for the item with these choices (throws RangeError when a choice is not offered). */
export function lineFor(
  catalog: Pick<Catalog, 'modifierGroups'>,
  item: CounterItem,
  variantId: string | null,
  modifierIds: readonly string[],
): CartLine {
  const variant = variantId === null ? null : item.variants.find((candidate) => candidate.id === variantId);
  if (variant === undefined) throw new RangeError('that variant is not offered');
  if (item.variants.length > 0 && variant === null) throw new RangeError('choose a variant');
  const offered = groupsOf(catalog, item).flatMap((group) => group.modifiers);
  const modifiers = modifierIds.map((id) => {
    const modifier = offered.find((candidate) => candidate.id === id);
    if (!modifier) throw new RangeError('that modifier is not offered');
    return modifier;
  });
  return {
    key: lineKey(item.id, variantId, modifierIds),
    productId: item.id,
    variantId,
    modifierIds: [...modifierIds],
    name: item.name,
    variantName: variant?.name ?? null,
    modifierNames: modifiers.map((modifier) => modifier.name),
    unitPriceMinor: unitPriceWithModifiers(
      variant?.priceMinor ?? item.priceMinor,
      modifiers.map((modifier) => modifier.priceDeltaMinor),
    ),
    taxClass: item.taxClass,
    quantity: 1,
    discount: null,
  };
}

/** Adds one of `line`: one more on the line with the same choices, else a new line. */
export function addLine(cart: readonly CartLine[], line: CartLine): CartLine[] {
  if (cart.some((existing) => existing.key === line.key)) return changeQuantity(cart, line.key, 1);
  if (cart.length >= MAX_LINE_ITEMS) return [...cart];
  return [...cart, { ...line, quantity: 1 }];
}

/** Adds `delta` units (negative removes); a line that reaches zero leaves the cart. */
export function changeQuantity(cart: readonly CartLine[], key: string, delta: number): CartLine[] {
  return cart
    .map((line) =>
      line.key === key
        ? { ...line, quantity: Math.min(MAX_QUANTITY, Math.max(0, line.quantity + delta)) }
        : line,
    )
    .filter((line) => line.quantity > 0);
}

export function removeLine(cart: readonly CartLine[], key: string): CartLine[] {
  return cart.filter((line) => line.key !== key);
}

export function setLineDiscount(
  cart: readonly CartLine[],
  key: string,
  discount: DiscountInput | null,
): CartLine[] {
  return cart.map((line) => (line.key === key ? { ...line, discount } : line));
}

/** How a discount prices (a predefined one looked up in the catalog; null when it is not there any more). */
export function discountSpec(
  input: DiscountInput | null,
  discounts: PricingCatalog['discounts'],
): DiscountSpec | null {
  if (input === null) return null;
  if ('discountId' in input) {
    const found = discounts.find((discount) => discount.id === input.discountId);
    if (!found) return null;
    return found.kind === 'percentage'
      ? { kind: 'percentage', percentBps: found.percentBps ?? 0 }
      : { kind: 'fixed', amountMinor: found.amountMinor ?? 0 };
  }
  return 'percentBps' in input
    ? { kind: 'percentage', percentBps: input.percentBps }
    : { kind: 'fixed', amountMinor: input.amountMinor };
}

/** The cart priced by the server's rule: the amounts the sale will have. */
export function priceCart(
  cart: readonly CartLine[],
  saleDiscount: DiscountInput | null,
  catalog: PricingCatalog,
): PricedSale {
  return priceSale({
    currency: catalog.currency,
    tax: catalog.taxes,
    lines: cart.map((line) => ({
      unitPriceMinor: line.unitPriceMinor,
      quantity: line.quantity,
      taxClass: line.taxClass,
      discount: discountSpec(line.discount, catalog.discounts),
    })),
    saleDiscount: discountSpec(saleDiscount, catalog.discounts),
  });
}

const isCustom = (discount: DiscountInput | null) => discount !== null && !('discountId' in discount);

/** A custom discount the signed-in person may not give alone: a manager's PIN is needed. */
export function needsDiscountApproval(
  cart: readonly CartLine[],
  saleDiscount: DiscountInput | null,
  permissions: readonly Permission[],
): boolean {
  if (permissions.includes('discounts')) return false;
  return isCustom(saleDiscount) || cart.some((line) => isCustom(line.discount));
}

/** The sale's `items` as the server takes them (no prices: it prices them itself). */
export function saleItems(cart: readonly CartLine[]): SaleItemInput[] {
  return cart.map((line) => ({
    productId: line.productId,
    ...(line.variantId ? { variantId: line.variantId } : {}),
    quantity: line.quantity,
    ...(line.modifierIds.length > 0 ? { modifierIds: line.modifierIds } : {}),
    ...(line.discount ? { discount: line.discount } : {}),
  }));
}

/** The tiles to show: a category's items (all when null), narrowed by name or SKU. */
export function visibleItems(
  items: readonly CounterItem[],
  categoryId: string | null,
  query: string,
): CounterItem[] {
  const needle = query.trim().toLocaleLowerCase();
  return items.filter((item) => {
    if (needle) {
      return (
        item.name.toLocaleLowerCase().includes(needle) ||
        (item.sku?.toLocaleLowerCase().includes(needle) ?? false)
      );
    }
    return categoryId === null || item.categoryId === categoryId;
  });
}

/** "8.625%" from 863 bps → "8.63%"; whole percentages drop the decimals. */
export function formatTaxRate(taxRateBps: number): string {
  const percent = taxRateBps / 100;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(2)}%`;
}
