/**
 * The tax rule for one rate added on top, as the counter's cart used it before the shop (the catalog's
 * `taxRateBps`). It is `priceSale` (pricing.ts: the one rule the server prices every sale with — discounts
 * first, tax once per sale and rate, added or included, half up) for a cart without discounts, tax classes
 * or tax-inclusive prices; a property test checks that they agree.
 *
 * Tax is charged once on the subtotal (not per line): `subtotalMinor × taxRateBps / 10 000`, in integer
 * minor units, rounded half up (exactly half a step rounds up) to the currency's smallest chargeable step:
 * 1 minor unit, or 10 for three-decimal currencies, whose amounts Stripe wants ending in 0. Zero-decimal
 * currencies (JPY) need nothing special: their minor unit is the whole yen. The product is taken in BigInt
 * so it is exact for any safe-integer subtotal and rate.
 */
import { THREE_DECIMAL_CURRENCIES } from './money.ts';

/** Smallest step an amount may move in for this currency, in minor units. */
export function roundingStepMinor(currency: string): number {
  return THREE_DECIMAL_CURRENCIES.has(currency.toLowerCase()) ? 10 : 1;
}

/** Tax on `subtotalMinor` at `taxRateBps` (basis points), rounded half up to the currency's step. */
export function taxOnSubtotalMinor(subtotalMinor: number, taxRateBps: number, currency: string): number {
  if (!Number.isSafeInteger(subtotalMinor) || subtotalMinor < 0) throw new RangeError('bad subtotal');
  if (!Number.isSafeInteger(taxRateBps) || taxRateBps < 0) throw new RangeError('bad tax rate');
  const step = BigInt(roundingStepMinor(currency));
  const divisor = 10_000n * step;
  // Half up: (n + d/2) / d, kept integral by doubling both sides.
  const steps = (BigInt(subtotalMinor) * BigInt(taxRateBps) * 2n + divisor) / (divisor * 2n);
  return Number(steps * step);
}
