/**
 * Webhook deduplication: one row per Stripe event id ever handled. Claim the id inside the same
 * transaction as the event's effects, so an event is applied exactly once even when redelivered.
 */

import { reusableQuery } from '../reusable-query.ts';
import type { Queryable } from '../schema.ts';

export interface WebhookEventsRepo {
  /** Records the event as processed; false when it already was (a duplicate delivery). */
  claim(eventId: string, type: string, stripeAccountId: string | null, nowMs: number): Promise<boolean>;
  has(eventId: string): Promise<boolean>;
  count(): Promise<number>;
}

// Every webhook delivery runs both: compiled once (db/reusable-query.ts).
const claimEvent = reusableQuery(
  (db: Queryable, eventId: string, type: string, stripeAccountId: string | null, nowMs: number) =>
    db
      .insertInto('processed_webhook_events')
      .values({ event_id: eventId, type, stripe_account_id: stripeAccountId, received_at_ms: nowMs })
      .onConflict((oc) => oc.column('event_id').doNothing()),
);
const processedEvent = reusableQuery((db: Queryable, eventId: string) =>
  db.selectFrom('processed_webhook_events').select('event_id').where('event_id', '=', eventId),
);

export function createWebhookEventsRepo(db: Queryable): WebhookEventsRepo {
  return {
    async claim(eventId, type, stripeAccountId, nowMs) {
      const result = await claimEvent(db, eventId, type, stripeAccountId, nowMs);
      return (result.numAffectedRows ?? 0n) > 0n;
    },
    async has(eventId) {
      return (await processedEvent(db, eventId)).rows.length > 0;
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
