/**
 * Refunds, full or partial, by a manager or the merchant owner, with a reason.
 *
 * Flow: check the sale (the viewer's, captured, not Interac, amount ≤ what is left) and journal the refund
 * (status `pending`) in one transaction, so two concurrent refunds cannot exceed the total; then ask Stripe
 * through the gateway with an idempotency key derived from our refund id; record Stripe's answer (refund
 * id, status, the application fee actually returned) and move the sale to `partially_refunded` or
 * `refunded`. Whether the platform's application fee is returned follows the platform's policy setting
 * (`platform_settings.refund_application_fee`, default on); destination charges also reverse the transfer.
 * A retry with the same `refundKey` returns the same refund, or — if Stripe's answer was lost — asks again
 * with the same idempotency key. Interac payments must be refunded in person on a reader (Stripe rule).
 */
import type { CreateRefundBody, RefundResponse } from '@countertop/shared';
import type { ReportsRepo } from '../db/reports.repo.ts';
import type { SalesRepo } from '../db/sales.repo.ts';
import { AppError, conflict, invalidRequest, notFound } from '../errors.ts';
import type { Clock, IdGenerator, Logger } from '../runtime.ts';
import {
  type CreateRefundInput,
  isGatewayError,
  type PaymentsGateway,
  type RefundView,
} from '../stripe/gateway.ts';
import type { ReportingGateway } from '../stripe/reporting.ts';
import type { MerchantViewer } from './merchant-access.ts';
import { accountContextOf, type ReportsService } from './reports.service.ts';

export interface RefundsServiceDeps {
  repos: { reports: ReportsRepo; sales: SalesRepo };
  gateway: PaymentsGateway;
  reporting: ReportingGateway;
  reportsService: ReportsService;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
}

const REFUNDABLE_STATUSES = new Set(['succeeded', 'partially_refunded']);
/** Gateway failures after which Stripe may or may not have made the refund: keep it pending, retry. */
const AMBIGUOUS = new Set(['unavailable', 'unknown', 'rate_limited']);

/** Stripe's proportional application-fee refund, as an estimate when the fee object cannot be read. */
export function proportionalFeeRefund(feeMinor: number, refundMinor: number, totalMinor: number): number {
  if (totalMinor <= 0) return 0;
  return Math.floor((feeMinor * refundMinor * 2 + totalMinor) / (2 * totalMinor));
}

export function createRefundsService(deps: RefundsServiceDeps) {
  const { repos, gateway, reporting, reportsService, clock, ids, log } = deps;

  function counted(saleId: string) {
    return repos.reports
      .refundsOfSales([saleId])
      .filter((refund) => refund.status === 'pending' || refund.status === 'succeeded');
  }

  /** The sale's status from its counted refunds: refunded once nothing is left. */
  function settleSaleStatus(saleId: string): void {
    const sale = repos.sales.findById(saleId);
    if (!sale || !['succeeded', 'partially_refunded', 'refunded'].includes(sale.status)) return;
    const refunded = counted(saleId).reduce((sum, refund) => sum + refund.amountMinor, 0);
    const status =
      refunded === 0 ? 'succeeded' : refunded >= sale.totalMinor ? 'refunded' : 'partially_refunded';
    if (status !== sale.status) repos.sales.update(saleId, { status }, clock.nowMs());
  }

  /** The application fee Stripe returned with this refund: the fee's refunded total minus what we had. */
  async function applicationFeeReturned(
    viewer: MerchantViewer,
    saleId: string,
    refundId: string,
    estimate: number,
  ): Promise<number> {
    const sale = repos.reports.findSale(saleId);
    if (!sale?.chargeId) return estimate;
    try {
      const charge = await reporting.retrieveCharge(accountContextOf(viewer), sale.chargeId);
      const fees = await reporting.listApplicationFees(accountContextOf(viewer), {
        gteSeconds: charge.created - 60,
        ltSeconds: charge.created + 86_400,
      });
      const fee = fees.find((candidate) => candidate.charge === sale.chargeId);
      if (!fee) return 0;
      const before = repos.reports
        .refundsOfSales([saleId])
        .filter(
          (refund) => refund.id !== refundId && refund.status !== 'failed' && refund.status !== 'canceled',
        )
        .reduce((sum, refund) => sum + refund.applicationFeeRefundedMinor, 0);
      return Math.max(0, fee.amount_refunded - before);
    } catch (error) {
      log(`refunds: could not read the application fee of ${sale.chargeId}: ${String(error)}`);
      return estimate;
    }
  }

  async function callStripe(viewer: MerchantViewer, refundId: string): Promise<void> {
    const refund = repos.reports.findRefund(refundId);
    const sale = refund && repos.sales.findById(refund.saleId);
    if (!refund || !sale?.paymentIntentId) throw new Error(`refund ${refundId} has no payment to refund`);
    const refundApplicationFee = repos.reports.refundsReturnApplicationFee();
    const input: CreateRefundInput = {
      paymentIntentId: sale.paymentIntentId,
      amountMinor: refund.amountMinor,
      refundApplicationFee,
      metadata: { refund_id: refund.id, sale_id: sale.id },
      idempotencyKey: `refund_${refund.id}`,
    };
    let answer: RefundView;
    try {
      answer = await gateway.createRefund(accountContextOf(viewer), input);
    } catch (error) {
      if (isGatewayError(error) && AMBIGUOUS.has(error.code)) {
        throw new AppError(
          'stripe_unavailable',
          'Stripe did not answer. The refund is pending: submit it again to finish it (it will not refund twice).',
          { cause: error },
        );
      }
      const message = error instanceof Error ? error.message : String(error);
      repos.reports.updateRefund(refund.id, { status: 'failed', failureMessage: message }, clock.nowMs());
      if (isGatewayError(error) && /interac|in person/i.test(error.message)) {
        throw new AppError(
          'refund_requires_reader',
          'Interac payments are refunded in person: present the card on the reader at the counter.',
          { cause: error },
        );
      }
      throw new AppError('stripe_error', `Stripe refused the refund: ${message}`, { cause: error });
    }
    const status =
      answer.status === 'requires_action'
        ? 'pending'
        : answer.status === 'canceled'
          ? 'canceled'
          : answer.status;
    const feeReturned =
      refundApplicationFee && (status === 'pending' || status === 'succeeded')
        ? await applicationFeeReturned(
            viewer,
            sale.id,
            refund.id,
            proportionalFeeRefund(sale.applicationFeeMinor, refund.amountMinor, sale.totalMinor),
          )
        : 0;
    repos.reports.updateRefund(
      refund.id,
      {
        status,
        stripeRefundId: answer.id,
        applicationFeeRefundedMinor: feeReturned,
        failureMessage: answer.failureReason,
      },
      clock.nowMs(),
    );
    settleSaleStatus(sale.id);
  }

  return {
    /**
     * Brings the sale's counted refunds up to date with Stripe: a card refund can fail after Stripe
     * accepted it (even after `succeeded`); a failed one stops counting and the sale's status follows.
     * Best effort (a Stripe failure is logged).
     */
    async refreshRefunds(viewer: MerchantViewer, saleId: string): Promise<void> {
      reportsService.detailOf(viewer, saleId); // 404 unless the viewer may see the sale
      const counted = repos.reports
        .refundsOfSales([saleId])
        .filter(
          (refund) =>
            (refund.status === 'pending' || refund.status === 'succeeded') && refund.stripeRefundId !== null,
        );
      for (const refund of counted) {
        try {
          const current = await reporting.retrieveRefund(
            accountContextOf(viewer),
            refund.stripeRefundId ?? '',
          );
          const status = current.status === 'requires_action' ? 'pending' : current.status;
          if (status === refund.status) continue;
          repos.reports.updateRefund(
            refund.id,
            { status, failureMessage: current.failureReason },
            clock.nowMs(),
          );
          settleSaleStatus(saleId);
        } catch (error) {
          log(`refunds: could not refresh ${refund.stripeRefundId}: ${String(error)}`);
        }
      }
    },

    async refundSale(
      viewer: MerchantViewer,
      saleId: string,
      body: CreateRefundBody,
    ): Promise<RefundResponse> {
      if (viewer.kind === 'support') {
        throw new AppError('forbidden', 'Platform support can look, not refund: the merchant refunds.');
      }
      // Visibility first (404 for other merchants' sales), through the reports service's scope check.
      const before = reportsService.detailOf(viewer, saleId);
      const existing = repos.reports.findRefundByKey(body.refundKey);
      if (existing) {
        if (
          existing.saleId !== saleId ||
          (body.amountMinor !== undefined && body.amountMinor !== existing.amountMinor)
        ) {
          throw conflict('conflict', 'This refund key was already used for another refund.');
        }
        if (existing.status === 'pending' && existing.stripeRefundId === null)
          await callStripe(viewer, existing.id);
        const refund = repos.reports.findRefund(existing.id) ?? existing;
        const sale = reportsService.detailOf(viewer, saleId);
        const view = sale.refunds.find((candidate) => candidate.id === refund.id);
        if (!view) throw new Error(`refund ${refund.id} missing from its sale`);
        return { sale, refund: view };
      }
      if (before.paymentMethodType === 'interac_present') {
        throw new AppError(
          'refund_requires_reader',
          'Interac payments are refunded in person: present the card on the reader at the counter.',
        );
      }

      const refundId = ids.newId('rfd');
      repos.reports.transaction(() => {
        const sale = repos.sales.findById(saleId);
        if (!sale) throw notFound('sale_not_found', 'No such sale.');
        if (!REFUNDABLE_STATUSES.has(sale.status) || sale.paymentIntentId === null) {
          throw conflict(
            'conflict',
            sale.status === 'refunded'
              ? 'This sale has already been refunded in full.'
              : 'Only a paid sale can be refunded.',
          );
        }
        const left = sale.totalMinor - counted(saleId).reduce((sum, refund) => sum + refund.amountMinor, 0);
        const amountMinor = body.amountMinor ?? left;
        if (left <= 0) throw conflict('conflict', 'This sale has already been refunded in full.');
        if (amountMinor > left) {
          throw invalidRequest(`At most ${left} (minor units) is left to refund on this sale.`);
        }
        repos.reports.insertRefund(
          {
            id: refundId,
            saleId,
            refundKey: body.refundKey,
            amountMinor,
            reason: body.reason,
            requestedByStaffId: viewer.staffId,
            requestedByUserId: viewer.userId,
            requestedByLabel: viewer.label,
          },
          clock.nowMs(),
        );
      });
      await callStripe(viewer, refundId);
      const sale = reportsService.detailOf(viewer, saleId);
      const refund = sale.refunds.find((candidate) => candidate.id === refundId);
      if (!refund) throw new Error(`refund ${refundId} missing from its sale`);
      return { sale, refund };
    },
  };
}

export type RefundsService = ReturnType<typeof createRefundsService>;
