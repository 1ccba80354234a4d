/**
 * Refunds, full or partial, by a manager or the merchant owner (or, at the counter, staff whose role has
 * `refunds`), with a reason. This service refunds card payments through Stripe: a sale paid directly by
 * one card, or one card part of a sale paid by tenders (the merchant's screens name the tender); cash is
 * refunded at the counter, from the drawer (counter-refunds.ts).
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
import type { Database } from '../db/database.ts';
import type { Repositories } from '../db/repositories/index.ts';
import type { JournalRefund } from '../db/repositories/refunds.repo.ts';
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
import { cardPaymentOf, settleRefundedStatus, taxOfAmountRefund, tenderIdOf } from './refund-rules.ts';
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

/** A refund of one card payment (a sale paid directly by card, or a card part). */
export interface CardRefundInput {
  /** Our account id: refund keys and Stripe idempotency keys are scoped to it. */
  accountId: string;
  context: AccountContext;
  /** The sale row that holds the card payment: the sale itself, or its card part. */
  paymentSaleId: string;
  /** The tender refunded (null: a sale paid directly by card). */
  tenderId: string | null;
  refundKey: string;
  /** Omitted: everything the payment can still give back. */
  amountMinor?: number;
  reason: string;
  requestedBy: { staffId: string | null; userId: string | null; label: string };
  /** The tax it gives back. */
  taxMinor?: number;
  approvedByStaffId?: string | null;
  /** The register of a counter refund. */
  registerId?: string | null;
  /** The items it gives back (sale line positions of the sale). */
  lines?: { saleId: string; position: number; quantity: number; amountMinor: number; taxMinor: number }[];
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
  return (await repos.refunds.refundsOfSales([saleId])).filter(
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
    patch: Parameters<Repositories['refunds']['updateRefund']>[1],
  ): Promise<void> {
    await database.transaction(async (tx) => {
      const refund = await tx.refunds.updateRefund(refundId, patch, clock.nowMs());
      await settleRefundedStatus(tx, refund.saleId, clock.nowMs());
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
    context: AccountContext,
    saleId: string,
    refundId: string,
    estimate: number,
  ): Promise<number> {
    const sale = await repos.reports.findSale(saleId);
    if (!sale?.chargeId) return estimate;
    try {
      const charge = await reporting.retrieveCharge(context, sale.chargeId);
      const fees = await reporting.listApplicationFees(context, {
        gteSeconds: charge.created - 60,
        ltSeconds: charge.created + 86_400,
      });
      const fee = fees.find((candidate) => candidate.charge === sale.chargeId);
      if (!fee) return 0;
      const before = (await repos.refunds.refundsOfSales([saleId]))
        .filter(
          (refund) => refund.id !== refundId && refund.status !== 'failed' && refund.status !== 'canceled',
        )
        .reduce((sum, refund) => sum + refund.applicationFeeRefundedMinor, 0);
      return Math.max(0, fee.amount_refunded - before);
    } catch (error) {
      log(`refunds: could not read the application fee of ${sale.chargeId}: ${String(error)}`, 'warn');
      return estimate;
    }
  }

  async function callStripe(context: AccountContext, refundId: string): Promise<void> {
    const refund = await repos.refunds.findRefund(refundId);
    const sale = refund && (await repos.sales.findById(refund.saleId));
    if (!refund || !sale?.paymentIntentId) throw new Error(`refund ${refundId} has no payment to refund`);
    const refundApplicationFee = await repos.refunds.refundsReturnApplicationFee();
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
      answer = await gateway.createRefund(context, input);
    } catch (error) {
      if (isGatewayError(error) && AMBIGUOUS.has(error.code)) {
        throw new AppError(
          'stripe_unavailable',
          'Stripe did not answer. The refund is pending: submit it again to finish it (it will not refund twice).',
          { cause: error },
        );
      }
      const message = error instanceof Error ? error.message : String(error);
      await repos.refunds.updateRefund(
        refund.id,
        { status: 'failed', failureMessage: message },
        clock.nowMs(),
      );
      if (isGatewayError(error) && error.code === 'charge_disputed') throw chargeDisputedError(error);
      if (isAccountDisconnected(error)) {
        const account = await repos.accounts.findByStripeAccountId(context.stripeAccountId);
        if (account) throw await accountAccess.whenLost(account, error);
      }
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
            context,
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

  /**
   * Refunds a card payment — a sale paid directly by card, or a card part — through Stripe: checks (paid,
   * not Interac, the amount within what is left of it) and journals the refund in one transaction holding
   * the payment's row, then asks Stripe with an idempotency key from our refund id. A retry with the same
   * `refundKey` returns the same refund (asking Stripe again, same key, if its answer was lost).
   */
  async function refundCardPayment(input: CardRefundInput): Promise<JournalRefund> {
    const existing = await repos.refunds.findRefundByKey(input.accountId, input.refundKey);
    if (existing) {
      if (
        existing.saleId !== input.paymentSaleId ||
        (input.amountMinor !== undefined && input.amountMinor !== existing.amountMinor)
      ) {
        throw conflict('conflict', 'This refund key was already used for another refund.');
      }
      if (existing.status === 'pending' && existing.stripeRefundId === null) {
        await callStripe(input.context, existing.id);
      }
      return (await repos.refunds.findRefund(existing.id)) ?? existing;
    }
    const payment = await repos.sales.findById(input.paymentSaleId);
    if (payment?.cardDetails?.type === 'interac_present') {
      throw new AppError(
        'refund_requires_reader',
        'Interac payments are refunded in person: present the card on the reader at the counter.',
      );
    }
    const refundId = ids.newId('rfd');
    await database.transaction(async (tx) => {
      // Two refunds of one payment at once (two tabs, two managers) must not both fit in what is left.
      await tx.sales.lockForUpdate(input.paymentSaleId);
      const sale = await tx.sales.findById(input.paymentSaleId);
      if (!sale) throw notFound('sale_not_found', 'No such sale.');
      if (!REFUNDABLE_STATUSES.has(sale.status) || sale.paymentIntentId === null) {
        throw conflict(
          'conflict',
          sale.status === 'refunded'
            ? 'This payment has already been refunded in full.'
            : 'Only a paid sale can be refunded.',
        );
      }
      // A chargeback already took the money back: Stripe refuses the refund (400 charge_disputed).
      if ((await tx.disputes.findBySale(sale.id)).some((dispute) => !dispute.chargeRefundable)) {
        throw chargeDisputedError();
      }
      const left =
        sale.totalMinor -
        (await countedRefunds(tx, sale.id)).reduce((sum, refund) => sum + refund.amountMinor, 0);
      const amountMinor = input.amountMinor ?? left;
      if (left <= 0) throw conflict('conflict', 'This payment has already been refunded in full.');
      if (amountMinor > left) {
        throw invalidRequest(`At most ${left} (minor units) is left to refund on this payment.`);
      }
      await tx.refunds.insertRefund(
        {
          id: refundId,
          saleId: sale.id,
          refundKey: input.refundKey,
          stripeIdempotencyKey: refundIdempotencyKey(input.accountId, refundId),
          amountMinor,
          reason: input.reason,
          requestedByStaffId: input.requestedBy.staffId,
          requestedByUserId: input.requestedBy.userId,
          requestedByLabel: input.requestedBy.label,
          method: 'card',
          tenderId: input.tenderId,
          taxMinor: Math.min(input.taxMinor ?? 0, amountMinor),
          approvedByStaffId: input.approvedByStaffId ?? null,
          registerId: input.registerId ?? null,
        },
        clock.nowMs(),
      );
      await tx.refunds.insertRefundLines((input.lines ?? []).map((line) => ({ ...line, refundId })));
    });
    await callStripe(input.context, refundId);
    const refund = await repos.refunds.findRefund(refundId);
    if (!refund) throw new Error(`refund ${refundId} vanished`);
    return refund;
  }

  return {
    /**
     * A refund event from Stripe (`refund.updated`, `refund.failed`): re-reads that refund and records its
     * status, whatever order the events arrive in. Unknown refunds (not made through us) are ignored.
     */
    async refreshRefundByStripeId(stripeRefundId: string): Promise<void> {
      const refund = await repos.refunds.findRefundByStripeId(stripeRefundId);
      if (refund) await refreshRefund(refund);
    },

    /**
     * The sweeper's backstop for missed refund events: re-reads refunds Stripe left pending for over a
     * minute. A Stripe failure is logged; the next sweep tries again.
     */
    async refreshPendingRefunds(): Promise<number> {
      let refreshed = 0;
      for (const refund of await repos.refunds.pendingRefunds(clock.nowMs() - PENDING_REFRESH_AFTER_MS)) {
        try {
          await refreshRefund(refund);
          refreshed += 1;
        } catch (error) {
          log(`refunds: could not refresh ${refund.stripeRefundId}: ${String(error)}`, 'warn');
        }
      }
      return refreshed;
    },

    refundCardPayment,

    /**
     * The merchant's refund (owner, or a manager whose role has `refunds`): a sale paid directly by card, or
     * one card tender of a sale paid by tenders (`tenderId`, needed when it has several). Cash tenders are
     * refunded at the counter, from its drawer.
     */
    async refundSale(
      viewer: MerchantViewer,
      saleId: string,
      body: CreateRefundBody,
    ): Promise<RefundResponse> {
      requireRefunds(viewer);
      // Visibility first (404 for other merchants' sales), through the reports service's scope check.
      const before = await reports.saleDetail(viewer, saleId);
      const paymentSaleId = await cardPaymentOf(saleId, before.tenders, body.tenderId);
      const previous = await repos.refunds.findRefundByKey(viewer.account.id, body.refundKey);
      if (previous && previous.ticketSaleId !== saleId) {
        throw conflict('conflict', 'This refund key was already used for another refund.');
      }
      const ticket = await repos.sales.findById(saleId);
      const refund = await refundCardPayment({
        accountId: viewer.account.id,
        context: accountContextOf(viewer),
        paymentSaleId,
        tenderId:
          paymentSaleId === saleId ? null : (body.tenderId ?? tenderIdOf(before.tenders, paymentSaleId)),
        refundKey: body.refundKey,
        ...(body.amountMinor === undefined ? {} : { amountMinor: body.amountMinor }),
        reason: body.reason,
        requestedBy: { staffId: viewer.staffId, userId: viewer.userId, label: viewer.label },
        taxMinor: ticket
          ? await taxOfAmountRefund(repos, ticket, body.amountMinor ?? null, paymentSaleId)
          : 0,
      });
      const sale = await reports.saleDetail(viewer, saleId);
      const view = sale.refunds.find((candidate) => candidate.id === refund.id);
      if (!view) throw new Error(`refund ${refund.id} missing from its sale`);
      return { sale, refund: view };
    },
  };
}

export type RefundsService = ReturnType<typeof createRefundsService>;
