/** The RecoveryGateway adapter over stripe-node (Stripe or the emulator). */
import type Stripe from 'stripe';
import type { PaymentIntentStatus } from '../payments.port.ts';
import type { RecoveryGateway, RecoveryPaymentIntent } from '../recovery.port.ts';
import { toGatewayError } from './errors.ts';

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
