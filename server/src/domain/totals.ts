/**
 * Sale totals for one rate added on top (pure): line amounts, tax on the subtotal, tip, total, in integer
 * minor units (`taxOnSubtotalMinor`: once per sale, rounded half up to the currency's smallest step). The
 * counter's sales are priced with shared `priceSale` (variants, modifiers, discounts, tax classes, included
 * tax), which gives the same totals for such a cart; the checkout benchmark builds its carts with this.
 */
import { MAX_AMOUNT_MINOR, taxOnSubtotalMinor } from '@countertop/shared';

export interface LineInput {
  description: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface TotalsLine extends LineInput {
  amountMinor: number;
}

export interface SaleTotals {
  lines: TotalsLine[];
  subtotalMinor: number;
  taxMinor: number;
  tipMinor: number;
  totalMinor: number;
}

/** Raised when a cart cannot be charged: its total exceeds what Stripe accepts in one charge, or is zero. */
export class TotalsError extends Error {
  constructor(
    readonly code: 'amount_too_large' | 'amount_too_small',
    message: string,
  ) {
    super(message);
    this.name = 'TotalsError';
  }
}

/**
 * Totals for a sale's lines (before any tip, which only the reader knows: pass it once captured).
 * Throws TotalsError when the total is zero or above Stripe's 8-digit maximum.
 */
export function computeSaleTotals(input: {
  lines: LineInput[];
  taxRateBps: number;
  currency: string;
  tipMinor?: number;
}): SaleTotals {
  const lines = input.lines.map((line) => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) throw new RangeError('bad quantity');
    if (!Number.isSafeInteger(line.unitPriceMinor) || line.unitPriceMinor < 0)
      throw new RangeError('bad price');
    return { ...line, amountMinor: line.quantity * line.unitPriceMinor };
  });
  const subtotalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  if (subtotalMinor > MAX_AMOUNT_MINOR) {
    throw new TotalsError('amount_too_large', 'The sale is larger than one card payment can be.');
  }
  const tax = taxOnSubtotalMinor(subtotalMinor, input.taxRateBps, input.currency);
  const tipMinor = input.tipMinor ?? 0;
  const totalMinor = subtotalMinor + tax + tipMinor;
  if (totalMinor > MAX_AMOUNT_MINOR) {
    throw new TotalsError('amount_too_large', 'The sale is larger than one card payment can be.');
  }
  if (totalMinor <= 0) throw new TotalsError('amount_too_small', 'The sale total must be above zero.');
  return { lines, subtotalMinor, taxMinor: tax, tipMinor, totalMinor };
}
