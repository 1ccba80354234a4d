// Idempotency keys as Stripe applies them to POSTs (https://docs.stripe.com/api/idempotent_requests): a key
// belongs to the account the request acts as (the Stripe-Account's, else the platform's) and is bound to the
// endpoint it was first used on. A retry with the same params within 24 hours (emulator time) replays the
// stored response (`idempotent-replayed: true`, `original-request`); the same key with other params is 400
// `idempotency_error` "…can only be used with the same parameters they were first used with…"; on another
// endpoint (method and path, object id included) 400 `idempotency_error` "…can only be used for the same
// endpoint they were first used for ('<this path>' vs '<first path>')…"; while the first request is still
// running 409 `idempotency_key_in_use` (the messages as real responses carry them). The pipeline (api.ts)
// stores a keyed request's response, errors included, in the request's transaction; requests rejected before
// the endpoint runs (validation, account access, injected faults) are never stored.
import type { EmulatorClock } from './clock.ts';
import {
  idempotencyEndpointMismatch,
  idempotencyInUse,
  idempotencyMismatch,
  invalidRequest,
} from './errors.ts';
import type { FormObject } from './form.ts';
import type { Store } from './store.ts';

const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const MAX_KEY_LENGTH = 255;

/** A POST carrying an Idempotency-Key. */
export interface KeyedRequest {
  readonly account: string;
  readonly method: string;
  readonly path: string;
  readonly key: string;
  /** The params in a canonical form (keys sorted), compared with a stored request's. */
  readonly paramsHash: string;
}

interface StoredResponse {
  status: number;
  body: string;
  requestId: string;
}

/** JSON with every object's keys sorted (code-unit order), so params compare whatever order they came in. */
function stableStringify(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i += 1) {
      if (i > 0) out += ',';
      out += stableStringify(v[i]);
    }
    return `${out}]`;
  }
  if (v && typeof v === 'object') {
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    let out = '{';
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] as string;
      if (i > 0) out += ',';
      out += `${JSON.stringify(key)}:${stableStringify(record[key])}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(v);
}

export function keyedRequest(
  account: string,
  method: string,
  path: string,
  key: string,
  params: FormObject,
): KeyedRequest {
  return { account, method, path, key, paramsHash: stableStringify(params) };
}

interface Idempotency {
  /**
   * The response stored for this request's key, if any. Throws for a key that is too long, in use by a
   * running request, or stored with other params.
   */
  storedResponse(request: KeyedRequest): StoredResponse | undefined;
  /** Marks the key in use until `release` (a concurrent request with it is 409). */
  hold(request: KeyedRequest): () => void;
  /** Stores the response (call inside the request's transaction). */
  store(request: KeyedRequest, response: StoredResponse): void;
}

export function createIdempotency(store: Store, clock: EmulatorClock): Idempotency {
  const inFlight = new Set<string>();
  const slotOf = (r: KeyedRequest) => `${r.account}\u0000${r.key}`;
  // Expired records are never replayed (lookups filter on created_ms); deleting them is housekeeping, done
  // at most once per emulator-clock second rather than on every keyed request.
  let prunedAtMs = Number.NEGATIVE_INFINITY;
  const prune = (cutoffMs: number) => {
    if (cutoffMs - prunedAtMs < 1000 && cutoffMs >= prunedAtMs) return;
    prunedAtMs = cutoffMs;
    store.prepare('DELETE FROM idempotency WHERE created_ms < ?').run(cutoffMs);
  };

  return {
    storedResponse(request) {
      if (request.key.length > MAX_KEY_LENGTH) {
        throw invalidRequest('Idempotency-Key must be at most 255 characters long.', {
          param: 'Idempotency-Key',
        });
      }
      const cutoffMs = clock.nowMs() - IDEMPOTENCY_TTL_MS;
      prune(cutoffMs);
      if (inFlight.has(slotOf(request))) throw idempotencyInUse(request.key);
      const saved = store
        .prepare(
          'SELECT method, path, params, status, body, request_id FROM idempotency WHERE account = ? AND key = ? AND created_ms >= ?',
        )
        .get(request.account, request.key, cutoffMs) as
        | { method: string; path: string; params: string; status: number; body: string; request_id: string }
        | undefined;
      if (!saved) return undefined;
      if (saved.method !== request.method || saved.path !== request.path) {
        throw idempotencyEndpointMismatch(request.key, request.path, saved.path);
      }
      if (saved.params !== request.paramsHash) throw idempotencyMismatch(request.key);
      return { status: saved.status, body: saved.body, requestId: saved.request_id };
    },
    hold(request) {
      const slot = slotOf(request);
      inFlight.add(slot);
      return () => inFlight.delete(slot);
    },
    store(request, response) {
      store
        .prepare(
          'INSERT OR REPLACE INTO idempotency (account, method, path, key, params, status, body, request_id, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          request.account,
          request.method,
          request.path,
          request.key,
          request.paramsHash,
          response.status,
          response.body,
          response.requestId,
          clock.nowMs(),
        );
    },
  };
}
