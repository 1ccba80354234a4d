/**
 * Tender and refund arithmetic (pure, integer minor units), shared by the counter and the server.
 *
 * - A sale is paid by one or more tenders (cash, card) whose amounts add up to its amount due; a card
 *   tender may add a tip on the reader, which is on top of its amount.
 * - Cash: the customer hands over `tenderedMinor` ≥ the tender's amount; the change is the difference.
 * - Refunds go back to a tender, never more than that tender took (its amount plus its tip) minus what was
 *   already refunded to it. Refunding items refunds what those items cost (`refundOfItems`); a refund of an
 *   amount carries its share of the sale's tax (`taxPartOfRefund`), so reports can take refunded tax out.
 */

import { minorUnitDigits } from './money.ts';
import { divideRoundHalfUp } from './pricing.ts';
import { roundingStepMinor } from './tax.ts';

function assertAmount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a whole amount ≥ 0`);
}

/** What is still due on a sale after the tenders paid so far (never below zero). */
export function amountDueMinor(totalMinor: number, paidTendersMinor: readonly number[]): number {
  assertAmount(totalMinor, 'a total');
  const paid = paidTendersMinor.reduce((sum, amount) => {
    assertAmount(amount, 'a tender');
    return sum + amount;
  }, 0);
  return Math.max(0, totalMinor - paid);
}

/** The change for a cash tender of `amountMinor` when the customer hands over `tenderedMinor`. */
export function changeDueMinor(amountMinor: number, tenderedMinor: number): number {
  assertAmount(amountMinor, 'a cash amount');
  assertAmount(tenderedMinor, 'the cash handed over');
  if (tenderedMinor < amountMinor) throw new RangeError('less cash was handed over than the amount');
  return tenderedMinor - amountMinor;
}

/** Banknotes of the common currencies, in minor units (others: powers of ten of the major unit). */
const BANKNOTES: Readonly<Record<string, readonly number[]>> = {
  usd: [100, 500, 1_000, 2_000, 5_000, 10_000],
  cad: [500, 1_000, 2_000, 5_000, 10_000],
  aud: [500, 1_000, 2_000, 5_000, 10_000],
  eur: [500, 1_000, 2_000, 5_000, 10_000],
  gbp: [500, 1_000, 2_000, 5_000],
  jpy: [1_000, 5_000, 10_000],
};

/**
 * Quick cash buttons for an amount due: the exact amount, the next whole unit, then the next amounts a
 * banknote (or one more of the largest) makes up; at most `count`, ascending, each ≥ the amount due;
 * none when nothing is due.
 */
export function suggestedCashAmounts(amountDue: number, currency: string, count = 4): number[] {
  assertAmount(amountDue, 'an amount due');
  if (amountDue === 0) return [];
  const unit = 10 ** minorUnitDigits(currency);
  const notes = BANKNOTES[currency.toLowerCase()] ?? [1, 5, 10, 20, 50, 100].map((major) => major * unit);
  const candidates = new Set<number>([amountDue]);
  candidates.add(Math.ceil(amountDue / unit) * unit);
  for (const note of notes) candidates.add(Math.ceil(amountDue / note) * note);
  const largest = notes.at(-1) ?? unit;
  candidates.add((Math.floor(amountDue / largest) + 1) * largest);
  return [...candidates]
    .filter((amount) => amount >= amountDue)
    .sort((a, b) => a - b)
    .slice(0, count);
}

/** What a tender can still give back: what it took (amount + tip) minus what was refunded to it. */
export function refundableOfTender(tender: {
  amountMinor: number;
  tipMinor: number;
  refundedMinor: number;
}): number {
  assertAmount(tender.amountMinor, 'a tender amount');
  assertAmount(tender.tipMinor, 'a tip');
  assertAmount(tender.refundedMinor, 'a refunded amount');
  return Math.max(0, tender.amountMinor + tender.tipMinor - tender.refundedMinor);
}

export interface RefundableLine {
  quantity: number;
  /** What the line cost the customer (net, plus tax when added). */
  totalMinor: number;
  /** The line's tax (included or added). */
  taxMinor: number;
}

export interface RefundedSoFar {
  quantity: number;
  amountMinor: number;
  taxMinor: number;
}

/** The part of `total` that `part` of `whole` stands for, rounded half up (all of it when part ≥ whole). */
function cumulativeShare(total: number, part: number, whole: number, step = 1): number {
  if (whole <= 0 || part >= whole) return total;
  return Math.min(total, divideRoundHalfUp(BigInt(total) * BigInt(part), BigInt(whole), step));
}

/**
 * The refund of `quantity` more units of a line. Shares are cumulative: after refunding k of the line's n
 * units, k/n of its total has been refunded (rounded half up to the currency's step), and the tax refunded
 * is the same fraction of the line's tax as the amount refunded is of its total. So refunding a line unit by
 * unit, in any chunks, gives back its total and its tax to the minor unit, and no refund's tax part is ever
 * more than its amount.
 */
export function refundOfItems(
  line: RefundableLine,
  refunded: RefundedSoFar,
  quantity: number,
  currency: string,
): { amountMinor: number; taxMinor: number } {
  assertAmount(line.totalMinor, 'a line total');
  assertAmount(line.taxMinor, 'a line tax');
  if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new RangeError('refund at least one unit');
  if (refunded.quantity + quantity > line.quantity) {
    throw new RangeError('more units than are left to refund on the line');
  }
  const step = roundingStepMinor(currency);
  const amountAfter = cumulativeShare(line.totalMinor, refunded.quantity + quantity, line.quantity, step);
  const amountMinor = Math.max(0, amountAfter - refunded.amountMinor);
  const taxAfter = cumulativeShare(line.taxMinor, refunded.amountMinor + amountMinor, line.totalMinor);
  const taxMinor = Math.min(amountMinor, Math.max(0, taxAfter - refunded.taxMinor));
  return { amountMinor, taxMinor };
}

/**
 * The tax part of refunding `amountMinor` of a sale whose goods came to `goodsMinor` (its total without
 * tips, which carry no tax) with `taxMinor` of tax: cumulative, so the tax refunded is always the same
 * fraction of the sale's tax as the money refunded is of its goods (half up); never more than the refund
 * itself, and once the refunds reach the goods total (a tip refunded too) all the tax has gone back.
 */
export function taxPartOfRefund(
  amountMinor: number,
  sale: { goodsMinor: number; taxMinor: number; refundedMinor: number; taxRefundedMinor: number },
): number {
  assertAmount(amountMinor, 'a refund');
  assertAmount(sale.goodsMinor, "the sale's goods");
  assertAmount(sale.taxMinor, 'the sale tax');
  if (sale.goodsMinor === 0) return 0;
  const taxAfter = cumulativeShare(sale.taxMinor, sale.refundedMinor + amountMinor, sale.goodsMinor);
  return Math.min(amountMinor, Math.max(0, taxAfter - sale.taxRefundedMinor));
}
