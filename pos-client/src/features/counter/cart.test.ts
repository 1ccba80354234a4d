import type { Catalog } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import {
  addLine,
  changeQuantity,
  formatTaxRate,
  lineFor,
  modifierProblems,
  needsChoice,
  needsDiscountApproval,
  priceCart,
  saleItems,
  setLineDiscount,
  toggleModifier,
  visibleItems,
} from './cart.ts';

const milk = {
  id: 'grp_milk',
  name: 'Milk',
  minSelected: 1,
  maxSelected: 1,
  modifiers: [
    { id: 'mod_whole', name: 'Whole milk', priceDeltaMinor: 0 },
    { id: 'mod_oat', name: 'Oat milk', priceDeltaMinor: 50 },
  ],
};
const extras = {
  id: 'grp_extras',
  name: 'Extras',
  minSelected: 0,
  maxSelected: 2,
  modifiers: [
    { id: 'mod_shot', name: 'Extra shot', priceDeltaMinor: 75 },
    { id: 'mod_vanilla', name: 'Vanilla syrup', priceDeltaMinor: 60 },
    { id: 'mod_decaf', name: 'Decaf', priceDeltaMinor: 0 },
  ],
};
const flatWhite = {
  id: 'prd_fw',
  name: 'Flat white',
  categoryId: 'cat_coffee',
  priceMinor: 475,
  sku: 'FW',
  color: null,
  taxClass: 'standard' as const,
  variants: [
    { id: 'var_8', name: '8 oz', priceMinor: 475 },
    { id: 'var_12', name: '12 oz', priceMinor: 525 },
  ],
  modifierGroupIds: ['grp_milk', 'grp_extras'],
};
const croissant = {
  id: 'prd_cr',
  name: 'Croissant',
  categoryId: 'cat_bakery',
  priceMinor: 425,
  sku: 'BAK-1',
  color: '#aa3300',
  taxClass: 'standard' as const,
  variants: [],
  modifierGroupIds: [],
};
const catalog: Catalog = {
  currency: 'usd',
  taxRateBps: 863,
  products: [],
  taxes: { pricesIncludeTax: false, taxName: 'Sales tax', standardRateBps: 863, reducedRateBps: null },
  categories: [],
  items: [flatWhite, croissant],
  modifierGroups: [milk, extras],
  discounts: [
    {
      id: 'dsc_hh',
      name: 'Happy hour 10%',
      kind: 'percentage',
      percentBps: 1000,
      amountMinor: null,
      appliesTo: 'sale',
    },
    {
      id: 'dsc_refill',
      name: 'Refill $1 off',
      kind: 'fixed',
      percentBps: null,
      amountMinor: 100,
      appliesTo: 'item',
    },
  ],
};

describe('the shop cart', () => {
  it('asks for a choice only where a variant or a required group needs one', () => {
    expect(needsChoice(catalog, flatWhite)).toBe(true);
    expect(needsChoice(catalog, croissant)).toBe(false);
  });

  it('prices a variant with its modifiers, and the same choices twice is one line', () => {
    const line = lineFor(catalog, flatWhite, 'var_12', ['mod_oat', 'mod_shot']);
    expect(line).toMatchObject({
      unitPriceMinor: 650,
      variantName: '12 oz',
      modifierNames: ['Oat milk', 'Extra shot'],
    });
    let cart = addLine([], line);
    cart = addLine(cart, lineFor(catalog, flatWhite, 'var_12', ['mod_shot', 'mod_oat']));
    cart = addLine(cart, lineFor(catalog, croissant, null, []));
    expect(cart.map((entry) => entry.quantity)).toEqual([2, 1]);
    expect(changeQuantity(cart, line.key, -2)).toHaveLength(1);
    expect(() => lineFor(catalog, flatWhite, null, [])).toThrow(RangeError);
  });

  it('keeps each group within its min and max', () => {
    expect(modifierProblems([milk, extras], [])).toEqual([{ group: milk, problem: 'too_few' }]);
    expect(modifierProblems([milk, extras], ['mod_whole'])).toEqual([]);
    // A group of one swaps the choice; a full group takes no more.
    expect(toggleModifier(milk, ['mod_whole'], 'mod_oat')).toEqual(['mod_oat']);
    expect(toggleModifier(extras, ['mod_shot', 'mod_vanilla'], 'mod_decaf')).toEqual([
      'mod_shot',
      'mod_vanilla',
    ]);
    expect(toggleModifier(extras, ['mod_shot'], 'mod_shot')).toEqual([]);
  });

  it('prices like the server: discounts before tax, tax added once per rate, half up', () => {
    // $5.75 − 10 % ($0.575 → $0.58) = $5.17; 8.63 % of it is 44.6 → $0.45; $5.62 due.
    const cart = addLine([], lineFor(catalog, flatWhite, 'var_12', ['mod_oat']));
    const priced = priceCart(cart, { discountId: 'dsc_hh' }, catalog);
    expect(priced).toMatchObject({ subtotalMinor: 575, discountMinor: 58, taxMinor: 45, totalMinor: 562 });
    const refill = priceCart(
      setLineDiscount(cart, cart[0]!.key, { discountId: 'dsc_refill' }),
      null,
      catalog,
    );
    expect(refill).toMatchObject({ discountMinor: 100, totalMinor: 475 + 41 });
  });

  it('includes the tax in Japanese prices, 8 % and 10 % rounded apart', () => {
    const jp: Catalog = {
      ...catalog,
      currency: 'jpy',
      taxes: {
        pricesIncludeTax: true,
        taxName: 'Consumption tax',
        standardRateBps: 1000,
        reducedRateBps: 800,
      },
      items: [
        { ...croissant, id: 'prd_coffee', name: 'Blend coffee', priceMinor: 480 },
        { ...croissant, id: 'prd_beans', name: 'Beans', priceMinor: 1800, taxClass: 'reduced' },
      ],
    };
    const cart = jp.items.reduce(
      (lines, item) => addLine(lines, lineFor(jp, item, null, [])),
      [] as ReturnType<typeof addLine>,
    );
    const priced = priceCart(cart, null, jp);
    expect(priced.taxes.map((tax) => tax.taxMinor)).toEqual([44, 133]);
    expect(priced).toMatchObject({ taxIncluded: true, totalMinor: 2280 });
  });

  it('needs a PIN for a custom discount only without the discounts permission', () => {
    const cart = addLine([], lineFor(catalog, croissant, null, []));
    expect(needsDiscountApproval(cart, { discountId: 'dsc_hh' }, [])).toBe(false);
    expect(needsDiscountApproval(cart, { percentBps: 1500 }, ['cash_drawer'])).toBe(true);
    expect(needsDiscountApproval(cart, { percentBps: 1500 }, ['discounts'])).toBe(false);
    expect(needsDiscountApproval(setLineDiscount(cart, cart[0]!.key, { amountMinor: 50 }), null, [])).toBe(
      true,
    );
  });

  it('sends items without prices, and searches by name or SKU', () => {
    const cart = addLine([], lineFor(catalog, flatWhite, 'var_8', ['mod_whole']));
    expect(saleItems(cart)).toEqual([
      { productId: 'prd_fw', variantId: 'var_8', quantity: 1, modifierIds: ['mod_whole'] },
    ]);
    expect(visibleItems(catalog.items, 'cat_bakery', '').map((item) => item.name)).toEqual(['Croissant']);
    expect(visibleItems(catalog.items, 'cat_bakery', 'fw').map((item) => item.name)).toEqual(['Flat white']);
    expect(formatTaxRate(863)).toBe('8.63%');
  });
});
