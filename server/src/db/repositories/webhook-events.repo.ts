/**
 * Webhook deduplication: one row per Stripe event id ever handled. Claim the id inside the same
 * transaction as the event's effects, so an event is applied exactly once even when redelivered.
 */
import type { Queryable } from '../schema.ts';

export interface WebhookEventsRepo {
  /** Records the event as processed; false when it already was (a duplicate delivery). */
  claim(eventId: string, type: string, stripeAccountId: string | null, nowMs: number): Promise<boolean>;
  has(eventId: string): Promise<boolean>;
  count(): Promise<number>;
}

export function createWebhookEventsRepo(db: Queryable): WebhookEventsRepo {
  return {
    async claim(eventId, type, stripeAccountId, nowMs) {
      const result = await db
        .insertInto('processed_webhook_events')
        .values({ event_id: eventId, type, stripe_account_id: stripeAccountId, received_at_ms: nowMs })
        .onConflict((oc) => oc.column('event_id').doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },
    async has(eventId) {
      const row = await db
        .selectFrom('processed_webhook_events')
        .select('event_id')
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      return row !== undefined;
    },
    async count() {
      const row = await db
        .selectFrom('processed_webhook_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
