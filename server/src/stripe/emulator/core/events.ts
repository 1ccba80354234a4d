// Events and webhook delivery: every state change emits an `evt_` object (account set for connected-account
// events, data.previous_attributes for *.updated, request {id, idempotency_key}); deliveries go to matching
// webhook endpoints (own account's endpoints; platform `connect: true` endpoints for connected accounts'
// events) asynchronously after the transaction commits, signed `Stripe-Signature: t=…,v1=…` (HMAC-SHA256 of
// `${t}.${body}`, t = wall-clock seconds so receivers' 300 s tolerance works), retried with the configured
// backoff on non-2xx. Deliveries never run on a request's critical path: the attempts due after a commit
// start together on the next turn of the event loop, over keep-alive connections (node:http/https agents),
// and their outcomes are written back in one transaction per batch. Does NOT emulate live-mode's 3-day retry
// schedule or endpoint auto-disabling.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type Stripe from 'stripe';
import { isAccountAccessRevoked } from './account-access.ts';
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

interface EmitMeta {
  requestId: string | null;
  idempotencyKey: string | null;
}

interface DeliveryAttempt {
  at: number;
  status: number | null;
  error: string | null;
}

interface DeliveryRecord {
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
function signPayload(payload: string, secret: string, timestampSec: number): string {
  const sig = createHmac('sha256', secret).update(`${timestampSec}.${payload}`, 'utf8').digest('hex');
  return `t=${timestampSec},v1=${sig}`;
}

type EndpointRecord = Stripe.WebhookEndpoint & { connect?: boolean };

function enabledFor(endpoint: Stripe.WebhookEndpoint, type: string): boolean {
  return (
    endpoint.status === 'enabled' &&
    (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type))
  );
}

const DELIVERY_TIMEOUT_MS = 10_000;

interface SendResult {
  status: number | null;
  error: string | null;
}

/** What one attempt changes in the store, applied with the other outcomes of its batch. */
interface Outcome {
  apply(): void;
  done(): void;
}

export class EventBus {
  private timers = new Map<number, NodeJS.Timeout>();
  /** Deliveries due now, started together by one setImmediate. */
  private due = new Set<number>();
  private dueScheduled = false;
  private outcomes: Outcome[] = [];
  private outcomesScheduled = false;
  private readonly agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };
  private endpointCache = new Map<string, { version: string; endpoints: EndpointRecord[] }>();
  /** Set when a request queued deliveries since the last pump (initially: a reopened store may hold some). */
  private queued = true;
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
    for (const ep of this.endpointsOf(account)) {
      if (!ep.connect && enabledFor(ep, type)) endpoints.push(ep);
    }
    // A deauthorized account's events no longer reach the platform it disconnected from.
    if (account !== platform && !isAccountAccessRevoked(this.store, account)) {
      for (const ep of this.endpointsOf(platform)) {
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
        // Serialised by the insert below, so the stored event is a snapshot of `object` as of now.
        object,
        ...(previousAttributes ? { previous_attributes: previousAttributes } : {}),
      },
      livemode: false,
      pending_webhooks: endpoints.length,
      request: { id: meta.requestId, idempotency_key: meta.idempotencyKey },
      type,
    };
    this.store.insert(account, event);
    if (endpoints.length > 0) {
      const insert = this.store.prepare(
        "INSERT INTO deliveries (event_id, endpoint_id, status, next_attempt_ms) VALUES (?, ?, 'pending', 0)",
      );
      for (const ep of endpoints) insert.run(event.id, ep.id);
      this.queued = true;
    }
    return event;
  }

  /** An account's webhook endpoints, re-read only after a webhook endpoint was written (or a rollback). */
  private endpointsOf(account: string): EndpointRecord[] {
    const version = this.store.versionOf('webhook_endpoint');
    const cached = this.endpointCache.get(account);
    if (cached?.version === version) return cached.endpoints;
    const endpoints = this.store.all<EndpointRecord>('webhook_endpoint', account);
    this.endpointCache.set(account, { version, endpoints });
    return endpoints;
  }

  /**
   * Schedules delivery of every due pending attempt (called after each commit). Cheap when the request
   * queued nothing: the pending deliveries are only looked up after an emit that matched an endpoint.
   */
  pump(force = false): void {
    if (this.closed || !(force || this.queued)) return;
    this.queued = false;
    const now = Date.now();
    const rows = this.store
      .prepare("SELECT id, next_attempt_ms FROM deliveries WHERE status = 'pending' ORDER BY id")
      .all() as Pick<DeliveryRow, 'id' | 'next_attempt_ms'>[];
    for (const row of rows) {
      if (this.timers.has(row.id) || this.inFlight.has(row.id) || this.due.has(row.id)) continue;
      const wait = row.next_attempt_ms - now;
      if (wait <= 0) {
        this.due.add(row.id);
        continue;
      }
      const timer = setTimeout(() => {
        this.timers.delete(row.id);
        void this.attempt(row.id);
      }, wait);
      timer.unref();
      this.timers.set(row.id, timer);
    }
    if (this.due.size > 0 && !this.dueScheduled) {
      this.dueScheduled = true;
      setImmediate(() => {
        this.dueScheduled = false;
        const ids = [...this.due];
        this.due.clear();
        for (const id of ids) void this.attempt(id);
      });
    }
  }

  /** Delivers every pending attempt now (one attempt each) and waits for them. */
  async flush(): Promise<{ attempted: number }> {
    this.cancelTimers();
    const rows = this.store
      .prepare("SELECT id FROM deliveries WHERE status = 'pending' ORDER BY id")
      .all() as {
      id: number;
    }[];
    await Promise.all([...this.inFlight.values(), ...rows.map((r) => this.attempt(r.id))]);
    this.pump(true);
    return { attempted: rows.length };
  }

  deliveries(): DeliveryRecord[] {
    const rows = this.store.prepare('SELECT * FROM deliveries ORDER BY id').all() as DeliveryRow[];
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
    const row = this.store.prepare('SELECT * FROM deliveries WHERE id = ?').get(deliveryId) as
      | DeliveryRow
      | undefined;
    if (row?.status !== 'pending') return;
    const event = this.store.findById(row.event_id)?.object as EmulatedEvent | undefined;
    const ep = this.store.findById(row.endpoint_id)?.object as Stripe.WebhookEndpoint | undefined;
    if (!event || !ep?.secret) {
      this.store.prepare("UPDATE deliveries SET status = 'failed' WHERE id = ?").run(deliveryId);
      return;
    }
    const payload = JSON.stringify(event, null, 2);
    const signature = signPayload(payload, ep.secret, Math.floor(Date.now() / 1000));
    const { status, error } = await this.send(ep.url, payload, signature);
    if (this.closed) return;
    const ok = status !== null && status >= 200 && status < 300;
    const attempts = row.attempts + 1;
    const log = [...(JSON.parse(row.log) as DeliveryAttempt[]), { at: this.clock.nowSec(), status, error }];
    const retryDelay = this.retryDelaysMs[attempts - 1];
    const nextStatus = ok ? 'succeeded' : retryDelay === undefined ? 'failed' : 'pending';
    const nextAttemptMs = Date.now() + (retryDelay ?? 0);
    if (!ok) this.log(`webhook ${event.type} → ${ep.url} failed (${status ?? error}); attempt ${attempts}`);
    await this.record(() => {
      this.store
        .prepare('UPDATE deliveries SET attempts = ?, status = ?, next_attempt_ms = ?, log = ? WHERE id = ?')
        .run(attempts, nextStatus, nextAttemptMs, JSON.stringify(log), deliveryId);
      if (ok || nextStatus === 'failed') this.store.decrementCounter(event.id, 'pending_webhooks');
    });
    if (nextStatus === 'pending') this.pump(true);
  }

  /** Queues an attempt's outcome; every outcome queued in the same turn is written in one transaction. */
  private record(apply: () => void): Promise<void> {
    return new Promise((done) => {
      this.outcomes.push({ apply, done });
      if (this.outcomesScheduled) return;
      this.outcomesScheduled = true;
      setImmediate(() => {
        this.outcomesScheduled = false;
        const batch = this.outcomes.splice(0);
        if (!this.closed) {
          try {
            this.store.transaction(() => {
              for (const outcome of batch) outcome.apply();
            });
          } catch (err) {
            this.log(`emulator: recording webhook outcomes failed: ${String(err)}`);
          }
        }
        for (const outcome of batch) outcome.done();
      });
    });
  }

  /** POSTs one signed delivery; a reused keep-alive socket the receiver already closed is retried once. */
  private send(url: string, payload: string, signature: string, retried = false): Promise<SendResult> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve({ status: null, error: `Invalid URL: ${url}` });
        return;
      }
      const secure = target.protocol === 'https:';
      const request = (secure ? https : http).request(target, {
        method: 'POST',
        agent: secure ? this.agents.https : this.agents.http,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(payload),
          'stripe-signature': signature,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        timeout: DELIVERY_TIMEOUT_MS,
      });
      let settled = false;
      const finish = (result: SendResult) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      request.on('response', (res) => {
        res.resume();
        res.on('end', () => finish({ status: res.statusCode ?? null, error: null }));
        res.on('error', (err) => finish({ status: res.statusCode ?? null, error: err.message }));
      });
      request.on('timeout', () => request.destroy(new Error('The operation was aborted due to timeout')));
      request.on('error', (err: NodeJS.ErrnoException) => {
        if (settled) return;
        if (!retried && request.reusedSocket && err.code === 'ECONNRESET') {
          settled = true;
          resolve(this.send(url, payload, signature, true));
          return;
        }
        finish({ status: null, error: err.message });
      });
      request.end(payload);
    });
  }

  close(): void {
    this.closed = true;
    this.cancelTimers();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  cancelTimers(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.due.clear();
  }
}
