/**
 * ReportingGateway: the read-only port merchant reporting uses to see Stripe's side of the money —
 * charges, refunds, application fees and balance transactions in a time window (for reconciliation and
 * for recording Stripe's processing fees), a charge's capture deadline, and the connected account's
 * balance, payouts and payout schedule. Objects come back in Stripe's own field names (the reconciliation
 * domain's `Stripe*Like` shapes). The adapter is `stripe-reporting.ts`.
 */
import type {
  StripeApplicationFeeLike,
  StripeBalanceTransactionLike,
  StripeChargeLike,
  StripeRefundLike,
} from '../domain/reconciliation.ts';
import type { AccountContext } from './payments.port.ts';

/** `[gteSeconds, ltSeconds)` in Stripe's `created` (Unix seconds). */
export interface CreatedWindow {
  gteSeconds: number;
  ltSeconds: number;
}

/** A charge as reporting reads it: the reconciliation shape plus what the merchant views need. */
export interface ReportingCharge extends StripeChargeLike {
  /** `transfer_data.destination` (destination charges), else null. */
  destination: string | null;
  /** `payment_method_details.card_present.capture_before` (Unix seconds), when Stripe gives it. */
  captureBefore: number | null;
}

export interface BalanceAmount {
  currency: string;
  amountMinor: number;
}

export interface PayoutView {
  id: string;
  amountMinor: number;
  currency: string;
  status: string;
  /** Unix seconds. */
  arrivalDate: number;
  created: number;
  method: string;
  /** Whether Stripe's schedule made it (false: created through the API or the Dashboard). */
  automatic: boolean;
  /** Stripe's `failure_code` of a failed payout (e.g. `account_closed`), else null. */
  failureCode: string | null;
  failureMessage: string | null;
}

export interface PayoutScheduleView {
  interval: string;
  delayDays: number | null;
  weeklyAnchor: string | null;
  monthlyAnchor: number | null;
}

export interface ReportingGateway {
  /** Charges created in the window, where the account's charges live (connected account or platform). */
  listCharges(account: AccountContext, window: CreatedWindow): Promise<ReportingCharge[]>;
  listRefunds(account: AccountContext, window: CreatedWindow): Promise<StripeRefundLike[]>;
  /** Application fees live on the platform; only those collected from `account` are returned. */
  listApplicationFees(account: AccountContext, window: CreatedWindow): Promise<StripeApplicationFeeLike[]>;
  listBalanceTransactions(
    account: AccountContext,
    window: CreatedWindow,
  ): Promise<StripeBalanceTransactionLike[]>;
  retrieveCharge(account: AccountContext, chargeId: string): Promise<ReportingCharge>;
  /** A refund's current state (refunds can fail after they were accepted). */
  retrieveRefund(
    account: AccountContext,
    refundId: string,
  ): Promise<StripeRefundLike & { failureReason: string | null }>;
  /** The connected account's own balance (its `Stripe-Account`), whatever the charge type. */
  retrieveBalance(stripeAccountId: string): Promise<{ available: BalanceAmount[]; pending: BalanceAmount[] }>;
  listPayouts(stripeAccountId: string, limit: number): Promise<PayoutView[]>;
  /** How many balance transactions a payout contains. */
  countPayoutTransactions(stripeAccountId: string, payoutId: string): Promise<number>;
  retrievePayout(stripeAccountId: string, payoutId: string): Promise<PayoutView>;
  /** The balance transactions a payout pays out (its own `payout` transaction excluded). */
  listPayoutTransactions(stripeAccountId: string, payoutId: string): Promise<StripeBalanceTransactionLike[]>;
  retrievePayoutSchedule(stripeAccountId: string): Promise<PayoutScheduleView>;
}
