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
 * with the same idempotency key. Interac payments must be refunded in person on a reader (Stripe rule). A
 * charged-back payment cannot be refunded (409 charge_disputed, from our dispute record or Stripe's 400).
 */
import type { CreateRefundBody, RefundResponse } from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { Repositories } from '../db/repositories/index.ts';
import type { JournalRefund } from '../db/repositories/reports.repo.ts';
import { AppError, conflict, invalidRequest, notFound } from '../errors.ts';
import type { Clock, IdGenerator, Logger } from '../runtime.ts';
import {
  type AccountContext,
  type CreateRefundInput,
  isGatewayError,
  type PaymentsGateway,
  type RefundView,
} from '../stripe/payments.port.ts';
import type { ReportingGateway } from '../stripe/reporting.port.ts';
import { createAccountAccess, isAccountDisconnected } from './account-access.ts';
import { type MerchantViewer, requireRefunds } from './merchant-access.ts';
import type { ReportsService } from './reports/reports.service.ts';
import { accountContextOf } from './reports/scope.ts';

export interface RefundsServiceDeps {
  database: Database;
  gateway: PaymentsGateway;
  reporting: ReportingGateway;
  reports: Pick<ReportsService, 'saleDetail'>;
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

/** Stripe's 400 `charge_disputed` (or our own record of the chargeback), in a merchant's words. */
export function chargeDisputedError(cause?: unknown): AppError {
  return new AppError(
    'charge_disputed',
    "The cardholder's bank has disputed this payment (a chargeback), so it can't be refunded: the money is already on hold for the dispute. Answer the dispute instead (Disputes).",
    { cause },
  );
}

/** Refunds still pending this long after they were made are re-read from Stripe by the sweeper. */
const PENDING_REFRESH_AFTER_MS = 60_000;

async function countedRefunds(repos: Repositories, saleId: string): Promise<JournalRefund[]> {
  return (await repos.reports.refundsOfSales([saleId])).filter(
    (refund) => refund.status === 'pending' || refund.status === 'succeeded',
  );
}

/** The Stripe idempotency key of a refund: our account and refund ids (Stripe's key space is per API key). */
export function refundIdempotencyKey(accountId: string, refundId: string): string {
  return `${accountId}-refund_${refundId}`;
}

export function createRefundsService(deps: RefundsServiceDeps) {
  const { database, gateway, reporting, reports, clock, ids, log } = deps;
  const { repos } = database;
  const accountAccess = createAccountAccess({ database, clock, log });

  /** Records a refund's new status and the sale's status that follows from its counted refunds. */
  async function recordRefundStatus(
    refundId: string,
    patch: Parameters<Repositories['reports']['updateRefund']>[1],
  ): Promise<void> {
    await database.transaction(async (tx) => {
      const refund = await tx.reports.updateRefund(refundId, patch, clock.nowMs());
      const sale = await tx.sales.findById(refund.saleId);
      if (!sale || !['succeeded', 'partially_refunded', 'refunded'].includes(sale.status)) return;
      const refunded = (await countedRefunds(tx, sale.id)).reduce(
        (sum, counted) => sum + counted.amountMinor,
        0,
      );
      const status =
        refunded === 0 ? 'succeeded' : refunded >= sale.totalMinor ? 'refunded' : 'partially_refunded';
      if (status !== sale.status) await tx.sales.update(sale.id, { status }, clock.nowMs());
    });
  }

  async function contextOfSale(saleId: string): Promise<AccountContext | null> {
    const sale = await repos.sales.findById(saleId);
    const account = sale && (await repos.accounts.findById(sale.accountId));
    return account ? { stripeAccountId: account.stripeAccountId, chargeType: account.chargeType } : null;
  }

  /** Re-reads one recorded refund from Stripe (it can fail after Stripe accepted it, even after succeeded). */
  async function refreshRefund(refund: JournalRefund): Promise<void> {
    if (refund.stripeRefundId === null) return;
    const context = await contextOfSale(refund.saleId);
    if (!context) return;
    const current = await reporting.retrieveRefund(context, refund.stripeRefundId);
    const status = current.status === 'requires_action' ? 'pending' : current.status;
    if (status === refund.status) return;
    await recordRefundStatus(refund.id, { status, failureMessage: current.failureReason });
  }

  /** The application fee Stripe returned with this refund: the fee's refunded total minus what we had. */
  async function applicationFeeReturned(
    viewer: MerchantViewer,
    saleId: string,
    refundId: string,
    estimate: number,
  ): Promise<number> {
    const sale = await repos.reports.findSale(saleId);
    if (!sale?.chargeId) return estimate;
    try {
      const charge = await reporting.retrieveCharge(accountContextOf(viewer), sale.chargeId);
      const fees = await reporting.listApplicationFees(accountContextOf(viewer), {
        gteSeconds: charge.created - 60,
        ltSeconds: charge.created + 86_400,
      });
      const fee = fees.find((candidate) => candidate.charge === sale.chargeId);
      if (!fee) return 0;
      const before = (await repos.reports.refundsOfSales([saleId]))
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
    const refund = await repos.reports.findRefund(refundId);
    const sale = refund && (await repos.sales.findById(refund.saleId));
    if (!refund || !sale?.paymentIntentId) throw new Error(`refund ${refundId} has no payment to refund`);
    const refundApplicationFee = await repos.reports.refundsReturnApplicationFee();
    const input: CreateRefundInput = {
      paymentIntentId: sale.paymentIntentId,
      amountMinor: refund.amountMinor,
      refundApplicationFee,
      metadata: { refund_id: refund.id, sale_id: sale.id },
      // Scoped to the account (refunds recorded before migration 0010 keep the key they were sent with).
      idempotencyKey: refund.stripeIdempotencyKey ?? `refund_${refund.id}`,
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
      await repos.reports.updateRefund(
        refund.id,
        { status: 'failed', failureMessage: message },
        clock.nowMs(),
      );
      if (isGatewayError(error) && error.code === 'charge_disputed') throw chargeDisputedError(error);
      if (isAccountDisconnected(error)) throw await accountAccess.whenLost(viewer.account, error);
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
    await recordRefundStatus(refund.id, {
      status,
      stripeRefundId: answer.id,
      applicationFeeRefundedMinor: feeReturned,
      failureMessage: answer.failureReason,
    });
  }

  return {
    /**
     * A refund event from Stripe (`refund.updated`, `refund.failed`): re-reads that refund and records its
     * status, whatever order the events arrive in. Unknown refunds (not made through us) are ignored.
     */
    async refreshRefundByStripeId(stripeRefundId: string): Promise<void> {
      const refund = await repos.reports.findRefundByStripeId(stripeRefundId);
      if (refund) await refreshRefund(refund);
    },

    /**
     * The sweeper's backstop for missed refund events: re-reads refunds Stripe left pending for over a
     * minute. A Stripe failure is logged; the next sweep tries again.
     */
    async refreshPendingRefunds(): Promise<number> {
      let refreshed = 0;
      for (const refund of await repos.reports.pendingRefunds(clock.nowMs() - PENDING_REFRESH_AFTER_MS)) {
        try {
          await refreshRefund(refund);
          refreshed += 1;
        } catch (error) {
          log(`refunds: could not refresh ${refund.stripeRefundId}: ${String(error)}`);
        }
      }
      return refreshed;
    },

    async refundSale(
      viewer: MerchantViewer,
      saleId: string,
      body: CreateRefundBody,
    ): Promise<RefundResponse> {
      requireRefunds(viewer);
      // Visibility first (404 for other merchants' sales), through the reports service's scope check.
      const before = await reports.saleDetail(viewer, saleId);
      const existing = await repos.reports.findRefundByKey(viewer.account.id, body.refundKey);
      if (existing) {
        if (
          existing.saleId !== saleId ||
          (body.amountMinor !== undefined && body.amountMinor !== existing.amountMinor)
        ) {
          throw conflict('conflict', 'This refund key was already used for another refund.');
        }
        if (existing.status === 'pending' && existing.stripeRefundId === null)
          await callStripe(viewer, existing.id);
        const refund = (await repos.reports.findRefund(existing.id)) ?? existing;
        const sale = await reports.saleDetail(viewer, saleId);
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
      await database.transaction(async (tx) => {
        // Two refunds of one sale at once (two tabs, two managers) must not both fit in what is left.
        await tx.sales.lockForUpdate(saleId);
        const sale = await tx.sales.findById(saleId);
        if (!sale) throw notFound('sale_not_found', 'No such sale.');
        if (!REFUNDABLE_STATUSES.has(sale.status) || sale.paymentIntentId === null) {
          throw conflict(
            'conflict',
            sale.status === 'refunded'
              ? 'This sale has already been refunded in full.'
              : 'Only a paid sale can be refunded.',
          );
        }
        // A chargeback already took the money back: Stripe refuses the refund (400 charge_disputed).
        if ((await tx.disputes.findBySale(saleId)).some((dispute) => !dispute.chargeRefundable)) {
          throw chargeDisputedError();
        }
        const left =
          sale.totalMinor -
          (await countedRefunds(tx, saleId)).reduce((sum, refund) => sum + refund.amountMinor, 0);
        const amountMinor = body.amountMinor ?? left;
        if (left <= 0) throw conflict('conflict', 'This sale has already been refunded in full.');
        if (amountMinor > left) {
          throw invalidRequest(`At most ${left} (minor units) is left to refund on this sale.`);
        }
        await tx.reports.insertRefund(
          {
            id: refundId,
            saleId,
            refundKey: body.refundKey,
            stripeIdempotencyKey: refundIdempotencyKey(viewer.account.id, refundId),
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
      const sale = await reports.saleDetail(viewer, saleId);
      const refund = sale.refunds.find((candidate) => candidate.id === refundId);
      if (!refund) throw new Error(`refund ${refundId} missing from its sale`);
      return { sale, refund };
    },
  };
}

export type RefundsService = ReturnType<typeof createRefundsService>;
