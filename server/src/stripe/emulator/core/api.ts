// The request pipeline every emulated /v1 endpoint runs through: request-id, auth (Bearer or Basic sk_test_),
// Stripe-Account scoping, Stripe-Version, form decoding, idempotency (idempotency.ts), fault injection,
// validate-then-execute inside ONE SQLite transaction (`expand[]` paths checked against the spec's expandable
// fields first, expandable-fields.ts), expand, webhook pump after commit. Resources register
// endpoints with `api.post/get/del(path, schema, handler)`; each is served through Hono and the Node fast path
// (node-transport.ts). Does NOT emulate publishable keys beyond PaymentIntent retrieval with client_secret,
// restricted-key permissions or rate limiting.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { accountInvalid, canAccessAccount, maskApiKey } from './account-access.ts';
import type { EmulatorClock } from './clock.ts';
import { apiError, authenticationError, errorEnvelope, invalidRequest, StripeError } from './errors.ts';
import { DEFAULT_API_VERSION, type EmulatedEvent, type EventBus } from './events.ts';
import type { Expander, VirtualExpander } from './expand.ts';
import { checkExpandPaths, type RouteResponse, routeResponse } from './expandable-fields.ts';
import type { Faults } from './faults.ts';
import { decodeForm, FormDecodeError, type FormObject } from './form.ts';
import { createIdempotency, type KeyedRequest, keyedRequest } from './idempotency.ts';
import {
  type ApiReply,
  type ApiRequest,
  createRouteTable,
  nodeHeaderReader,
  type Route,
} from './node-transport.ts';
import { p, parseParams } from './params.ts';
import type { Store, StripeObjectLike } from './store.ts';

interface EmitOptions {
  /** Account the event belongs to; defaults to the request's account. */
  account?: string;
  previousAttributes?: Record<string, unknown>;
}

/** What every handler receives: the store, clock and who is asking. */
export interface RequestContext {
  readonly store: Store;
  readonly clock: EmulatorClock;
  readonly platformId: string;
  /** Effective account: the Stripe-Account header's account, else the platform. */
  readonly account: string;
  readonly isPlatform: boolean;
  readonly apiVersion: string;
  readonly requestId: string | null;
  readonly idempotencyKey: string | null;
  /** `http://host:port` of the emulator as the caller reached it (for hosted URLs). */
  readonly origin: string;
  /** The API key used (null outside /v1 requests). */
  readonly apiKey: string | null;
  now(): number;
  emit(type: string, object: StripeObjectLike, opts?: EmitOptions): EmulatedEvent;
}

/** Return this from a handler to respond with a non-200 status while still committing (e.g. a 402 decline). */
export class ApiResponse {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

type Handler<S extends z.ZodType> = (
  ctx: RequestContext,
  params: z.output<S>,
  path: Record<string, string>,
) => unknown;

interface RouteOptions {
  /** Also accept publishable keys (pk_test_…), e.g. PaymentIntent retrieval with client_secret. */
  publishable?: boolean;
}

export interface EmulatorApi {
  readonly hono: Hono;
  readonly store: Store;
  readonly clock: EmulatorClock;
  platformId(): string;
  post<S extends z.ZodType>(path: string, schema: S, handler: Handler<S>, opts?: RouteOptions): void;
  get<S extends z.ZodType>(path: string, schema: S, handler: Handler<S>, opts?: RouteOptions): void;
  del<S extends z.ZodType>(path: string, schema: S, handler: Handler<S>, opts?: RouteOptions): void;
  /** Runs `fn` in a transaction with a context for `account` (for /_emulator routes, timers, JS SDK back end). */
  withContext<T>(
    account: string,
    meta: { origin: string; requestId?: string | null },
    fn: (ctx: RequestContext) => T,
  ): T;
  /** Called (inside a transaction) when the clock moves forward from `fromSec` to `toSec`. */
  onClockAdvance(fn: (ctx: RequestContext, fromSec: number, toSec: number) => void): void;
  /** Called after every reset (state is already wiped). */
  onReset(fn: () => void): void;
  /** Called in a transaction on a fresh store (first start and after reset), e.g. to create the platform account. */
  onBootstrap(fn: (ctx: RequestContext) => void): void;
  /** Registers a computed expandable field, e.g. ('charge', 'refunds'). */
  virtualExpand(objectType: string, field: string, fn: VirtualExpander): void;
  log(line: string): void;
  /**
   * Serves a /v1 request straight from Node's `IncomingMessage` when it matches a registered endpoint
   * (same route table, same pipeline, same response as through Hono, without building WHATWG
   * Request/Response objects); returns false, having done nothing, for anything else (the caller hands it to
   * Hono).
   */
  serveNode(incoming: IncomingMessage, outgoing: ServerResponse): boolean;
}

const withExpand = { expand: p.arr(p.str()).optional() };

function readApiKey(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, value] = header.split(' ', 2);
  if (!value) return null;
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.split(':')[0] ?? null;
  }
  return null;
}

/**
 * A multipart body (file uploads, https://docs.stripe.com/api/files/create): its text fields decoded like a
 * form, each file part as `{ name, type, size }` under its field name (the emulator keeps no file contents).
 */
async function readMultipart(bytes: Buffer, contentType: string): Promise<FormObject> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw invalidRequest('Invalid request: the multipart/form-data body could not be read.');
  }
  const fields: [string, string][] = [];
  const files: [string, FormObject][] = [];
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') fields.push([key, value]);
    else files.push([key, { name: value.name, type: value.type, size: String(value.size) }]);
  }
  const decoded = decodeForm(fields);
  for (const [key, file] of files) decoded[key] = file;
  return decoded;
}

/** Thrown out of Hono's onError to make the in-process fetch reject like a dropped connection. */
export class ConnectionDropped extends Error {}

interface CoreDeps {
  hono: Hono;
  store: Store;
  clock: EmulatorClock;
  events: EventBus;
  expander: Expander;
  faults: Faults;
  platformId(): string;
  log(line: string): void;
}

export interface CoreHooks {
  clockAdvance: Array<(ctx: RequestContext, fromSec: number, toSec: number) => void>;
  reset: Array<() => void>;
  bootstrap: Array<(ctx: RequestContext) => void>;
}

type Bindings = {
  incoming?: { socket?: { destroy(): void }; headers?: Record<string, string | string[] | undefined> };
};

/**
 * Reads request headers from Node's already parsed `IncomingMessage.headers` when served over HTTP (building
 * a WHATWG `Headers` for every request costs more than the rest of the header handling); falls back to the
 * Request's headers for the in-process `fetch`.
 */
function headerReader(c: Context): (name: string) => string | undefined {
  const headers = (c.env as Bindings | undefined)?.incoming?.headers;
  return headers ? nodeHeaderReader(headers) : (name) => c.req.header(name);
}

export function createApi(deps: CoreDeps, hooks: CoreHooks): EmulatorApi {
  const { store, clock, events, expander, faults } = deps;
  const idempotency = createIdempotency(store, clock);
  const routes = createRouteTable(deps.log);

  function makeContext(
    account: string,
    meta: {
      origin: string;
      requestId: string | null;
      idempotencyKey: string | null;
      apiVersion: string;
      apiKey: string | null;
    },
  ): RequestContext {
    const platformId = deps.platformId();
    return {
      store,
      clock,
      platformId,
      account,
      isPlatform: account === platformId,
      apiVersion: meta.apiVersion,
      requestId: meta.requestId,
      idempotencyKey: meta.idempotencyKey,
      origin: meta.origin,
      apiKey: meta.apiKey,
      now: () => clock.nowSec(),
      emit: (type, object, opts = {}) =>
        events.emit(
          opts.account ?? account,
          type,
          object,
          { requestId: meta.requestId, idempotencyKey: meta.idempotencyKey },
          opts.previousAttributes,
        ),
    };
  }

  async function readParams(req: ApiRequest, method: string): Promise<FormObject> {
    if (method === 'GET' || method === 'DELETE') {
      return decodeForm(new URLSearchParams(req.search).entries());
    }
    const bytes = await req.body();
    const type = req.header('content-type') ?? '';
    if (type.includes('multipart/form-data')) return readMultipart(bytes, type);
    const text = bytes.toString('utf8');
    if (text.trim() === '') return {};
    if (type.includes('application/json')) {
      throw invalidRequest(
        'Invalid request: the request body must be application/x-www-form-urlencoded (Stripe does not accept JSON bodies on /v1).',
      );
    }
    return decodeForm(new URLSearchParams(text).entries());
  }

  async function run<S extends z.ZodType>(
    req: ApiRequest,
    method: 'GET' | 'POST' | 'DELETE',
    schema: S,
    handler: Handler<S>,
    opts: RouteOptions,
    response: RouteResponse,
  ): Promise<ApiReply> {
    const requestId = req.requestId;
    const header = req.header;
    const apiVersion = header('stripe-version') ?? DEFAULT_API_VERSION;
    if (!/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(apiVersion)) {
      throw invalidRequest(`Invalid Stripe API version: ${apiVersion}`, { param: 'Stripe-Version' });
    }
    const baseHeaders: Record<string, string> = { 'request-id': requestId, 'stripe-version': apiVersion };
    const path = req.path;

    const apiKey = readApiKey(header('authorization'));
    if (apiKey === null) {
      throw authenticationError(
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      );
    }
    const publishable = apiKey.startsWith('pk_test_') && apiKey.length > 'pk_test_'.length;
    if (publishable && !opts.publishable) {
      throw authenticationError(
        'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
      );
    }
    if (!publishable && (!apiKey.startsWith('sk_test_') || apiKey.length <= 'sk_test_'.length)) {
      throw authenticationError(`Invalid API Key provided: ${maskApiKey(apiKey)}`);
    }

    const platformId = deps.platformId();
    const accountHeader = header('stripe-account');
    let account = platformId;
    if (accountHeader && accountHeader !== platformId) {
      if (!canAccessAccount(store, platformId, accountHeader)) throw accountInvalid(apiKey, accountHeader);
      account = accountHeader;
      baseHeaders['stripe-account'] = accountHeader;
    }

    let raw: FormObject;
    try {
      raw = await readParams(req, method);
    } catch (err) {
      if (err instanceof FormDecodeError) throw invalidRequest(err.message, { param: err.param });
      throw err;
    }

    const idempotencyKey = method === 'POST' ? (header('idempotency-key') ?? null) : null;
    // Only keyed requests are stored, so only they need the canonical form of their params.
    const keyed: KeyedRequest | null = idempotencyKey
      ? keyedRequest(account, method, path, idempotencyKey, raw)
      : null;
    if (keyed) {
      baseHeaders['idempotency-key'] = keyed.key;
      const stored = idempotency.storedResponse(keyed);
      if (stored) {
        return {
          status: stored.status,
          body: stored.body,
          headers: {
            'content-type': 'application/json',
            ...baseHeaders,
            'idempotent-replayed': 'true',
            'original-request': stored.requestId,
          },
        };
      }
    }

    const release = keyed ? idempotency.hold(keyed) : null;
    try {
      const delay = faults.shouldDelay(path);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      if (faults.shouldError(path)) {
        throw apiError('An unknown error occurred (injected by the emulator).');
      }

      // Validation first: a rejected request is not an "execution" and is not stored for idempotency.
      const params = parseParams(schema, raw) as z.output<S> & { expand?: string[] };
      if (params.expand?.length) checkExpandPaths(response, params.expand);

      const ctx = makeContext(account, {
        origin: req.origin,
        requestId,
        idempotencyKey,
        apiVersion,
        apiKey,
      });
      const saveIdempotent = (status: number, body: string) => {
        if (keyed) idempotency.store(keyed, { status, body, requestId });
      };

      let status: number;
      let bodyText: string;
      try {
        ({ status, bodyText } = store.transaction(() => {
          const result = handler(ctx, params, req.params);
          const res = result instanceof ApiResponse ? result : new ApiResponse(200, result);
          const body =
            res.status < 300 && params.expand?.length ? expander.apply(res.body, params.expand) : res.body;
          const text = JSON.stringify(body);
          saveIdempotent(res.status, text);
          return { status: res.status, bodyText: text };
        }));
      } catch (err) {
        if (!(err instanceof StripeError)) deps.log(`emulator handler crashed: ${String(err)}`);
        const stripeErr = err instanceof StripeError ? err : apiError();
        bodyText = JSON.stringify(errorEnvelope(stripeErr));
        status = stripeErr.status;
        saveIdempotent(status, bodyText);
      }
      events.pump();

      if (faults.shouldDrop(path) && !req.dropConnection()) {
        throw new ConnectionDropped('emulator: connection dropped after commit (fault injection)');
      }
      return { status, body: bodyText, headers: { 'content-type': 'application/json', ...baseHeaders } };
    } finally {
      release?.();
    }
  }

  // Every endpoint goes into the route table (the Node fast path) and into Hono (in-process fetch, and
  // anything the fast path declines).
  function register(method: 'GET' | 'POST' | 'DELETE') {
    return <S extends z.ZodType>(path: string, schema: S, handler: Handler<S>, opts: RouteOptions = {}) => {
      const full = (schema as unknown as { extend?: (s: object) => S }).extend
        ? ((schema as unknown as { extend: (s: object) => S }).extend(withExpand) as S)
        : schema;
      const response = routeResponse(method, path);
      const route: Route = {
        method,
        segments: path.split('/'),
        run: (req) => run(req, method, full, handler, opts, response),
      };
      routes.add(route);
      deps.hono.on(method, path, async (c) => {
        const url = new URL(c.req.url);
        const reply = await route.run({
          requestId: c.get('requestId' as never) as string,
          header: headerReader(c),
          path: url.pathname,
          search: url.search,
          origin: url.origin,
          params: c.req.param() as Record<string, string>,
          body: async () => Buffer.from(await c.req.arrayBuffer()),
          dropConnection: () => {
            const socket = (c.env as Bindings | undefined)?.incoming?.socket;
            socket?.destroy();
            return socket !== undefined;
          },
        });
        c.set('requestIdSent' as never, true as never);
        return new Response(reply.body, { status: reply.status, headers: reply.headers });
      });
    };
  }

  return {
    hono: deps.hono,
    store,
    clock,
    platformId: deps.platformId,
    post: register('POST'),
    get: register('GET'),
    del: register('DELETE'),
    withContext(account, meta, fn) {
      const ctx = makeContext(account, {
        origin: meta.origin,
        requestId: meta.requestId ?? null,
        idempotencyKey: null,
        apiVersion: DEFAULT_API_VERSION,
        apiKey: null,
      });
      const result = store.transaction(() => fn(ctx));
      events.pump();
      return result;
    },
    onClockAdvance(fn) {
      hooks.clockAdvance.push(fn);
    },
    onReset(fn) {
      hooks.reset.push(fn);
    },
    onBootstrap(fn) {
      hooks.bootstrap.push(fn);
    },
    virtualExpand(objectType, field, fn) {
      expander.register(objectType, field, fn);
    },
    log: deps.log,
    serveNode: routes.serveNode,
  };
}
