/**
 * The event types services/webhooks.service.ts acts on, and so the only ones our webhook endpoints subscribe to
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
  // Connected accounts: status and rejection (re-read from Stripe), and the owner disconnecting the platform.
  'account.updated',
  'account.application.deauthorized',
  // A connected account's payout failed or was canceled (re-read from Stripe; the owner is e-mailed).
  'payout.failed',
  'payout.canceled',
  // Disputes (chargebacks and inquiries): each re-reads its dispute where it lives and records it.
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
  // A refund Stripe accepted can still fail later (even after succeeded).
  'refund.updated',
  'refund.failed',
] as const;
