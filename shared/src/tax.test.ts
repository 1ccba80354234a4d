// The shared tax rule: the cases of the server's former `taxMinor` test and the counter cart's former
// `estimateTax` test, now one function for both.
import { describe, expect, it } from 'vitest';
import { roundingStepMinor, taxOnSubtotalMinor } from './tax.ts';

describe(taxOnSubtotalMinor.name, () => {
  it.each([
    ['usd', 1000, 875, 88], // 87.5 → 88
    ['usd', 1000, 0, 0],
    ['usd', 999, 725, 72], // 72.4275
    ['jpy', 1234, 1000, 123], // ¥123.4 → ¥123
    ['jpy', 1235, 1000, 124], // ¥123.5 → ¥124
    ['kwd', 1000, 725, 70], // 72.5 fils → rounded to a multiple of 10
    ['kwd', 1000, 750, 80], // 75 → 80
  ])('%s: tax on %i at %i bps is %i', (currency, subtotal, bps, expected) => {
    expect(taxOnSubtotalMinor(subtotal, bps, currency)).toBe(expected);
  });

  it('rounds a half minor unit up', () => {
    expect(taxOnSubtotalMinor(50, 1000, 'usd')).toBe(5);
    expect(taxOnSubtotalMinor(5, 1000, 'usd')).toBe(1); // 0.5 → 1
    expect(taxOnSubtotalMinor(4, 1000, 'usd')).toBe(0);
  });

  it('taxes whole yen for a zero-decimal currency', () => {
    expect(taxOnSubtotalMinor(1150, 1000, 'jpy')).toBe(115);
  });

  it('rounds three-decimal currencies to a multiple of 10', () => {
    expect(taxOnSubtotalMinor(1234, 1000, 'kwd')).toBe(120);
    expect(roundingStepMinor('KWD')).toBe(10);
    expect(roundingStepMinor('usd')).toBe(1);
  });

  it('refuses a fractional or negative subtotal or rate', () => {
    expect(() => taxOnSubtotalMinor(10.5, 1000, 'usd')).toThrow(RangeError);
    expect(() => taxOnSubtotalMinor(-1, 1000, 'usd')).toThrow(RangeError);
    expect(() => taxOnSubtotalMinor(100, 1.5, 'usd')).toThrow(RangeError);
  });
});
