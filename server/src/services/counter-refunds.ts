/**
 * Refunds at the counter, by staff whose role has `refunds` (or with a manager's approval): find the sale
 * (by receipt number, or the last four digits of the card), then refund items or an amount, with a reason,
 * to one of its tenders — a card through Stripe (refunds.service.ts; Interac cards in person on a reader,
 * Stripe's rule), cash out of this register's open drawer (written done, with its drawer movement, in one
 * transaction holding the sale's and the shift's rows). Never more than the tender took (amount and tip)
 * minus what was refunded to it, nor than the sale has left; items never more than the units sold.
 */
import {
  type CounterRefund,
  type CounterRefundBody,
  type CounterRefundResponse,
  refundableOfTender,
  refundOfItems,
  type Sale,
  type SaleLookupQuery,
  type Tender,
} from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { JournalRefund, RefundLineRecord } from '../db/repositories/refunds.repo.ts';
import type { SaleRecord } from '../db/repositories/sales.repo.ts';
import { AppError, conflict, invalidRequest, notFound } from '../errors.ts';
import type { Clock, IdGenerator } from '../runtime.ts';
import type { Approvals } from './approvals.ts';
import type { CounterContext } from './auth.service.ts';
import { paymentsOf, saleView, toApiSale } from './checkout/api-sale.ts';
import { accountContext } from './checkout/keys.ts';
import { DRAWER_CLOSED_MESSAGE } from './checkout/tenders.ts';
import {
  cardPaymentOf,
  countedOf,
  settleRefundedStatus,
  taxOfAmountRefund,
  tenderIdOf,
} from './refund-rules.ts';
import type { RefundsService } from './refunds.service.ts';

export interface CounterRefundsDeps {
  database: Database;
  refunds: Pick<RefundsService, 'refundCardPayment'>;
  approvals: Approvals;
  clock: Clock;
  ids: IdGenerator;
}

const REFUNDABLE = new Set(['succeeded', 'partially_refunded']);
/** How far back a search by card looks. */
const LAST4_WINDOW_MS = 30 * 86_400_000;
const LOOKUP_LIMIT = 50;

export function createCounterRefunds({ database, refunds, approvals, clock, ids }: CounterRefundsDeps) {
  const { repos } = database;

  async function scopedSale(counter: CounterContext, saleId: string): Promise<SaleRecord> {
    const sale = await repos.sales.findById(saleId);
    if (!sale || sale.accountId !== counter.account.id || sale.locationId !== counter.location.id) {
      throw notFound('sale_not_found', 'No such sale at this location.');
    }
    if (sale.kind !== 'sale')
      throw invalidRequest('This is the card part of a sale: refund the sale itself.');
    return sale;
  }

  async function staffNames(ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const id of ids) {
      if (id === null || names.has(id)) continue;
      names.set(id, (await repos.staff.findById(id))?.displayName ?? id);
    }
    return names;
  }

  async function toCounterRefunds(
    saleId: string,
    journal: readonly JournalRefund[],
  ): Promise<CounterRefund[]> {
    const lines = await repos.refunds.refundLinesOfSale(saleId);
    const names = await staffNames(journal.map((refund) => refund.approvedByStaffId));
    return journal.map((refund) => ({
      id: refund.id,
      saleId: refund.ticketSaleId,
      tenderId: refund.tenderId,
      method: refund.method,
      amountMinor: refund.amountMinor,
      taxMinor: refund.taxMinor,
      status: refund.status,
      reason: refund.reason,
      items: lines
        .filter((line) => line.refundId === refund.id)
        .map((line) => ({ position: line.position, quantity: line.quantity, amountMinor: line.amountMinor })),
      requestedBy: refund.requestedByLabel,
      approvedBy: refund.approvedByStaffId === null ? null : (names.get(refund.approvedByStaffId) ?? null),
      failureMessage: refund.failureMessage,
      createdAt: new Date(refund.createdAtMs).toISOString(),
    }));
  }

  /** The items' refund lines (amount and tax each), checked against the units left on each line. */
  async function itemLines(
    sale: SaleRecord,
    items: NonNullable<CounterRefundBody['items']>,
  ): Promise<Omit<RefundLineRecord, 'refundId'>[]> {
    const counted = new Set(
      countedOf(await repos.refunds.refundsOfSales([sale.id])).map((refund) => refund.id),
    );
    const done = (await repos.refunds.refundLinesOfSale(sale.id)).filter((line) =>
      counted.has(line.refundId),
    );
    return items.map((item) => {
      const line = sale.lines.find((candidate) => candidate.position === item.position);
      if (!line) throw invalidRequest(`items: the sale has no line ${item.position}`);
      const so = done.filter((entry) => entry.position === item.position);
      const refunded = {
        quantity: so.reduce((sum, entry) => sum + entry.quantity, 0),
        amountMinor: so.reduce((sum, entry) => sum + entry.amountMinor, 0),
        taxMinor: so.reduce((sum, entry) => sum + entry.taxMinor, 0),
      };
      if (refunded.quantity + item.quantity > line.quantity) {
        throw invalidRequest(
          `items: only ${line.quantity - refunded.quantity} of ${line.description} are left to refund.`,
        );
      }
      const total = line.amountMinor - line.discountMinor + (sale.taxIncluded ? 0 : line.taxMinor);
      const part = refundOfItems(
        { quantity: line.quantity, totalMinor: total, taxMinor: line.taxMinor },
        refunded,
        item.quantity,
        sale.currency,
      );
      return { saleId: sale.id, position: item.position, quantity: item.quantity, ...part };
    });
  }

  function chooseTender(sale: Sale, tenderId: string | undefined): Tender {
    const paid = sale.tenders.filter((tender) => tender.status === 'paid');
    const tender =
      tenderId === undefined
        ? paid.length === 1
          ? paid[0]
          : undefined
        : paid.find((t) => t.id === tenderId);
    if (!tender) {
      throw invalidRequest(
        tenderId === undefined
          ? 'This sale was paid with several tenders: choose which one to refund (tenderId).'
          : `tenderId: no paid tender ${tenderId} on this sale`,
      );
    }
    return tender;
  }

  async function refundCash(
    counter: CounterContext,
    sale: SaleRecord,
    tender: Tender,
    refund: { amountMinor: number; taxMinor: number; lines: Omit<RefundLineRecord, 'refundId'>[] },
    body: CounterRefundBody,
    approvedByStaffId: string | null,
  ): Promise<string> {
    const refundId = ids.newId('rfd');
    await database.transaction(async (tx) => {
      await tx.sales.lockForUpdate(sale.id);
      const shift = await tx.drawer.findOpenShift(counter.register.id);
      if (!shift) throw new AppError('drawer_closed', DRAWER_CLOSED_MESSAGE);
      await tx.drawer.lockShift(shift.id);
      // Re-checked under the locks: a refund made meanwhile counts.
      const current = await tx.sales.findById(sale.id);
      if (!current || !REFUNDABLE.has(current.status))
        throw conflict('conflict', 'This sale is refunded in full.');
      const ofTender = countedOf(await tx.refunds.refundsOfSales([sale.id])).filter(
        (r) => r.tenderId === tender.id,
      );
      const left = refundableOfTender({
        amountMinor: tender.amountMinor,
        tipMinor: tender.tipMinor,
        refundedMinor: ofTender.reduce((sum, r) => sum + r.amountMinor, 0),
      });
      if (refund.amountMinor > left) {
        throw invalidRequest(`At most ${left} (minor units) is left to refund in cash on this sale.`);
      }
      const expected = await tx.drawer.expectedCash(shift.id);
      if (refund.amountMinor > expected) {
        throw invalidRequest(`There is only ${expected} (minor units) in the drawer.`);
      }
      const nowMs = clock.nowMs();
      await tx.refunds.insertRefund(
        {
          id: refundId,
          saleId: sale.id,
          refundKey: body.refundKey,
          stripeIdempotencyKey: null,
          amountMinor: refund.amountMinor,
          reason: body.reason,
          requestedByStaffId: counter.staff.id,
          requestedByUserId: null,
          requestedByLabel: `${counter.staff.displayName} (${counter.staff.role})`,
          method: 'cash',
          tenderId: tender.id,
          taxMinor: refund.taxMinor,
          approvedByStaffId,
          registerId: counter.register.id,
          status: 'succeeded',
        },
        nowMs,
      );
      await tx.refunds.insertRefundLines(refund.lines.map((line) => ({ ...line, refundId })));
      await tx.drawer.insertMovement({
        id: ids.newId('mov'),
        shiftId: shift.id,
        movementKey: null,
        kind: 'cash_refund',
        amountMinor: -refund.amountMinor,
        reason: body.reason,
        staffId: counter.staff.id,
        saleId: sale.id,
        createdAtMs: nowMs,
      });
      await settleRefundedStatus(tx, sale.id, nowMs);
    });
    return refundId;
  }

  async function respond(
    counter: CounterContext,
    saleId: string,
    refundId: string,
  ): Promise<CounterRefundResponse> {
    const sale = await scopedSale(counter, saleId);
    const journal = await repos.refunds.refundsOfSales([sale.id]);
    const view = (await toCounterRefunds(sale.id, journal)).find((refund) => refund.id === refundId);
    if (!view) throw new Error(`refund ${refundId} missing from its sale`);
    return { sale: await saleView(repos, sale), refund: view };
  }

  return {
    /** This location's sales by receipt number (any date) or card last 4 (the last 30 days). */
    async lookup(counter: CounterContext, query: SaleLookupQuery): Promise<Sale[]> {
      let sales: SaleRecord[];
      if (query.receiptNumber !== undefined) {
        const sale = await repos.sales.findByReceiptNumber(
          counter.account.id,
          query.receiptNumber.toUpperCase(),
        );
        sales = sale && sale.locationId === counter.location.id ? [sale] : [];
      } else {
        sales = await repos.sales.listByCardLast4(
          counter.location.id,
          query.last4 ?? '',
          clock.nowMs() - LAST4_WINDOW_MS,
          LOOKUP_LIMIT,
        );
      }
      return Promise.all(sales.map((sale) => saleView(repos, sale)));
    },

    async list(counter: CounterContext, saleId: string): Promise<CounterRefund[]> {
      const sale = await scopedSale(counter, saleId);
      return toCounterRefunds(sale.id, await repos.refunds.refundsOfSales([sale.id]));
    },

    async refund(
      counter: CounterContext,
      saleId: string,
      body: CounterRefundBody,
    ): Promise<CounterRefundResponse> {
      const sale = await scopedSale(counter, saleId);
      const { approvedBy } = await approvals.authorize(counter, 'refunds', body.approval);
      const previous = await repos.refunds.findRefundByKey(counter.account.id, body.refundKey);
      if (previous) {
        if (previous.ticketSaleId !== sale.id)
          throw conflict('conflict', 'This refund key was already used for another refund.');
        if (previous.method === 'card' && previous.status === 'pending' && previous.stripeRefundId === null) {
          await refunds.refundCardPayment({
            accountId: counter.account.id,
            context: accountContext(counter.account),
            paymentSaleId: previous.saleId,
            tenderId: previous.tenderId,
            refundKey: body.refundKey,
            reason: body.reason,
            requestedBy: { staffId: counter.staff.id, userId: null, label: counter.staff.displayName },
          });
        }
        return respond(counter, sale.id, previous.id);
      }
      if (!REFUNDABLE.has(sale.status)) {
        throw conflict(
          'conflict',
          sale.status === 'refunded'
            ? 'This sale has already been refunded in full.'
            : 'Only a paid sale can be refunded.',
        );
      }
      const view = toApiSale(sale, await paymentsOf(repos, sale));
      const tender = chooseTender(view, body.tenderId);
      const lines = body.items ? await itemLines(sale, body.items) : [];
      const tenderLeft = refundableOfTender(tender);
      const amountMinor = body.items
        ? lines.reduce((sum, line) => sum + line.amountMinor, 0)
        : (body.amountMinor ?? tenderLeft);
      if (amountMinor <= 0) throw conflict('conflict', 'Nothing is left to refund to this tender.');
      if (amountMinor > tenderLeft) {
        throw invalidRequest(`At most ${tenderLeft} (minor units) is left to refund to this tender.`);
      }
      const taxMinor = body.items
        ? lines.reduce((sum, line) => sum + line.taxMinor, 0)
        : await taxOfAmountRefund(repos, sale, amountMinor, tender.cardSaleId ?? sale.id);
      if (tender.method === 'cash') {
        const refundId = await refundCash(
          counter,
          sale,
          tender,
          { amountMinor, taxMinor, lines },
          body,
          approvedBy?.id ?? null,
        );
        return respond(counter, sale.id, refundId);
      }
      const paymentSaleId = cardPaymentOf(sale.id, view.tenders, tender.id);
      const refund = await refunds.refundCardPayment({
        accountId: counter.account.id,
        context: accountContext(counter.account),
        paymentSaleId,
        tenderId: tenderIdOf(view.tenders, paymentSaleId),
        refundKey: body.refundKey,
        amountMinor,
        reason: body.reason,
        requestedBy: {
          staffId: counter.staff.id,
          userId: null,
          label: `${counter.staff.displayName} (${counter.staff.role})`,
        },
        taxMinor,
        approvedByStaffId: approvedBy?.id ?? null,
        registerId: counter.register.id,
        lines,
      });
      return respond(counter, sale.id, refund.id);
    },
  };
}

export type CounterRefunds = ReturnType<typeof createCounterRefunds>;
