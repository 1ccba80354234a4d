/**
 * Stripe webhooks: verify the signature on the raw body, then apply each event exactly once. Effects are
 * never read from the event's payload order-sensitively: for payment events the sale is re-derived from the
 * PaymentIntent as retrieved now, accounts, payouts and disputes are re-read the same way (so late,
 * duplicated or out-of-order deliveries converge on the truth), and the event id is claimed in the same
 * transaction that records the result. The one event that cannot be re-read is a deauthorization: the
 * account is gone, the event is the evidence (account-events.ts). When Stripe refuses access to the event's
 * account while an event is applied, the account is recorded as disconnected and the event acknowledged.
 */
import type { Database } from '../db/database.ts';
import type { Repositories } from '../db/repositories/index.ts';
import { AppError } from '../errors.ts';
import type { Clock, Logger } from '../runtime.ts';
import type { ConnectGateway } from '../stripe/connect.port.ts';
import { isGatewayError, type PaymentsGateway, type WebhookEventView } from '../stripe/payments.port.ts';
import { isAccountDisconnected } from './account-access.ts';
import { createAccountEvents } from './account-events.ts';
import type { CheckoutService } from './checkout/checkout.service.ts';
import type { DisputeRecords } from './disputes/dispute-records.ts';
import type { PayoutFailuresService } from './payout-failures.service.ts';
import type { RefundsService } from './refunds.service.ts';

export interface WebhooksDeps {
  database: Database;
  gateway: PaymentsGateway;
  connect: ConnectGateway;
  checkout: CheckoutService;
  refunds: Pick<RefundsService, 'refreshRefundByStripeId'>;
  payoutFailures: Pick<PayoutFailuresService, 'handleEvent'>;
  disputes: Pick<DisputeRecords, 'handleEvent'>;
  clock: Clock;
  log?: Logger;
}

export interface WebhookResult {
  received: true;
  eventId: string;
  /** True when this event id was already processed (nothing was applied again). */
  duplicate: boolean;
}

/** Event families whose effect is re-deriving a sale from its PaymentIntent. */
const PAYMENT_EVENT_PREFIXES = ['payment_intent.', 'charge.', 'terminal.reader.action_'];

class AlreadyProcessed extends Error {}

export function createWebhooksService({
  database,
  gateway,
  connect,
  checkout,
  refunds,
  payoutFailures,
  disputes,
  clock,
  log = () => {},
}: WebhooksDeps) {
  const accounts = createAccountEvents({ database, connect, clock, log });

  /** Claims the event id inside the transaction that applies its effect; a duplicate aborts that transaction. */
  function claimOrAbort(event: WebhookEventView): (tx: Repositories) => Promise<void> {
    return async (tx) => {
      if (!(await tx.webhookEvents.claim(event.id, event.type, event.account, clock.nowMs()))) {
        throw new AlreadyProcessed();
      }
    };
  }

  /** The event's effect, with `claim` inside the transaction that records it. */
  async function apply(event: WebhookEventView, claim: (tx: Repositories) => Promise<void>): Promise<void> {
    const isPaymentEvent = PAYMENT_EVENT_PREFIXES.some((prefix) => event.type.startsWith(prefix));
    if (event.type.startsWith('charge.dispute.')) {
      await disputes.handleEvent(event, claim);
    } else if (isPaymentEvent && event.paymentIntentId) {
      const sale = await checkout.settleByPaymentIntent(event.paymentIntentId, claim);
      if (!sale) await database.transaction(claim);
    } else if (event.type.startsWith('refund.') && event.objectId) {
      // Re-read from Stripe (order-safe and idempotent), then claim: a redelivery re-reads harmlessly.
      await refunds.refreshRefundByStripeId(event.objectId);
      await database.transaction(claim);
    } else if (event.type === 'account.updated') {
      await accounts.accountUpdated(event, claim);
    } else if (event.type === 'account.application.deauthorized') {
      await accounts.deauthorized(event, claim);
    } else if (event.type === 'payout.failed' || event.type === 'payout.canceled') {
      await payoutFailures.handleEvent(event, claim);
    } else {
      await database.transaction(claim);
    }
  }

  return {
    async handleStripeWebhook(rawBody: string, signature: string | undefined): Promise<WebhookResult> {
      let event: WebhookEventView;
      try {
        event = gateway.verifyWebhook(rawBody, signature);
      } catch (error) {
        if (isGatewayError(error) && error.code === 'signature_invalid') {
          throw new AppError(
            'invalid_request',
            'The Stripe-Signature header is missing or does not verify.',
            {
              cause: error,
            },
          );
        }
        throw error;
      }
      if (await database.repos.webhookEvents.has(event.id))
        return { received: true, eventId: event.id, duplicate: true };

      const claim = claimOrAbort(event);
      try {
        try {
          await apply(event, claim);
        } catch (error) {
          if (!(isAccountDisconnected(error) && event.account !== null)) throw error;
          await accounts.accessLost(event, claim);
        }
      } catch (error) {
        if (error instanceof AlreadyProcessed) return { received: true, eventId: event.id, duplicate: true };
        log(`webhooks: ${event.type} ${event.id} failed, Stripe will retry: ${String(error)}`, 'warn');
        throw error;
      }
      return { received: true, eventId: event.id, duplicate: false };
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
