/**
 * What refunds do to a sale, shared by the merchant's refunds and the counter's: a payment's status after
 * its refunds (partially refunded, refunded; back to succeeded when its only refund failed) — and, for a
 * card part, its sale's too, whose total every tender's refunds count against; which card payment a refund
 * of a sale goes to; and the tax part of refunding an amount.
 */
import { type Tender, taxPartOfRefund } from '@countertop/shared';
import type { Repositories } from '../db/repositories/index.ts';
import type { JournalRefund } from '../db/repositories/refunds.repo.ts';
import type { SaleRecord } from '../db/repositories/sales.repo.ts';
import { conflict, invalidRequest } from '../errors.ts';

const CAPTURED = new Set(['succeeded', 'partially_refunded', 'refunded']);
const COUNTED = new Set(['pending', 'succeeded']);

export function countedOf(refunds: readonly JournalRefund[]): JournalRefund[] {
  return refunds.filter((refund) => COUNTED.has(refund.status));
}

async function settleOne(tx: Repositories, sale: SaleRecord, nowMs: number): Promise<void> {
  if (!CAPTURED.has(sale.status)) return;
  const refunded = countedOf(await tx.refunds.refundsOfSales([sale.id])).reduce(
    (sum, refund) => sum + refund.amountMinor,
    0,
  );
  const status =
    refunded === 0 ? 'succeeded' : refunded >= sale.totalMinor ? 'refunded' : 'partially_refunded';
  if (status !== sale.status) await tx.sales.update(sale.id, { status }, nowMs);
}

/** Sets the refunded payment's status from its counted refunds, and its sale's when it is a card part. */
export async function settleRefundedStatus(tx: Repositories, saleId: string, nowMs: number): Promise<void> {
  const sale = await tx.sales.findById(saleId);
  if (!sale) return;
  await settleOne(tx, sale, nowMs);
  if (sale.parentSaleId !== null) {
    const parent = await tx.sales.findById(sale.parentSaleId);
    if (parent) await settleOne(tx, parent, nowMs);
  }
}

/**
 * The card payment a refund of the sale goes to: the sale itself when paid directly by card, else the
 * card part of the tender named (or of its only tender). A cash tender is refunded at the counter.
 */
export function cardPaymentOf(
  saleId: string,
  tenders: readonly Tender[],
  tenderId: string | undefined,
): string {
  if (tenders.length === 0) return saleId;
  const paid = tenders.filter((tender) => tender.status === 'paid');
  const tender =
    tenderId === undefined
      ? paid.length === 1
        ? paid[0]
        : undefined
      : tenders.find((t) => t.id === tenderId);
  if (!tender) {
    throw invalidRequest(
      tenderId === undefined
        ? 'This sale was paid with several tenders: choose which one to refund (tenderId).'
        : `tenderId: no tender ${tenderId} on this sale`,
    );
  }
  if (tender.method === 'cash' || tender.cardSaleId === null) {
    throw conflict('conflict', 'Cash is given back at the counter, from the drawer: refund it there.');
  }
  return tender.cardSaleId;
}

/** The id of a real tender row paid through `paymentSaleId` (null for a sale paid directly by card). */
export function tenderIdOf(tenders: readonly Tender[], paymentSaleId: string): string | null {
  const tender = tenders.find((candidate) => candidate.cardSaleId === paymentSaleId);
  return tender && tender.id !== paymentSaleId ? tender.id : null;
}

/**
 * The tax part of refunding `amountMinor` of the sale (null: everything its payment `paymentSaleId` can
 * still give back), in proportion to the sale's tax (shared `taxPartOfRefund`).
 */
export async function taxOfAmountRefund(
  repos: Repositories,
  sale: SaleRecord,
  amountMinor: number | null,
  paymentSaleId: string,
): Promise<number> {
  const refunds = countedOf(await repos.refunds.refundsOfSales([sale.id]));
  let amount = amountMinor;
  if (amount === null) {
    const payment = paymentSaleId === sale.id ? sale : await repos.sales.findById(paymentSaleId);
    const ofPayment = refunds.filter((refund) => refund.saleId === paymentSaleId);
    amount = Math.max(
      0,
      (payment?.totalMinor ?? 0) - ofPayment.reduce((sum, refund) => sum + refund.amountMinor, 0),
    );
  }
  return taxPartOfRefund(amount, {
    goodsMinor: sale.totalMinor - sale.tipMinor,
    taxMinor: sale.taxMinor,
    refundedMinor: refunds.reduce((sum, refund) => sum + refund.amountMinor, 0),
    taxRefundedMinor: refunds.reduce((sum, refund) => sum + refund.taxMinor, 0),
  });
}
