/**
 * What a card part's outcome does to its sale, in the transaction that records the outcome: the card
 * tender becomes paid (its card part captured) or canceled, and a sale whose tenders now cover its amount
 * due is paid (succeeded), with the tips added on the readers and the platform's fees of its card parts
 * (cash carries no fee). Called wherever a card part's status is written: settlement (sync, webhooks,
 * recovery), and cancellation.
 */
import type { Repositories } from '../../db/repositories/index.ts';
import type { SaleRecord } from '../../db/repositories/sales.repo.ts';
import { nextSaleStatus } from '../../domain/sale-state.ts';

const CAPTURED = new Set(['succeeded', 'partially_refunded', 'refunded']);

/** Completes the sale when its paid tenders cover its amount due (call with the sale's row lockable). */
export async function completeIfPaid(
  tx: Repositories,
  saleId: string,
  nowMs: number,
): Promise<SaleRecord | null> {
  await tx.sales.lockForUpdate(saleId);
  const sale = await tx.sales.findById(saleId);
  if (!sale || (sale.status !== 'open' && sale.status !== 'awaiting_payment')) return sale ?? null;
  const tenders = await tx.tenders.listBySale(saleId);
  const goodsMinor = sale.totalMinor - sale.tipMinor;
  const paidMinor = tenders
    .filter((tender) => tender.status === 'paid')
    .reduce((sum, tender) => sum + tender.amountMinor, 0);
  if (tenders.length === 0 || paidMinor < goodsMinor) return sale;
  const paidParts = (await tx.sales.listCardParts(saleId)).filter((part) => CAPTURED.has(part.status));
  const tipMinor = paidParts.reduce((sum, part) => sum + part.tipMinor, 0);
  return tx.sales.update(
    saleId,
    {
      status: nextSaleStatus(sale.status, 'succeeded'),
      tipMinor,
      totalMinor: goodsMinor + tipMinor,
      applicationFeeMinor: paidParts.reduce((sum, part) => sum + part.applicationFeeMinor, 0),
      capturedAtMs: nowMs,
    },
    nowMs,
  );
}

/** Brings a card part's tender (and its sale) in line with the card part's status; no-op for a sale. */
export async function settleCardTender(tx: Repositories, part: SaleRecord, nowMs: number): Promise<void> {
  if (part.kind !== 'card_part' || part.parentSaleId === null) return;
  const tender = await tx.tenders.findByCardSaleId(part.id);
  if (tender?.status !== 'pending') return;
  if (CAPTURED.has(part.status)) {
    await tx.tenders.setStatus(tender.id, 'paid', nowMs);
    await completeIfPaid(tx, part.parentSaleId, nowMs);
  } else if (part.status === 'canceled') {
    await tx.tenders.setStatus(tender.id, 'canceled', nowMs);
  }
}
