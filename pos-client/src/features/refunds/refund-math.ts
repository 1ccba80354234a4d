/**
 * What a refund at the counter will give back, before it is sent (pure): the units of each line still to
 * refund, and the amount of refunding some of them by the shared cumulative rule (`refundOfItems`), so the
 * confirmation states the exact amount the server will refund.
 */
import {
  type CounterRefund,
  refundableOfTender,
  refundOfItems,
  type Sale,
  type Tender,
} from '@countertop/shared';

export interface LineLeft {
  position: number;
  description: string;
  /** Units not refunded yet. */
  left: number;
  refundedQuantity: number;
  refundedMinor: number;
}

/** Each line's units and amount refunded so far (refunds that did not fail), and what is left. */
export function linesLeft(sale: Sale, refunds: readonly CounterRefund[]): LineLeft[] {
  const counted = refunds.filter((refund) => refund.status === 'pending' || refund.status === 'succeeded');
  return sale.lines.map((line, position) => {
    const items = counted.flatMap((refund) => refund.items.filter((item) => item.position === position));
    const refundedQuantity = items.reduce((sum, item) => sum + item.quantity, 0);
    const refundedMinor = items.reduce((sum, item) => sum + item.amountMinor, 0);
    return {
      position,
      description: line.description,
      left: Math.max(0, line.quantity - refundedQuantity),
      refundedQuantity,
      refundedMinor,
    };
  });
}

/** The amount refunding `quantities` (by position) gives back. */
export function itemsRefundMinor(
  sale: Sale,
  left: readonly LineLeft[],
  quantities: Readonly<Record<number, number>>,
): number {
  let total = 0;
  for (const entry of left) {
    const quantity = quantities[entry.position] ?? 0;
    const line = sale.lines[entry.position];
    if (!line || quantity <= 0) continue;
    total += refundOfItems(
      { quantity: line.quantity, totalMinor: line.totalMinor, taxMinor: line.taxMinor },
      { quantity: entry.refundedQuantity, amountMinor: entry.refundedMinor, taxMinor: 0 },
      Math.min(quantity, entry.left),
      sale.currency,
    ).amountMinor;
  }
  return total;
}

/** The tenders money can go back to (paid, with something left to give back). */
export function refundableTenders(sale: Sale): (Tender & { refundableMinor: number })[] {
  return sale.tenders
    .filter((tender) => tender.status === 'paid')
    .map((tender) => ({ ...tender, refundableMinor: refundableOfTender(tender) }))
    .filter((tender) => tender.refundableMinor > 0);
}

/** A sale that took cash but is not paid in full is voided, not refunded. */
export function canVoid(sale: Sale): boolean {
  return (
    sale.kind === 'sale' &&
    !['succeeded', 'canceled', 'refunded', 'partially_refunded'].includes(sale.status) &&
    sale.tenders.some((tender) => tender.method === 'cash' && tender.status === 'paid')
  );
}
