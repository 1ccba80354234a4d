/**
 * The catalog at one location (pure): which items, variants and modifiers the counter may sell there and at
 * what price, and checking a cart line against it. An item (or variant) is sold at a location unless it is
 * inactive or its location setting says unavailable; its price is the location's override, else the
 * catalog price. An item with active variants available here is sold as one of them (each at its own
 * price); modifiers come from the item's active groups, within each group's least and most choices.
 */
import {
  effectiveTaxClass,
  type LocationTaxes,
  rateOfClass,
  type TaxClass,
  type TaxSettings,
  unitPriceWithModifiers,
} from '@countertop/shared';
import type { Category } from '../db/repositories/categories.repo.ts';
import type { Discount } from '../db/repositories/discounts.repo.ts';
import type { Location } from '../db/repositories/locations.repo.ts';
import type { ModifierGroup } from '../db/repositories/modifiers.repo.ts';
import type { LocationOverride, Product, Variant } from '../db/repositories/products.repo.ts';

/** Everything of one account's catalog, as read from the repositories. */
export interface CatalogData {
  categories: readonly Category[];
  items: readonly Product[];
  variants: ReadonlyMap<string, readonly Variant[]>;
  groupIds: ReadonlyMap<string, readonly string[]>;
  groups: readonly ModifierGroup[];
  itemOverrides: ReadonlyMap<string, readonly LocationOverride[]>;
  variantOverrides: ReadonlyMap<string, readonly LocationOverride[]>;
  discounts: readonly Discount[];
}

export interface SellableVariant {
  id: string;
  name: string;
  priceMinor: number;
}

export interface SellableGroup {
  id: string;
  name: string;
  minSelected: number;
  maxSelected: number | null;
  modifiers: { id: string; name: string; priceDeltaMinor: number }[];
}

/** An item as the counter at one location may sell it. */
export interface SellableItem {
  item: Product;
  /** The item's price here (the lowest variant's when it has variants). */
  priceMinor: number;
  /** Non-empty: the cashier must pick one. */
  variants: SellableVariant[];
  /** Its active groups with their active modifiers, in order. */
  groups: SellableGroup[];
}

/** A location's taxes as the shared pricing rules take them. */
export function taxSettingsOf(location: Location): TaxSettings {
  return {
    pricesIncludeTax: location.pricesIncludeTax,
    standardRateBps: location.taxRateBps,
    reducedRateBps: location.reducedTaxRateBps,
  };
}

export function locationTaxesOf(location: Location): LocationTaxes {
  return {
    pricesIncludeTax: location.pricesIncludeTax,
    taxName: location.taxName,
    standardRateBps: location.taxRateBps,
    reducedRateBps: location.reducedTaxRateBps,
  };
}

function settingAt(overrides: readonly LocationOverride[] | undefined, locationId: string) {
  return overrides?.find((override) => override.locationId === locationId);
}

/** The active groups of the account, with their active modifiers, by id. */
export function activeGroupsById(groups: readonly ModifierGroup[]): Map<string, SellableGroup> {
  const result = new Map<string, SellableGroup>();
  for (const group of groups) {
    if (!group.active) continue;
    result.set(group.id, {
      id: group.id,
      name: group.name,
      minSelected: group.minSelected,
      maxSelected: group.maxSelected,
      modifiers: group.modifiers
        .filter((modifier) => modifier.active)
        .map((modifier) => ({
          id: modifier.id,
          name: modifier.name,
          priceDeltaMinor: modifier.priceDeltaMinor,
        })),
    });
  }
  return result;
}

/** The item as sold at `locationId`, or null when it is not sold there. */
export function sellableAt(
  item: Product,
  data: Pick<CatalogData, 'variants' | 'groupIds' | 'itemOverrides' | 'variantOverrides'>,
  groups: ReadonlyMap<string, SellableGroup>,
  locationId: string,
): SellableItem | null {
  if (!item.active) return null;
  const itemSetting = settingAt(data.itemOverrides.get(item.id), locationId);
  if (itemSetting && !itemSetting.available) return null;
  const variants: SellableVariant[] = [];
  for (const variant of data.variants.get(item.id) ?? []) {
    if (!variant.active) continue;
    const setting = settingAt(data.variantOverrides.get(variant.id), locationId);
    if (setting && !setting.available) continue;
    variants.push({
      id: variant.id,
      name: variant.name,
      priceMinor: setting?.priceMinor ?? variant.priceMinor,
    });
  }
  const hadVariants = (data.variants.get(item.id) ?? []).some((variant) => variant.active);
  // An item whose every variant is unavailable here is not sold here.
  if (hadVariants && variants.length === 0) return null;
  const itemPrice = itemSetting?.priceMinor ?? item.priceMinor;
  return {
    item,
    priceMinor: variants.length > 0 ? Math.min(...variants.map((variant) => variant.priceMinor)) : itemPrice,
    variants,
    groups: (data.groupIds.get(item.id) ?? []).flatMap((groupId) => {
      const group = groups.get(groupId);
      return group ? [group] : [];
    }),
  };
}

/** Every item sold at the location, in display order. */
export function sellableItems(data: CatalogData, locationId: string): SellableItem[] {
  const groups = activeGroupsById(data.groups);
  return data.items.flatMap((item) => {
    const sellable = sellableAt(item, data, groups, locationId);
    return sellable ? [sellable] : [];
  });
}

/**
 * Whether the original counter (one rate added on top, no choices) can price the item exactly: no variants,
 * no required modifiers, and its tax is the location's standard rate added on top (or prices include tax).
 */
export function sellableWithoutChoices(sellable: SellableItem, location: Location): boolean {
  if (sellable.variants.length > 0 || sellable.groups.some((group) => group.minSelected > 0)) return false;
  if (location.pricesIncludeTax) return true;
  const taxes = taxSettingsOf(location);
  return rateOfClass(effectiveTaxClass(sellable.item.taxClass, taxes), taxes) === location.taxRateBps;
}

export interface ChosenLine {
  unitPriceMinor: number;
  description: string;
  variantId: string | null;
  variantName: string | null;
  modifiers: { modifierId: string; name: string; priceDeltaMinor: number }[];
  taxClass: TaxClass;
}

/** A cart line that cannot be sold as asked, with the cashier's words for why. */
export class LineChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LineChoiceError';
  }
}

/** Checks a line's variant and modifiers against the item as sold here; its unit price and description. */
export function chooseLine(
  sellable: SellableItem,
  choice: { variantId?: string | undefined; modifierIds?: readonly string[] | undefined },
): ChosenLine {
  const { item } = sellable;
  let basePrice = sellable.priceMinor;
  let variant: SellableVariant | null = null;
  if (sellable.variants.length > 0) {
    if (choice.variantId === undefined) {
      throw new LineChoiceError(
        `${item.name} comes in ${sellable.variants.map((v) => v.name).join(', ')}: choose one.`,
      );
    }
    variant = sellable.variants.find((candidate) => candidate.id === choice.variantId) ?? null;
    if (!variant) throw new LineChoiceError(`That choice of ${item.name} is not sold here.`);
    basePrice = variant.priceMinor;
  } else if (choice.variantId !== undefined) {
    throw new LineChoiceError(`${item.name} has no variants to choose from.`);
  }
  const chosen = new Set(choice.modifierIds ?? []);
  const modifiers: ChosenLine['modifiers'] = [];
  for (const group of sellable.groups) {
    const picked = group.modifiers.filter((modifier) => chosen.has(modifier.id));
    for (const modifier of picked) chosen.delete(modifier.id);
    if (picked.length < group.minSelected) {
      throw new LineChoiceError(
        group.minSelected === 1
          ? `${item.name}: choose a ${group.name.toLowerCase()}.`
          : `${item.name}: choose at least ${group.minSelected} of ${group.name}.`,
      );
    }
    if (group.maxSelected !== null && picked.length > group.maxSelected) {
      throw new LineChoiceError(`${item.name}: choose at most ${group.maxSelected} of ${group.name}.`);
    }
    modifiers.push(
      ...picked.map((modifier) => ({
        modifierId: modifier.id,
        name: modifier.name,
        priceDeltaMinor: modifier.priceDeltaMinor,
      })),
    );
  }
  if (chosen.size > 0) throw new LineChoiceError(`Some of the choices are not offered with ${item.name}.`);
  let unitPriceMinor: number;
  try {
    unitPriceMinor = unitPriceWithModifiers(
      basePrice,
      modifiers.map((modifier) => modifier.priceDeltaMinor),
    );
  } catch {
    throw new LineChoiceError(`${item.name}: those choices take the price below zero.`);
  }
  return {
    unitPriceMinor,
    description: variant ? `${item.name} (${variant.name})` : item.name,
    variantId: variant?.id ?? null,
    variantName: variant?.name ?? null,
    modifiers,
    taxClass: item.taxClass,
  };
}
