/**
 * The API shape of a stored sale, with its tenders. A sale paid directly by one card (attempts on the sale
 * itself) shows that card as its one tender (id = the sale's id); a sale paid by tenders shows each cash
 * tender and each card tender with its card part's card and tip. `refundedMinor` per tender counts pending
 * and succeeded refunds to it.
 */
import type { AppliedDiscount, Sale, SaleLine, Tender } from '@countertop/shared';
import type { Repositories } from '../../db/repositories/index.ts';
import type { JournalRefund } from '../../db/repositories/refunds.repo.ts';
import type { AppliedDiscountRecord, SaleRecord } from '../../db/repositories/sales.repo.ts';
import type { TenderRecord } from '../../db/repositories/tenders.repo.ts';

/** What a sale was paid with: its tender rows, its card parts, and every refund of it and of them. */
export interface SalePayments {
  tenders: readonly TenderRecord[];
  cardParts: readonly SaleRecord[];
  refunds: readonly JournalRefund[];
}

const CAPTURED = new Set(['succeeded', 'partially_refunded', 'refunded']);
const COUNTED_REFUNDS = new Set(['pending', 'succeeded']);

export const NO_PAYMENTS: SalePayments = { tenders: [], cardParts: [], refunds: [] };

export function toApiDiscount(discount: AppliedDiscountRecord | null): AppliedDiscount | null {
  if (!discount) return null;
  return {
    discountId: discount.discountId,
    name: discount.name,
    kind: discount.kind,
    percentBps: discount.percentBps,
    amountMinor: discount.amountMinor,
    discountMinor: discount.discountMinor,
    approvedBy: discount.approvedBy,
  };
}

export function toApiLines(sale: SaleRecord): SaleLine[] {
  return sale.lines.map((line) => ({
    description: line.description,
    quantity: line.quantity,
    unitPriceMinor: line.unitPriceMinor,
    amountMinor: line.amountMinor,
    productId: line.productId,
    variantId: line.variantId,
    variantName: line.variantName,
    modifiers: line.modifiers.map((modifier) => ({ ...modifier })),
    discount: toApiDiscount(line.lineDiscount),
    discountMinor: line.discountMinor,
    taxMinor: line.taxMinor,
    taxRateBps: line.taxRateBps,
    totalMinor: line.amountMinor - line.discountMinor + (sale.taxIncluded ? 0 : line.taxMinor),
  }));
}

function refundedTo(refunds: readonly JournalRefund[], match: (refund: JournalRefund) => boolean): number {
  return refunds
    .filter((refund) => COUNTED_REFUNDS.has(refund.status) && match(refund))
    .reduce((sum, refund) => sum + refund.amountMinor, 0);
}

/** The sale's tenders as the API shows them. */
export function tendersOf(sale: SaleRecord, payments: SalePayments): Tender[] {
  if (payments.tenders.length === 0) {
    // Paid directly by one card (or not paid yet): its card is its one tender once a payment started.
    if (sale.kind === 'card_part' || (sale.paymentIntentId === null && !CAPTURED.has(sale.status))) return [];
    return [
      {
        id: sale.id,
        method: 'card',
        status: CAPTURED.has(sale.status) ? 'paid' : sale.status === 'canceled' ? 'canceled' : 'pending',
        amountMinor: sale.totalMinor - sale.tipMinor,
        tipMinor: sale.tipMinor,
        tenderedMinor: null,
        changeMinor: null,
        card: sale.card,
        cardSaleId: sale.id,
        refundedMinor: refundedTo(payments.refunds, (refund) => refund.saleId === sale.id),
        createdAt: new Date(sale.createdAtMs).toISOString(),
      },
    ];
  }
  const parts = new Map(payments.cardParts.map((part) => [part.id, part]));
  return payments.tenders.map((tender) => {
    const part = tender.cardSaleId === null ? undefined : parts.get(tender.cardSaleId);
    return {
      id: tender.id,
      method: tender.method,
      status: tender.status,
      amountMinor: tender.amountMinor,
      tipMinor: part?.tipMinor ?? 0,
      tenderedMinor: tender.tenderedMinor,
      changeMinor: tender.changeMinor,
      card: part?.card ?? null,
      cardSaleId: tender.cardSaleId,
      refundedMinor: refundedTo(
        payments.refunds,
        (refund) => refund.tenderId === tender.id || (part !== undefined && refund.saleId === part.id),
      ),
      createdAt: new Date(tender.createdAtMs).toISOString(),
    };
  });
}

/** What is still to pay before tips (0 once the sale's money was taken). */
export function amountDueOf(sale: SaleRecord, payments: SalePayments): number {
  if (CAPTURED.has(sale.status) || sale.status === 'canceled') return 0;
  const paid = payments.tenders
    .filter((tender) => tender.status === 'paid')
    .reduce((sum, tender) => sum + tender.amountMinor, 0);
  return Math.max(0, sale.totalMinor - sale.tipMinor - paid);
}

export function toApiSale(sale: SaleRecord, payments: SalePayments = NO_PAYMENTS): Sale {
  return {
    id: sale.id,
    clientSaleId: sale.clientSaleId,
    status: sale.status,
    currency: sale.currency,
    lines: toApiLines(sale),
    subtotalMinor: sale.subtotalMinor,
    discountMinor: sale.discountMinor,
    saleDiscount: toApiDiscount(sale.saleDiscount),
    taxMinor: sale.taxMinor,
    taxIncluded: sale.taxIncluded,
    taxes: sale.taxes.map((tax) => ({
      name: tax.name ?? `Tax ${tax.rateBps / 100}%`,
      taxClass: tax.taxClass,
      rateBps: tax.rateBps,
      baseMinor: tax.baseMinor,
      taxMinor: tax.taxMinor,
    })),
    tipMinor: sale.tipMinor,
    totalMinor: sale.totalMinor,
    applicationFeeMinor: sale.applicationFeeMinor,
    createdAt: new Date(sale.createdAtMs).toISOString(),
    staffId: sale.staffId,
    readerId: sale.readerId,
    paymentIntentId: sale.paymentIntentId,
    lastError: sale.lastError,
    card: sale.card,
    kind: sale.kind,
    parentSaleId: sale.parentSaleId,
    receiptNumber: sale.receiptNumber,
    tenders: tendersOf(sale, payments),
    amountDueMinor: amountDueOf(sale, payments),
  };
}

/** Reads what the sale was paid with. */
export async function paymentsOf(repos: Repositories, sale: SaleRecord): Promise<SalePayments> {
  if (sale.kind === 'card_part') {
    const refunds = CAPTURED.has(sale.status) ? await repos.refunds.refundsOfSales([sale.id]) : [];
    return { tenders: [], cardParts: [], refunds };
  }
  const tenders = await repos.tenders.listBySale(sale.id);
  const hasCard = tenders.some((tender) => tender.method === 'card');
  const [cardParts, refunds] = await Promise.all([
    hasCard ? repos.sales.listCardParts(sale.id) : Promise.resolve([]),
    CAPTURED.has(sale.status) ? repos.refunds.refundsOfSales([sale.id]) : Promise.resolve([]),
  ]);
  return { tenders, cardParts, refunds };
}

/** The sale as the API shows it, its tenders read from the database. */
export async function saleView(repos: Repositories, sale: SaleRecord): Promise<Sale> {
  return toApiSale(sale, await paymentsOf(repos, sale));
}
