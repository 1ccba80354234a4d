// Events and webhook delivery: every state change emits an `evt_` object (account set for connected-account
// events, data.previous_attributes for *.updated, request {id, idempotency_key}); deliveries go to matching
// webhook endpoints (own account's endpoints; platform `connect: true` endpoints for connected accounts'
// events) asynchronously after the transaction commits, signed `Stripe-Signature: t=…,v1=…` (HMAC-SHA256 of
// `${t}.${body}`, t = wall-clock seconds so receivers' 300 s tolerance works), retried with the configured
// backoff on non-2xx. Does NOT emulate live-mode's 3-day retry schedule or endpoint auto-disabling.
import { createHmac } from 'node:crypto';
import type Stripe from 'stripe';
import type { EmulatorClock } from './clock.ts';
import { newId } from './ids.ts';
import type { Store, StripeObjectLike } from './store.ts';

export const DEFAULT_API_VERSION = '2026-10-28.endive';

export interface EmulatedEvent {
  id: string;
  object: 'event';
  account?: string;
  api_version: string;
  created: number;
  data: { object: StripeObjectLike; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface EmitMeta {
  requestId: string | null;
  idempotencyKey: string | null;
}

export interface DeliveryAttempt {
  at: number;
  status: number | null;
  error: string | null;
}

export interface DeliveryRecord {
  id: number;
  event_id: string;
  event_type: string;
  endpoint_id: string;
  url: string;
  attempts: number;
  status: 'pending' | 'succeeded' | 'failed';
  log: DeliveryAttempt[];
}

interface DeliveryRow {
  id: number;
  event_id: string;
  endpoint_id: string;
  attempts: number;
  status: 'pending' | 'succeeded' | 'failed';
  next_attempt_ms: number;
  log: string;
}

/** Stripe-Signature header value for a payload (same algorithm as stripe-node's verifier). */
export function signPayload(payload: string, secret: string, timestampSec: number): string {
  const sig = createHmac('sha256', secret).update(`${timestampSec}.${payload}`, 'utf8').digest('hex');
  return `t=${timestampSec},v1=${sig}`;
}

function enabledFor(endpoint: Stripe.WebhookEndpoint, type: string): boolean {
  return (
    endpoint.status === 'enabled' &&
    (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type))
  );
}

export class EventBus {
  private timers = new Map<number, NodeJS.Timeout>();
  private inFlight = new Map<number, Promise<void>>();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly clock: EmulatorClock,
    private readonly platformId: () => string,
    private readonly retryDelaysMs: number[],
    private readonly log: (line: string) => void,
  ) {}

  /** Records an event on `account` and queues deliveries; call inside the request's transaction. */
  emit(
    account: string,
    type: string,
    object: StripeObjectLike,
    meta: EmitMeta,
    previousAttributes?: Record<string, unknown>,
  ): EmulatedEvent {
    const platform = this.platformId();
    const endpoints: Stripe.WebhookEndpoint[] = [];
    for (const ep of this.store.all<Stripe.WebhookEndpoint & { connect?: boolean }>(
      'webhook_endpoint',
      account,
    )) {
      if (!ep.connect && enabledFor(ep, type)) endpoints.push(ep);
    }
    if (account !== platform) {
      for (const ep of this.store.all<Stripe.WebhookEndpoint & { connect?: boolean }>(
        'webhook_endpoint',
        platform,
      )) {
        if (ep.connect && enabledFor(ep, type)) endpoints.push(ep);
      }
    }
    const event: EmulatedEvent = {
      id: newId('evt'),
      object: 'event',
      ...(account !== platform ? { account } : {}),
      api_version: DEFAULT_API_VERSION,
      created: this.clock.nowSec(),
      data: {
        object: structuredClone(object),
        ...(previousAttributes ? { previous_attributes: previousAttributes } : {}),
      },
      livemode: false,
      pending_webhooks: endpoints.length,
      request: { id: meta.requestId, idempotency_key: meta.idempotencyKey },
      type,
    };
    this.store.insert(account, event);
    const insert = this.store.db.prepare(
      "INSERT INTO deliveries (event_id, endpoint_id, status, next_attempt_ms) VALUES (?, ?, 'pending', ?)",
    );
    for (const ep of endpoints) insert.run(event.id, ep.id, 0);
    return event;
  }

  /** Schedules delivery of every due pending attempt (called after each commit). */
  pump(): void {
    if (this.closed) return;
    const now = Date.now();
    const rows = this.store.db
      .prepare("SELECT * FROM deliveries WHERE status = 'pending' ORDER BY id")
      .all() as DeliveryRow[];
    for (const row of rows) {
      if (this.timers.has(row.id)) continue;
      const wait = Math.max(0, row.next_attempt_ms - now);
      const timer = setTimeout(() => {
        this.timers.delete(row.id);
        void this.attempt(row.id);
      }, wait);
      timer.unref();
      this.timers.set(row.id, timer);
    }
  }

  /** Delivers every pending attempt now (one attempt each) and waits for them. */
  async flush(): Promise<{ attempted: number }> {
    this.cancelTimers();
    const rows = this.store.db
      .prepare("SELECT id FROM deliveries WHERE status = 'pending' ORDER BY id")
      .all() as {
      id: number;
    }[];
    await Promise.all([...this.inFlight.values(), ...rows.map((r) => this.attempt(r.id))]);
    this.pump();
    return { attempted: rows.length };
  }

  deliveries(): DeliveryRecord[] {
    const rows = this.store.db.prepare('SELECT * FROM deliveries ORDER BY id').all() as DeliveryRow[];
    return rows.map((r) => {
      const event = this.store.findById(r.event_id)?.object as EmulatedEvent | undefined;
      const ep = this.store.findById(r.endpoint_id)?.object as Stripe.WebhookEndpoint | undefined;
      return {
        id: r.id,
        event_id: r.event_id,
        event_type: event?.type ?? 'unknown',
        endpoint_id: r.endpoint_id,
        url: ep?.url ?? '',
        attempts: r.attempts,
        status: r.status,
        log: JSON.parse(r.log) as DeliveryAttempt[],
      };
    });
  }

  private attempt(deliveryId: number): Promise<void> {
    const running = this.inFlight.get(deliveryId);
    if (running) return running;
    const promise = this.deliver(deliveryId).finally(() => this.inFlight.delete(deliveryId));
    this.inFlight.set(deliveryId, promise);
    return promise;
  }

  private async deliver(deliveryId: number): Promise<void> {
    if (this.closed) return;
    const row = this.store.db.prepare('SELECT * FROM deliveries WHERE id = ?').get(deliveryId) as
      | DeliveryRow
      | undefined;
    if (row?.status !== 'pending') return;
    const event = this.store.findById(row.event_id)?.object as EmulatedEvent | undefined;
    const ep = this.store.findById(row.endpoint_id)?.object as Stripe.WebhookEndpoint | undefined;
    if (!event || !ep?.secret) {
      this.store.db.prepare("UPDATE deliveries SET status = 'failed' WHERE id = ?").run(deliveryId);
      return;
    }
    const payload = JSON.stringify(event, null, 2);
    const signature = signPayload(payload, ep.secret, Math.floor(Date.now() / 1000));
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(ep.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signature,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    if (this.closed) return;
    const ok = status !== null && status >= 200 && status < 300;
    const attempts = row.attempts + 1;
    const log = [...(JSON.parse(row.log) as DeliveryAttempt[]), { at: this.clock.nowSec(), status, error }];
    const retryDelay = this.retryDelaysMs[attempts - 1];
    const nextStatus = ok ? 'succeeded' : retryDelay === undefined ? 'failed' : 'pending';
    this.store.db
      .prepare('UPDATE deliveries SET attempts = ?, status = ?, next_attempt_ms = ?, log = ? WHERE id = ?')
      .run(attempts, nextStatus, Date.now() + (retryDelay ?? 0), JSON.stringify(log), deliveryId);
    if (ok || nextStatus === 'failed') {
      const current = this.store.findById(event.id)?.object as EmulatedEvent | undefined;
      if (current)
        this.store.update({ ...current, pending_webhooks: Math.max(0, current.pending_webhooks - 1) });
    }
    if (!ok) this.log(`webhook ${event.type} → ${ep.url} failed (${status ?? error}); attempt ${attempts}`);
    if (nextStatus === 'pending') this.pump();
  }

  close(): void {
    this.closed = true;
    this.cancelTimers();
  }

  cancelTimers(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
