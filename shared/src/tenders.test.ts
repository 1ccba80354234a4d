// Tender and refund arithmetic: examples, then properties (fast-check): tenders add up to the total,
// change is never negative, refunds never exceed what a tender or a line took, and give back exactly that.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateByWeight, priceSale } from './pricing.ts';
import {
  amountDueMinor,
  changeDueMinor,
  refundableOfTender,
  refundOfItems,
  suggestedCashAmounts,
  taxPartOfRefund,
} from './tenders.ts';

describe('cash', () => {
  it('gives change and refuses too little cash', () => {
    expect(changeDueMinor(1602, 2000)).toBe(398);
    expect(changeDueMinor(1000, 1000)).toBe(0);
    expect(() => changeDueMinor(1602, 1600)).toThrow(RangeError);
  });

  it('suggests quick cash amounts a customer is likely to hand over', () => {
    expect(suggestedCashAmounts(1602, 'usd')).toEqual([1602, 1700, 2000, 5000]);
    expect(suggestedCashAmounts(1000, 'jpy')).toEqual([1000, 5000, 10_000]);
    expect(suggestedCashAmounts(1280, 'jpy')).toEqual([1280, 2000, 5000, 10_000]);
    expect(suggestedCashAmounts(0, 'usd')).toEqual([]);
  });

  it('says what is still due', () => {
    expect(amountDueMinor(1602, [800])).toBe(802);
    expect(amountDueMinor(1602, [800, 802])).toBe(0);
  });
});

describe('refunds', () => {
  it('refunds items unit by unit back to the line total exactly', () => {
    const line = { quantity: 3, totalMinor: 1000, taxMinor: 91 };
    const first = refundOfItems(line, { quantity: 0, amountMinor: 0, taxMinor: 0 }, 1, 'jpy');
    expect(first).toEqual({ amountMinor: 333, taxMinor: 30 });
    const rest = refundOfItems(line, { quantity: 1, ...first }, 2, 'jpy');
    expect(rest).toEqual({ amountMinor: 667, taxMinor: 61 });
    expect(() => refundOfItems(line, { quantity: 3, amountMinor: 1000, taxMinor: 91 }, 1, 'jpy')).toThrow(
      RangeError,
    );
  });

  it('carries a share of the tax on an amount refund, and the rest on the last one', () => {
    const sale = { goodsMinor: 1602, taxMinor: 127, refundedMinor: 0, taxRefundedMinor: 0 };
    expect(taxPartOfRefund(801, sale)).toBe(64); // 63.5 → 64
    expect(taxPartOfRefund(801, { ...sale, refundedMinor: 801, taxRefundedMinor: 64 })).toBe(63);
    // A tip carries no tax: refunding the goods gives all the tax back, the tip none.
    const tipped = { goodsMinor: 1000, taxMinor: 91, refundedMinor: 0, taxRefundedMinor: 0 };
    expect(taxPartOfRefund(1000, tipped)).toBe(91);
    expect(taxPartOfRefund(150, { ...tipped, refundedMinor: 1000, taxRefundedMinor: 91 })).toBe(0);
  });

  it('knows what a tender can still give back', () => {
    expect(refundableOfTender({ amountMinor: 800, tipMinor: 120, refundedMinor: 300 })).toBe(620);
    expect(refundableOfTender({ amountMinor: 800, tipMinor: 0, refundedMinor: 800 })).toBe(0);
  });
});

// ------------------------------------------------------------------------------------------------
// Properties

const sum = (values: readonly number[]) => values.reduce((acc, value) => acc + value, 0);

describe('tenders and refunds: properties', () => {
  it('a sale split over tenders is paid exactly when they add up to its total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 4, maxLength: 4 }),
        (total, weights, extraCash) => {
          const tenders = allocateByWeight(total, weights);
          expect(sum(tenders)).toBe(total);
          let due = total;
          tenders.forEach((tender, index) => {
            expect(tender).toBeLessThanOrEqual(due);
            due = amountDueMinor(total, tenders.slice(0, index + 1));
            const handed = tender + (extraCash[index] ?? 0);
            expect(changeDueMinor(tender, handed)).toBeGreaterThanOrEqual(0);
            expect(handed - changeDueMinor(tender, handed)).toBe(tender);
          });
          expect(due).toBe(0);
        },
      ),
      { seed: 1321, numRuns: 500 },
    );
  });

  it('refunds to a tender never exceed what it took, and can take all of it back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.integer({ min: 1, max: 2_000_000 }), { maxLength: 12 }),
        (amountMinor, tipMinor, asks) => {
          let refundedMinor = 0;
          for (const ask of asks) {
            const refundable = refundableOfTender({ amountMinor, tipMinor, refundedMinor });
            const granted = Math.min(ask, refundable);
            refundedMinor += granted;
            expect(refundedMinor).toBeLessThanOrEqual(amountMinor + tipMinor);
          }
          refundedMinor += refundableOfTender({ amountMinor, tipMinor, refundedMinor });
          expect(refundedMinor).toBe(amountMinor + tipMinor);
        },
      ),
      { seed: 1322, numRuns: 500 },
    );
  });

  it('refunding every unit of every line, in any chunks, gives back the sale exactly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('usd', 'jpy', 'kwd'),
        fc.boolean(),
        fc.array(
          fc.record({
            unitPriceMinor: fc.integer({ min: 0, max: 50_000 }),
            quantity: fc.integer({ min: 1, max: 8 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 2000 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 8, maxLength: 8 }),
        (code, included, lines, percentBps, chunks) => {
          const sale = priceSale({
            currency: code,
            tax: { pricesIncludeTax: included, standardRateBps: 1000, reducedRateBps: null },
            lines: lines.map((l) => ({ ...l, taxClass: 'standard' as const })),
            saleDiscount: { kind: 'percentage', percentBps },
          });
          let amount = 0;
          let tax = 0;
          sale.lines.forEach((priced, index) => {
            const quantity = lines[index]?.quantity ?? 1;
            const so = { quantity: 0, amountMinor: 0, taxMinor: 0 };
            let chunk = 0;
            while (so.quantity < quantity) {
              const units = Math.min(quantity - so.quantity, chunks[chunk % chunks.length] ?? 1);
              chunk += 1;
              const part = refundOfItems(
                { quantity, totalMinor: priced.totalMinor, taxMinor: priced.taxMinor },
                so,
                units,
                code,
              );
              expect(part.taxMinor).toBeLessThanOrEqual(part.amountMinor);
              so.quantity += units;
              so.amountMinor += part.amountMinor;
              so.taxMinor += part.taxMinor;
              expect(so.amountMinor).toBeLessThanOrEqual(priced.totalMinor);
            }
            expect(so.amountMinor).toBe(priced.totalMinor);
            expect(so.taxMinor).toBe(priced.taxMinor);
            amount += so.amountMinor;
            tax += so.taxMinor;
          });
          expect(amount).toBe(sale.totalMinor);
          expect(tax).toBe(sale.taxMinor);
        },
      ),
      { seed: 1323, numRuns: 300 },
    );
  });

  it('the tax parts of amount refunds never exceed the sale tax and add up to it when all is refunded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 8 }),
        (goodsMinor, rateBps, asks) => {
          const taxMinor = Math.floor((goodsMinor * rateBps) / (10_000 + rateBps));
          const state = { goodsMinor, taxMinor, refundedMinor: 0, taxRefundedMinor: 0 };
          for (const ask of [...asks, goodsMinor]) {
            const amount = Math.min(ask, goodsMinor - state.refundedMinor);
            if (amount === 0) continue;
            const part = taxPartOfRefund(amount, state);
            expect(part).toBeLessThanOrEqual(amount);
            state.refundedMinor += amount;
            state.taxRefundedMinor += part;
            expect(state.taxRefundedMinor).toBeLessThanOrEqual(taxMinor);
          }
          expect(state.refundedMinor).toBe(goodsMinor);
          expect(state.taxRefundedMinor).toBe(taxMinor);
        },
      ),
      { seed: 1324, numRuns: 500 },
    );
  });
});
