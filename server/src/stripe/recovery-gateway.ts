/**
 * RecoveryGateway: the read-only port the recovery sweeper uses to see every PaymentIntent Stripe holds for
 * an account in a time window, including ones we never recorded (a crash between Stripe creating the
 * PaymentIntent and our database recording it). Each PaymentIntent names its sale in `metadata.sale_id`.
 * The adapter over stripe-node is `createStripeRecoveryGateway` below (Stripe or the emulator).
 */
import type Stripe from 'stripe';
import type { AccountContext, PaymentIntentStatus } from './gateway.ts';
import { toGatewayError } from './stripe-gateway.ts';

export interface RecoveryPaymentIntent {
  id: string;
  status: PaymentIntentStatus;
  /** Unix seconds. */
  created: number;
  currency: string;
  amountMinor: number;
  amountReceivedMinor: number;
  saleId: string | null;
  latestChargeId: string | null;
  /** `latest_charge.payment_method_details.card_present.capture_before` (Unix seconds), when known. */
  captureBefore: number | null;
}

export interface RecoveryGateway {
  /** PaymentIntents created at or after `createdGteSeconds` where the account's payments live. */
  listPaymentIntents(account: AccountContext, createdGteSeconds: number): Promise<RecoveryPaymentIntent[]>;
}

/** Upper bound on PaymentIntents read per account and sweep (newest first). */
const MAX_LISTED = 2_000;

export function createStripeRecoveryGateway(stripe: Stripe): RecoveryGateway {
  return {
    async listPaymentIntents(account, createdGteSeconds) {
      const options: Stripe.RequestOptions =
        account.chargeType === 'direct' ? { stripeAccount: account.stripeAccountId } : {};
      try {
        const intents = await stripe.paymentIntents
          .list({ created: { gte: createdGteSeconds }, limit: 100, expand: ['data.latest_charge'] }, options)
          .autoPagingToArray({ limit: MAX_LISTED });
        return intents.map(toRecoveryPaymentIntent);
      } catch (error) {
        throw toGatewayError(error);
      }
    },
  };
}

function toRecoveryPaymentIntent(intent: Stripe.PaymentIntent): RecoveryPaymentIntent {
  const charge = intent.latest_charge;
  const chargeObject = typeof charge === 'object' && charge !== null ? charge : null;
  const captureBefore = chargeObject?.payment_method_details?.card_present?.capture_before ?? null;
  return {
    id: intent.id,
    status: intent.status as PaymentIntentStatus,
    created: intent.created,
    currency: intent.currency,
    amountMinor: intent.amount,
    amountReceivedMinor: intent.amount_received,
    saleId: intent.metadata?.sale_id ?? null,
    latestChargeId: typeof charge === 'string' ? charge : (chargeObject?.id ?? null),
    captureBefore: typeof captureBefore === 'number' ? captureBefore : null,
  };
}
