/**
 * What a demo customer buys and how they pay (deterministic, from the seed's PRNG): one to three items of
 * the location's catalog, a variant when the item has them, modifiers within each group's limits, now and
 * then one of the merchant's discounts; paid by card (most), in cash, or half cash and half card.
 */
import {
  type Catalog,
  type CreateSaleBody,
  type SaleItemInput,
  suggestedCashAmounts,
} from '@countertop/shared';

export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** How the demo customer pays. */
export type PaymentChoice = 'card' | 'cash' | 'split';

/** A cart for the create-sale body: distinct lines with valid choices, perhaps a discount. */
export function pickCart(catalog: Catalog, random: Random): Pick<CreateSaleBody, 'items' | 'discount'> {
  const items: SaleItemInput[] = [];
  const keys = new Set<string>();
  const groups = new Map(catalog.modifierGroups.map((group) => [group.id, group]));
  const itemDiscounts = catalog.discounts.filter((discount) => discount.appliesTo === 'item');
  const lineCount = random.int(1, 3);
  for (let attempt = 0; attempt < lineCount * 3 && items.length < lineCount; attempt += 1) {
    const item = random.pick(catalog.items);
    const variantId = item.variants.length > 0 ? random.pick(item.variants).id : undefined;
    const modifierIds: string[] = [];
    for (const groupId of item.modifierGroupIds) {
      const group = groups.get(groupId);
      if (!group || group.modifiers.length === 0) continue;
      const wanted = group.minSelected > 0 ? group.minSelected : random.next() < 0.35 ? 1 : 0;
      const pool = [...group.modifiers];
      for (let taken = 0; taken < Math.min(wanted, group.maxSelected ?? wanted, pool.length); taken += 1) {
        const [modifier] = pool.splice(random.int(0, pool.length - 1), 1);
        if (modifier) modifierIds.push(modifier.id);
      }
    }
    const discount =
      itemDiscounts.length > 0 && random.next() < 0.05 ? random.pick(itemDiscounts) : undefined;
    const key = JSON.stringify([item.id, variantId, [...modifierIds].sort(), discount?.id]);
    if (keys.has(key)) continue;
    keys.add(key);
    items.push({
      productId: item.id,
      quantity: random.next() < 0.8 ? 1 : 2,
      ...(variantId === undefined ? {} : { variantId }),
      ...(modifierIds.length > 0 ? { modifierIds } : {}),
      ...(discount ? { discount: { discountId: discount.id } } : {}),
    });
  }
  const saleDiscounts = catalog.discounts.filter((discount) => discount.appliesTo === 'sale');
  const discount = saleDiscounts.length > 0 && random.next() < 0.12 ? random.pick(saleDiscounts) : undefined;
  return { items, ...(discount ? { discount: { discountId: discount.id } } : {}) };
}

export function pickPayment(random: Random): PaymentChoice {
  const roll = random.next();
  return roll < 0.25 ? 'cash' : roll < 0.3 ? 'split' : 'card';
}

/** What the customer hands over for `amountMinor` in cash: often exact, else a round note. */
export function cashHandedOver(amountMinor: number, currency: string, random: Random): number {
  const options = suggestedCashAmounts(amountMinor, currency);
  return random.next() < 0.3 ? amountMinor : (options[1] ?? options[0] ?? amountMinor);
}

/** The cash half of a split sale: about half, in whole major units (at least one unit less than the total). */
export function cashHalf(totalMinor: number, unitMinor: number): number {
  const half = Math.floor(totalMinor / 2 / unitMinor) * unitMinor;
  return Math.max(unitMinor, Math.min(half, totalMinor - unitMinor));
}
