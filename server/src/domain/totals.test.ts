import { describe, expect, it } from 'vitest';
import { computeSaleTotals, TotalsError } from './totals.ts';

// The tax rounding cases live with the rule itself, in shared/src/tax.test.ts.

describe(computeSaleTotals.name, () => {
  it('multiplies quantities, sums the lines and taxes the subtotal once', () => {
    const totals = computeSaleTotals({
      currency: 'usd',
      taxRateBps: 863,
      lines: [
        { description: 'Latte', quantity: 2, unitPriceMinor: 475 },
        { description: 'Croissant', quantity: 1, unitPriceMinor: 395 },
      ],
    });
    expect(totals.lines.map((line) => line.amountMinor)).toEqual([950, 395]);
    expect(totals.subtotalMinor).toBe(1345);
    expect(totals.taxMinor).toBe(116); // 116.07
    expect(totals.totalMinor).toBe(1461);
  });

  it('keeps JPY in whole yen', () => {
    const totals = computeSaleTotals({
      currency: 'jpy',
      taxRateBps: 1000,
      lines: [{ description: 'Matcha', quantity: 3, unitPriceMinor: 555 }],
    });
    expect(totals).toMatchObject({ subtotalMinor: 1665, taxMinor: 167, totalMinor: 1832 });
  });

  it('adds a tip to the total', () => {
    const totals = computeSaleTotals({
      currency: 'usd',
      taxRateBps: 0,
      tipMinor: 150,
      lines: [{ description: 'Keyed amount', quantity: 1, unitPriceMinor: 1000 }],
    });
    expect(totals.totalMinor).toBe(1150);
  });

  it.each([
    [
      'above the 8-digit maximum',
      [{ description: 'x', quantity: 999, unitPriceMinor: 99_999_99 }],
      'amount_too_large',
    ],
    [
      'tax pushing it over the maximum',
      [{ description: 'x', quantity: 1, unitPriceMinor: 99_999_999 }],
      'amount_too_large',
    ],
    ['a zero total', [{ description: 'free', quantity: 1, unitPriceMinor: 0 }], 'amount_too_small'],
  ])('refuses a cart %s', (_name, lines, code) => {
    const attempt = () => computeSaleTotals({ currency: 'usd', taxRateBps: 800, lines });
    expect(attempt).toThrow(TotalsError);
    expect(attempt).toThrow(expect.objectContaining({ code }));
  });
});
