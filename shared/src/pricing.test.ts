// The shared pricing rules: worked examples a merchant can check by hand, then properties (fast-check)
// that hold for every cart: the amounts always add up to the minor unit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateByWeight,
  type DiscountSpec,
  discountOf,
  type PricingInput,
  priceSale,
  type TaxClass,
  type TaxSettings,
  taxOfBase,
  unitPriceWithModifiers,
} from './pricing.ts';
import { taxOnSubtotalMinor } from './tax.ts';

const US: TaxSettings = { pricesIncludeTax: false, standardRateBps: 863, reducedRateBps: null };
const JP: TaxSettings = { pricesIncludeTax: true, standardRateBps: 1000, reducedRateBps: 800 };

describe('priceSale: worked examples', () => {
  it('adds tax on top in San Francisco (8.63 %), once on the sale', () => {
    const sale = priceSale({
      currency: 'usd',
      tax: US,
      lines: [
        { unitPriceMinor: 525, quantity: 2, taxClass: 'standard' }, // 2 lattes
        { unitPriceMinor: 425, quantity: 1, taxClass: 'standard' }, // croissant
      ],
    });
    expect(sale.subtotalMinor).toBe(1475);
    expect(sale.taxMinor).toBe(127); // 1475 × 8.63 % = 127.29 → 127
    expect(sale.totalMinor).toBe(1602);
    expect(sale.taxIncluded).toBe(false);
    expect(sale.lines.map((line) => line.taxMinor)).toEqual([90, 37]);
  });

  it('takes the tax out of tax-inclusive prices in Tokyo (10 % consumption tax)', () => {
    const sale = priceSale({
      currency: 'jpy',
      tax: { ...JP, reducedRateBps: null },
      lines: [
        { unitPriceMinor: 550, quantity: 1, taxClass: 'standard' }, // café au lait
        { unitPriceMinor: 450, quantity: 1, taxClass: 'standard' }, // pudding
      ],
    });
    expect(sale.totalMinor).toBe(1000); // the menu prices, tax included
    expect(sale.taxMinor).toBe(91); // 1000 × 10/110 = 90.9 → 91
    expect(sale.taxes).toEqual([{ taxClass: 'standard', rateBps: 1000, baseMinor: 1000, taxMinor: 91 }]);
  });

  it('rounds once per rate: standard and reduced are two roundings, not one per line', () => {
    const sale = priceSale({
      currency: 'jpy',
      tax: JP,
      lines: [
        { unitPriceMinor: 480, quantity: 1, taxClass: 'standard' }, // coffee, eaten in
        { unitPriceMinor: 1800, quantity: 1, taxClass: 'reduced' }, // beans to take home
        { unitPriceMinor: 0, quantity: 1, taxClass: 'exempt' },
      ],
    });
    expect(sale.taxes).toEqual([
      { taxClass: 'standard', rateBps: 1000, baseMinor: 480, taxMinor: 44 }, // 43.6 → 44
      { taxClass: 'reduced', rateBps: 800, baseMinor: 1800, taxMinor: 133 }, // 133.3 → 133
    ]);
    expect(sale.lines.map((line) => line.taxRateBps)).toEqual([1000, 800, 0]);
  });

  it('taxes after discounts: a line discount, then a sale discount shared over the lines', () => {
    const sale = priceSale({
      currency: 'usd',
      tax: { pricesIncludeTax: false, standardRateBps: 1000, reducedRateBps: null },
      lines: [
        {
          unitPriceMinor: 500,
          quantity: 2,
          taxClass: 'standard',
          discount: { kind: 'fixed', amountMinor: 100 },
        },
        { unitPriceMinor: 300, quantity: 1, taxClass: 'exempt' },
      ],
      saleDiscount: { kind: 'percentage', percentBps: 1000 }, // 10 % off the sale
    });
    // 1000 − 100 = 900 and 300: 10 % of 1200 = 120, shared 90 / 30.
    expect(sale.lines.map((line) => [line.lineDiscountMinor, line.saleDiscountMinor, line.netMinor])).toEqual(
      [
        [100, 90, 810],
        [0, 30, 270],
      ],
    );
    expect(sale.discountMinor).toBe(220);
    expect(sale.taxMinor).toBe(81); // 10 % of 810; the exempt line pays none
    expect(sale.totalMinor).toBe(1300 - 220 + 81);
  });

  it('never discounts more than the amount', () => {
    expect(discountOf({ kind: 'fixed', amountMinor: 5000 }, 1200, 'usd')).toBe(1200);
    expect(discountOf({ kind: 'percentage', percentBps: 10_000 }, 1200, 'usd')).toBe(1200);
    expect(discountOf({ kind: 'percentage', percentBps: 1250 }, 999, 'usd')).toBe(125); // 124.875
    expect(discountOf({ kind: 'percentage', percentBps: 1000 }, 1234, 'kwd')).toBe(120); // step 10
  });

  it('prices modifiers into the unit price, and refuses one below zero', () => {
    expect(unitPriceWithModifiers(525, [50, 75])).toBe(650);
    expect(unitPriceWithModifiers(525, [-25])).toBe(500);
    expect(() => unitPriceWithModifiers(100, [-150])).toThrow(RangeError);
  });

  it('matches the single-rate rule of taxOnSubtotalMinor without discounts', () => {
    expect(taxOfBase(1000, 875, false, 'usd')).toBe(taxOnSubtotalMinor(1000, 875, 'usd'));
    expect(taxOfBase(1100, 1000, true, 'jpy')).toBe(100);
    expect(taxOfBase(5, 1000, false, 'usd')).toBe(1); // half up
  });

  it('refuses malformed input', () => {
    const bad: PricingInput[] = [
      { currency: 'usd', tax: US, lines: [{ unitPriceMinor: 1.5, quantity: 1, taxClass: 'standard' }] },
      { currency: 'usd', tax: US, lines: [{ unitPriceMinor: 100, quantity: 0, taxClass: 'standard' }] },
      { currency: 'usd', tax: { ...US, standardRateBps: 10_001 }, lines: [] },
      {
        currency: 'usd',
        tax: US,
        lines: [{ unitPriceMinor: 100, quantity: 1, taxClass: 'standard' }],
        saleDiscount: { kind: 'percentage', percentBps: -1 },
      },
    ];
    for (const input of bad) expect(() => priceSale(input)).toThrow(RangeError);
  });
});

describe('allocateByWeight', () => {
  it('shares by largest remainder, ties to the earlier entry', () => {
    expect(allocateByWeight(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocateByWeight(100, [810, 270])).toEqual([75, 25]);
    expect(allocateByWeight(5, [0, 0])).toEqual([5, 0]);
  });
});

// ------------------------------------------------------------------------------------------------
// Properties

const currency = fc.constantFrom('usd', 'jpy', 'eur', 'kwd');
const discount: fc.Arbitrary<DiscountSpec> = fc.oneof(
  fc.record({ kind: fc.constant('percentage' as const), percentBps: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ kind: fc.constant('fixed' as const), amountMinor: fc.integer({ min: 0, max: 50_000 }) }),
);
const taxClass: fc.Arbitrary<TaxClass> = fc.constantFrom('standard', 'reduced', 'exempt');
const settings: fc.Arbitrary<TaxSettings> = fc.record({
  pricesIncludeTax: fc.boolean(),
  standardRateBps: fc.integer({ min: 0, max: 3000 }),
  reducedRateBps: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
});
const line = fc.record({
  unitPriceMinor: fc.integer({ min: 0, max: 200_000 }),
  quantity: fc.integer({ min: 1, max: 30 }),
  taxClass,
  discount: fc.option(discount, { nil: null }),
});
const input: fc.Arbitrary<PricingInput> = fc.record({
  currency,
  tax: settings,
  lines: fc.array(line, { minLength: 0, maxLength: 12 }),
  saleDiscount: fc.option(discount, { nil: null }),
});

const sum = (values: readonly number[]) => values.reduce((acc, value) => acc + value, 0);

describe('priceSale: properties', () => {
  it('lines + tax − discounts = total, to the minor unit', () => {
    fc.assert(
      fc.property(input, (cart) => {
        const sale = priceSale(cart);
        expect(sum(sale.lines.map((l) => l.amountMinor))).toBe(sale.subtotalMinor);
        expect(sum(sale.lines.map((l) => l.discountMinor))).toBe(sale.discountMinor);
        expect(sale.discountMinor).toBe(sale.lineDiscountsMinor + sale.saleDiscountMinor);
        expect(sum(sale.lines.map((l) => l.taxMinor))).toBe(sale.taxMinor);
        expect(sum(sale.taxes.map((t) => t.taxMinor))).toBe(sale.taxMinor);
        expect(sum(sale.lines.map((l) => l.totalMinor))).toBe(sale.totalMinor);
        expect(sale.totalMinor).toBe(
          sale.subtotalMinor - sale.discountMinor + (sale.taxIncluded ? 0 : sale.taxMinor),
        );
        for (const priced of sale.lines) {
          expect(priced.netMinor).toBe(priced.amountMinor - priced.discountMinor);
          expect(priced.netMinor).toBeGreaterThanOrEqual(0);
          expect(priced.taxMinor).toBeGreaterThanOrEqual(0);
          if (sale.taxIncluded) expect(priced.taxMinor).toBeLessThanOrEqual(priced.netMinor);
        }
      }),
      { seed: 1313, numRuns: 800 },
    );
  });

  it('rounds tax once per rate on the discounted base', () => {
    fc.assert(
      fc.property(input, (cart) => {
        const sale = priceSale(cart);
        for (const entry of sale.taxes) {
          expect(entry.taxMinor).toBe(
            taxOfBase(entry.baseMinor, entry.rateBps, sale.taxIncluded, cart.currency),
          );
        }
        const taxedBase = sum(sale.taxes.map((t) => t.baseMinor));
        expect(taxedBase).toBeLessThanOrEqual(sum(sale.lines.map((l) => l.netMinor)));
      }),
      { seed: 1314, numRuns: 500 },
    );
  });

  it('does not depend on how units are split into lines (no per-line rounding)', () => {
    fc.assert(
      fc.property(
        currency,
        settings,
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 12 }),
        (code, tax, unitPriceMinor, quantity) => {
          const one = priceSale({
            currency: code,
            tax,
            lines: [{ unitPriceMinor, quantity, taxClass: 'standard' }],
          });
          const many = priceSale({
            currency: code,
            tax,
            lines: Array.from({ length: quantity }, () => ({
              unitPriceMinor,
              quantity: 1,
              taxClass: 'standard' as const,
            })),
          });
          expect(many.taxMinor).toBe(one.taxMinor);
          expect(many.totalMinor).toBe(one.totalMinor);
        },
      ),
      { seed: 1315, numRuns: 300 },
    );
  });

  it('agrees with taxOnSubtotalMinor for one exclusive rate and no discount', () => {
    fc.assert(
      fc.property(
        currency,
        fc.integer({ min: 0, max: 3000 }),
        fc.array(
          fc.record({
            unitPriceMinor: fc.integer({ min: 0, max: 100_000 }),
            quantity: fc.integer({ min: 1, max: 9 }),
          }),
          {
            maxLength: 10,
          },
        ),
        (code, rate, lines) => {
          const sale = priceSale({
            currency: code,
            tax: { pricesIncludeTax: false, standardRateBps: rate, reducedRateBps: null },
            lines: lines.map((l) => ({ ...l, taxClass: 'standard' as const })),
          });
          expect(sale.taxMinor).toBe(taxOnSubtotalMinor(sale.subtotalMinor, rate, code));
        },
      ),
      { seed: 1316, numRuns: 300 },
    );
  });

  it('allocates exactly, each share within one unit of its exact proportion', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (weights, total) => {
          const shares = allocateByWeight(total, weights);
          expect(sum(shares)).toBe(total);
          const weightSum = sum(weights);
          if (weightSum === 0) return;
          shares.forEach((share, index) => {
            const exact = (total * (weights[index] ?? 0)) / weightSum;
            expect(share).toBeGreaterThanOrEqual(Math.floor(exact));
            expect(share).toBeLessThanOrEqual(Math.ceil(exact));
          });
        },
      ),
      { seed: 1317, numRuns: 500 },
    );
  });
});
