/**
 * Applying a PaymentIntent, as retrieved from Stripe, to a sale (pure). Given the sale, its journaled
 * attempts, the PaymentIntent and (for a server-driven reader) the reader's current action, this says what
 * the sale and its latest attempt become. The sale's status only ever moves forward (sale-state.ts), so a
 * late or out-of-order observation changes nothing; a decline already recorded on an earlier attempt is
 * history, not news about the current one.
 */
import type { AttemptPatch, PaymentAttempt } from '../db/repositories/payments.repo.ts';
import type { SaleRecord, SaleStatePatch } from '../db/repositories/sales.repo.ts';
import type { PaymentIntentView, ReaderActionView } from '../stripe/payments.port.ts';
import { cashierMessage } from './decline-messages.ts';
import { applicationFeeMinor, type FeePlan } from './fees.ts';
import { nextSaleStatus, saleStatusForPaymentIntent } from './sale-state.ts';

export interface SettlementInput {
  sale: SaleRecord;
  /** The sale's attempts, oldest first. */
  attempts: readonly PaymentAttempt[];
  intent: PaymentIntentView;
  /** The server-driven reader's current action, when the sale is on one. */
  readerAction: ReaderActionView | null;
  feePlan: FeePlan;
  nowMs: number;
}

export interface Settlement {
  salePatch: SaleStatePatch;
  /** The attempt this PaymentIntent answers, and what it becomes (null: nothing to record on it). */
  attempt: { id: string; patch: AttemptPatch } | null;
}

export function settleSale({
  sale,
  attempts,
  intent,
  readerAction,
  feePlan,
  nowMs,
}: SettlementInput): Settlement {
  const attempt = attempts
    .filter((a) => a.status !== 'start_failed')
    .filter((a) => a.paymentIntentId === intent.id || a.paymentIntentId === null)
    .at(-1);
  const actionForIntent = readerAction && readerAction.paymentIntentId === intent.id ? readerAction : null;

  let failure = intent.status === 'requires_payment_method' ? intent.lastPaymentError : null;
  const failedChargeId = failure ? (failure.chargeId ?? intent.latestCharge?.id ?? null) : null;
  if (failedChargeId && attempts.some((a) => a.id !== attempt?.id && a.failedChargeId === failedChargeId)) {
    failure = null;
  }
  // A reader still waiting for a card means the sale awaits payment, whatever the last decline was.
  if (actionForIntent?.status === 'in_progress') failure = null;
  if (intent.status === 'requires_payment_method' && !failure && actionForIntent?.status === 'failed') {
    failure = {
      code: actionForIntent.error?.code ?? actionForIntent.failureCode ?? 'reader_action_failed',
      declineCode: actionForIntent.error?.declineCode ?? null,
      message:
        actionForIntent.error?.message ?? actionForIntent.failureMessage ?? 'The reader action failed.',
    };
  }
  const observed = saleStatusForPaymentIntent(intent.status, failure !== null);
  const status = nextSaleStatus(sale.status, observed);
  const lastError = failure
    ? {
        code: failure.code,
        declineCode: failure.declineCode,
        message: cashierMessage(failure.code, failure.declineCode),
      }
    : null;

  const salePatch: SaleStatePatch = { status };
  if (sale.paymentIntentId === null) salePatch.paymentIntentId = intent.id;
  if (status === 'payment_failed' && lastError) salePatch.lastError = lastError;
  if (status !== 'payment_failed' && status === observed) salePatch.lastError = null;
  const charge = intent.latestCharge;
  if (charge?.card && (status === 'succeeded' || status === 'requires_capture')) {
    salePatch.chargeId = charge.id;
    salePatch.cardDetails = charge.card;
    salePatch.card =
      charge.card.brand && charge.card.last4
        ? { brand: charge.card.brand, last4: charge.card.last4, readMethod: charge.card.readMethod }
        : null;
  }
  if (status === 'requires_capture') salePatch.tipMinor = intent.tipMinor;
  if (status === 'succeeded' && sale.status !== 'succeeded') {
    const totalMinor = intent.amountReceivedMinor > 0 ? intent.amountReceivedMinor : intent.amountMinor;
    salePatch.totalMinor = totalMinor;
    salePatch.tipMinor = Math.max(intent.tipMinor, totalMinor - (sale.subtotalMinor + sale.taxMinor), 0);
    salePatch.applicationFeeMinor = intent.applicationFeeMinor ?? applicationFeeMinor(totalMinor, feePlan);
    salePatch.capturedAtMs = nowMs;
  }

  let attemptPatch: AttemptPatch | null = null;
  if (status === 'succeeded' || status === 'requires_capture') {
    attemptPatch = { paymentIntentId: intent.id, status: 'succeeded' };
  } else if (status === 'canceled') {
    attemptPatch = { paymentIntentId: intent.id, status: 'canceled' };
  } else if (status === 'payment_failed' && lastError) {
    attemptPatch = {
      paymentIntentId: intent.id,
      status: 'failed',
      errorCode: lastError.code,
      declineCode: lastError.declineCode,
      errorMessage: lastError.message,
      failedChargeId,
    };
  }
  return { salePatch, attempt: attempt && attemptPatch ? { id: attempt.id, patch: attemptPatch } : null };
}
