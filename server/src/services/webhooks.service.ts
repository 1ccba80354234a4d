/**
 * Stripe webhooks: verify the signature on the raw body, then apply each event exactly once. Effects are
 * never read from the event's payload order-sensitively: for payment events the sale is re-derived from the
 * PaymentIntent as retrieved now (so late, duplicated or out-of-order deliveries converge on the truth), and
 * the event id is claimed in the same transaction that records the result.
 */
import type { AccountsRepo } from '../db/accounts.repo.ts';
import type { Db } from '../db/open.ts';
import type { WebhookEventsRepo } from '../db/webhook-events.repo.ts';
import { AppError } from '../errors.ts';
import type { Clock, Logger } from '../runtime.ts';
import { isGatewayError, type PaymentsGateway, type WebhookEventView } from '../stripe/gateway.ts';
import type { CheckoutService } from './checkout.service.ts';

export interface WebhooksDeps {
  db: Db;
  gateway: PaymentsGateway;
  checkout: CheckoutService;
  repos: { webhookEvents: WebhookEventsRepo; accounts: AccountsRepo };
  clock: Clock;
  log?: Logger;
}

export interface WebhookResult {
  received: true;
  eventId: string;
  /** True when this event id was already processed (nothing was applied again). */
  duplicate: boolean;
}

/**
 * The event types this service acts on, and so the only ones our webhook endpoints subscribe to
 * (`enabled_events`; see docs/CHECKOUT.md for configuring a real Stripe endpoint the same way). Each
 * PaymentIntent outcome has one event here; the `charge.*` twins, `terminal.reader.action_succeeded` (the
 * PaymentIntent events carry the same outcome) and `payment_intent.created` (already ours, or not yet
 * linked to a sale) would only repeat the same re-derivation. `action_failed` stays: a reader-side failure
 * (customer canceled, timeout) may leave the PaymentIntent unchanged.
 */
export const HANDLED_WEBHOOK_EVENTS = [
  'payment_intent.amount_capturable_updated',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.processing',
  'terminal.reader.action_failed',
  'account.updated',
] as const;

/** Event families whose effect is re-deriving a sale from its PaymentIntent. */
const PAYMENT_EVENT_PREFIXES = ['payment_intent.', 'charge.', 'terminal.reader.action_'];

class AlreadyProcessed extends Error {}

export function createWebhooksService({ db, gateway, checkout, repos, clock, log = () => {} }: WebhooksDeps) {
  function claimOrAbort(event: WebhookEventView): () => void {
    return () => {
      if (!repos.webhookEvents.claim(event.id, event.type, event.account, clock.nowMs()))
        throw new AlreadyProcessed();
    };
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
      if (repos.webhookEvents.has(event.id)) return { received: true, eventId: event.id, duplicate: true };

      const claim = claimOrAbort(event);
      try {
        const isPaymentEvent = PAYMENT_EVENT_PREFIXES.some((prefix) => event.type.startsWith(prefix));
        if (isPaymentEvent && event.paymentIntentId) {
          const sale = await checkout.reconcileByPaymentIntent(event.paymentIntentId, claim);
          if (!sale) db.transaction(claim)();
        } else if (event.type === 'account.updated' && event.accountStatus) {
          const status = event.accountStatus;
          db.transaction(() => {
            claim();
            repos.accounts.updateStripeStatus(status.stripeAccountId, status, clock.nowMs());
          })();
        } else {
          db.transaction(claim)();
        }
      } catch (error) {
        if (error instanceof AlreadyProcessed) return { received: true, eventId: event.id, duplicate: true };
        log(`webhooks: ${event.type} ${event.id} failed, Stripe will retry: ${String(error)}`);
        throw error;
      }
      return { received: true, eventId: event.id, duplicate: false };
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
