/**
 * The tender screen's arithmetic and wording choices (pure): the part being paid now, the cash handed over,
 * the change, and what the cashier is told when card cannot be taken.
 */
import { changeDueMinor, parseMajorAmount, type Sale } from '@countertop/shared';

/** The part to pay now: blank means all that is due; never more than is due. */
export function partAmount(text: string, dueMinor: number, currency: string): number | null {
  if (text.trim() === '') return dueMinor;
  const amount = parseMajorAmount(text, currency);
  if (amount === null || amount <= 0 || amount > dueMinor) return null;
  return amount;
}

/** The change for `tenderedText` handed over for `amountMinor`; null when it does not parse or is short. */
export function changeFor(amountMinor: number, tenderedText: string, currency: string): number | null {
  const tendered = tenderedText.trim() === '' ? amountMinor : parseMajorAmount(tenderedText, currency);
  if (tendered === null || tendered < amountMinor) return null;
  return changeDueMinor(amountMinor, tendered);
}

/** The change given on the sale so far (its paid cash tenders'). */
export function changeGiven(sale: Sale): number {
  return sale.tenders
    .filter((tender) => tender.method === 'cash' && tender.status === 'paid')
    .reduce((sum, tender) => sum + (tender.changeMinor ?? 0), 0);
}

/** Whether anything has been paid on the sale (then it cannot simply be canceled: it is voided). */
export function hasPaidTender(sale: Sale): boolean {
  return sale.tenders.some((tender) => tender.status === 'paid');
}

/** The card part still waiting for its card, if one is. */
export function pendingCardPart(sale: Sale): string | null {
  return (
    sale.tenders.find((tender) => tender.method === 'card' && tender.status === 'pending')?.cardSaleId ?? null
  );
}
