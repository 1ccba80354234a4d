/**
 * The ReportingGateway adapter over a stripe-node client (injected by the composition root: Stripe, or
 * unchanged the embedded emulator). Lists auto-paginate. Direct charges' objects live on the connected
 * account (`Stripe-Account`); destination charges' charges, refunds and balance transactions live on the
 * platform and are kept to those paid to this account; application fees always live on the platform.
 * stripe-node errors become GatewayError (same mapping as the payments gateway).
 */
import type Stripe from 'stripe';
import type {
  StripeApplicationFeeLike,
  StripeBalanceTransactionLike,
  StripeRefundLike,
} from '../../domain/reconciliation.ts';
import type { AccountContext } from '../payments.port.ts';
import type { CreatedWindow, PayoutView, ReportingCharge, ReportingGateway } from '../reporting.port.ts';
import { toGatewayError } from './errors.ts';

/** Upper bound on objects one listing reads (a day of one merchant is far below it). */
const MAX_LISTED = 10_000;

export function createStripeReportingGateway(stripe: Stripe): ReportingGateway {
  const on = (account: AccountContext): Stripe.RequestOptions =>
    account.chargeType === 'direct' ? { stripeAccount: account.stripeAccountId } : {};
  const created = (window: CreatedWindow) => ({ gte: window.gteSeconds, lt: window.ltSeconds });

  async function collect<T>(list: () => Stripe.ApiListPromise<T>): Promise<T[]> {
    try {
      return await list().autoPagingToArray({ limit: MAX_LISTED });
    } catch (error) {
      throw toGatewayError(error);
    }
  }
  async function call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toGatewayError(error);
    }
  }

  const chargeIdsOf = async (account: AccountContext, window: CreatedWindow) =>
    new Set((await listCharges(account, window)).map((charge) => charge.id));

  async function listCharges(account: AccountContext, window: CreatedWindow): Promise<ReportingCharge[]> {
    const charges = await collect(() =>
      stripe.charges.list({ created: created(window), limit: 100 }, on(account)),
    );
    return charges
      .map(toReportingCharge)
      .filter((charge) => account.chargeType === 'direct' || charge.destination === account.stripeAccountId);
  }

  return {
    listCharges,

    async listRefunds(account, window) {
      const refunds = (
        await collect(() => stripe.refunds.list({ created: created(window), limit: 100 }, on(account)))
      ).map(toRefundLike);
      if (account.chargeType === 'direct') return refunds;
      // On the platform: keep refunds of this account's charges (the charge may predate the window).
      const mine = await chargeIdsOf(account, {
        gteSeconds: window.gteSeconds - 90 * 86_400,
        ltSeconds: window.ltSeconds,
      });
      return refunds.filter((refund) => refund.charge !== null && mine.has(refund.charge));
    },

    async listApplicationFees(account, window) {
      const fees = await collect(() => stripe.applicationFees.list({ created: created(window), limit: 100 }));
      return fees
        .filter((fee) => idOf(fee.account) === account.stripeAccountId)
        .map(
          (fee): StripeApplicationFeeLike => ({
            id: fee.id,
            amount: fee.amount,
            amount_refunded: fee.amount_refunded,
            // Destination charges: the fee's `charge` is the connected account's payment (py_…);
            // `originating_transaction` is the platform charge our sale paid with.
            charge: idOf(fee.originating_transaction) ?? idOf(fee.charge) ?? '',
            currency: fee.currency,
            created: fee.created,
            refunded: fee.refunded,
          }),
        );
    },

    async listBalanceTransactions(account, window) {
      const transactions = (
        await collect(() =>
          stripe.balanceTransactions.list({ created: created(window), limit: 100 }, on(account)),
        )
      ).map(toBalanceTransactionLike);
      if (account.chargeType === 'direct') return transactions;
      const mine = await chargeIdsOf(account, window);
      return transactions.filter(
        (transaction) => transaction.source !== null && mine.has(transaction.source),
      );
    },

    async retrieveCharge(account, chargeId) {
      return toReportingCharge(await call(() => stripe.charges.retrieve(chargeId, {}, on(account))));
    },

    async retrieveRefund(account, refundId) {
      const refund = await call(() => stripe.refunds.retrieve(refundId, {}, on(account)));
      return { ...toRefundLike(refund), failureReason: refund.failure_reason ?? null };
    },

    async retrieveBalance(stripeAccountId) {
      const balance = await call(() => stripe.balance.retrieve({}, { stripeAccount: stripeAccountId }));
      const amounts = (entries: readonly { amount: number; currency: string }[]) =>
        entries.map((entry) => ({ currency: entry.currency, amountMinor: entry.amount }));
      return { available: amounts(balance.available), pending: amounts(balance.pending) };
    },

    async listPayouts(stripeAccountId, limit) {
      const page = await call(() => stripe.payouts.list({ limit }, { stripeAccount: stripeAccountId }));
      return page.data.map(toPayoutView);
    },

    async retrievePayout(stripeAccountId, payoutId) {
      return toPayoutView(
        await call(() => stripe.payouts.retrieve(payoutId, {}, { stripeAccount: stripeAccountId })),
      );
    },

    async listPayoutTransactions(stripeAccountId, payoutId) {
      const transactions = await collect(() =>
        stripe.balanceTransactions.list({ payout: payoutId, limit: 100 }, { stripeAccount: stripeAccountId }),
      );
      return transactions
        .filter((transaction) => transaction.type !== 'payout')
        .map(toBalanceTransactionLike);
    },

    async countPayoutTransactions(stripeAccountId, payoutId) {
      const transactions = await collect(() =>
        stripe.balanceTransactions.list({ payout: payoutId, limit: 100 }, { stripeAccount: stripeAccountId }),
      );
      return transactions.filter((transaction) => transaction.type !== 'payout').length;
    },

    async retrievePayoutSchedule(stripeAccountId) {
      const account = await call(() => stripe.accounts.retrieve(stripeAccountId));
      const schedule = account.settings?.payouts?.schedule;
      return {
        interval: schedule?.interval ?? 'unknown',
        delayDays: schedule?.delay_days ?? null,
        weeklyAnchor: schedule?.weekly_anchor ?? null,
        monthlyAnchor: schedule?.monthly_anchor ?? null,
      };
    },
  };
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

function chargeStatus(status: string): ReportingCharge['status'] {
  return status === 'succeeded' || status === 'pending' ? status : 'failed';
}

function toReportingCharge(charge: Stripe.Charge): ReportingCharge {
  return {
    id: charge.id,
    amount: charge.amount,
    amount_captured: charge.amount_captured,
    amount_refunded: charge.amount_refunded,
    captured: charge.captured,
    refunded: charge.refunded,
    status: chargeStatus(charge.status),
    currency: charge.currency,
    created: charge.created,
    payment_intent: idOf(charge.payment_intent),
    metadata: charge.metadata,
    application_fee_amount: charge.application_fee_amount,
    application_fee: idOf(charge.application_fee),
    balance_transaction: idOf(charge.balance_transaction),
    destination: idOf(charge.transfer_data?.destination),
    captureBefore: charge.payment_method_details?.card_present?.capture_before ?? null,
  };
}

function toPayoutView(payout: Stripe.Payout): PayoutView {
  return {
    id: payout.id,
    amountMinor: payout.amount,
    currency: payout.currency,
    status: payout.status,
    arrivalDate: payout.arrival_date,
    created: payout.created,
    method: payout.method,
    automatic: payout.automatic,
    failureCode: payout.failure_code ?? null,
    failureMessage: payout.failure_message ?? null,
  };
}

function toRefundLike(refund: Stripe.Refund): StripeRefundLike {
  return {
    id: refund.id,
    amount: refund.amount,
    charge: idOf(refund.charge),
    payment_intent: idOf(refund.payment_intent),
    currency: refund.currency,
    created: refund.created,
    status: (refund.status ?? 'pending') as StripeRefundLike['status'],
    metadata: refund.metadata ?? {},
  };
}

function toBalanceTransactionLike(transaction: Stripe.BalanceTransaction): StripeBalanceTransactionLike {
  return {
    id: transaction.id,
    amount: transaction.amount,
    fee: transaction.fee,
    net: transaction.net,
    currency: transaction.currency,
    created: transaction.created,
    type: transaction.type,
    source: idOf(transaction.source),
    fee_details: transaction.fee_details.map((detail) => ({
      amount: detail.amount,
      currency: detail.currency,
      type: detail.type,
    })),
  };
}
