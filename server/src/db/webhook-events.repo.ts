/**
 * Webhook deduplication: one row per Stripe event id ever handled. Claim the id inside the same
 * transaction as the event's effects, so an event is applied exactly once even when redelivered.
 */
import type { Db } from './open.ts';

export function createWebhookEventsRepo(db: Db) {
  const claim = db.prepare(
    `INSERT INTO processed_webhook_events (event_id, type, stripe_account_id, received_at_ms)
     VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
  );
  const has = db.prepare<[string], { event_id: string }>(
    'SELECT event_id FROM processed_webhook_events WHERE event_id = ?',
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM processed_webhook_events');

  return {
    /** Records the event as processed; false when it already was (a duplicate delivery). */
    claim(eventId: string, type: string, stripeAccountId: string | null, nowMs: number): boolean {
      return claim.run(eventId, type, stripeAccountId, nowMs).changes > 0;
    },
    has(eventId: string): boolean {
      return has.get(eventId) !== undefined;
    },
    count(): number {
      return count.get()?.n ?? 0;
    },
  };
}

export type WebhookEventsRepo = ReturnType<typeof createWebhookEventsRepo>;
