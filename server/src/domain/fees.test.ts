import { describe, expect, it } from 'vitest';
import { applicationFeeMinor, basisPointsOf, divideRoundHalfUp, type FeePlan } from './fees.ts';

const usdPlan: FeePlan = { bps: 290, fixedMinor: 30, minMinor: 0, maxMinor: null };

describe(divideRoundHalfUp.name, () => {
  it.each([
    [0n, 10_000n, 0n],
    [4_999n, 10_000n, 0n],
    [5_000n, 10_000n, 1n],
    [15_000n, 10_000n, 2n],
    [14_999n, 10_000n, 1n],
  ])('rounds %s / %s half up to %s', (numerator, denominator, expected) => {
    expect(divideRoundHalfUp(numerator, denominator)).toBe(expected);
  });
});

describe(basisPointsOf.name, () => {
  it.each([
    [1050, 290, 30], // 30.45
    [1550, 290, 45], // 44.95
    [10_000, 290, 290],
    [1, 5000, 1], // 0.5 rounds up
    [99_999_999, 10_000, 99_999_999],
  ])('%i × %i bps = %i', (amount, bps, expected) => {
    expect(basisPointsOf(amount, bps)).toBe(expected);
  });
});

describe(applicationFeeMinor.name, () => {
  it.each<[string, number, FeePlan, number]>([
    ['percentage plus fixed in cents', 1000, usdPlan, 59],
    ['rounds the percentage half up', 1550, usdPlan, 75],
    ['a zero amount has no fee', 0, usdPlan, 0],
    ['never exceeds the amount', 20, usdPlan, 20],
    ['applies the floor', 100, { bps: 100, fixedMinor: 0, minMinor: 25, maxMinor: null }, 25],
    ['applies the ceiling', 1_000_000, { bps: 290, fixedMinor: 30, minMinor: 0, maxMinor: 500 }, 500],
    ['floor still capped by the amount', 10, { bps: 0, fixedMinor: 0, minMinor: 25, maxMinor: null }, 10],
    [
      'JPY: whole yen, 3.6 % of ¥1,234 = 44.42 → 44',
      1234,
      { bps: 360, fixedMinor: 0, minMinor: 0, maxMinor: null },
      44,
    ],
    [
      'JPY: ¥12,345 at 3.6 % + ¥10 = 444.42 + 10 → 454',
      12_345,
      { bps: 360, fixedMinor: 10, minMinor: 0, maxMinor: null },
      454,
    ],
    ['JPY with a ¥300 cap', 50_000, { bps: 360, fixedMinor: 0, minMinor: 0, maxMinor: 300 }, 300],
    [
      'largest Stripe amount without overflow',
      99_999_999,
      { bps: 9_999, fixedMinor: 99, minMinor: 0, maxMinor: null },
      99_990_098,
    ],
  ])('%s', (_name, amount, plan, expected) => {
    expect(applicationFeeMinor(amount, plan)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN])('rejects the amount %s', (amount) => {
    expect(() => applicationFeeMinor(amount, usdPlan)).toThrow(RangeError);
  });
});
