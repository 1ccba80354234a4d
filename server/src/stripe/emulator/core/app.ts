// Assembles the emulator core: Hono app, SQLite store, clock, event bus, fault injector, the /v1 pipeline
// (`createApi`) and the generic `/_emulator` controls (reset, state, clock, faults, webhook flush/log).
// Stripe-shaped 404 for unknown routes and one onError for everything. Resources are registered by index.ts.
import { Hono } from 'hono';
import { z } from 'zod';
import { ConnectionDropped, type CoreHooks, createApi, type EmulatorApi } from './api.ts';
import { type BaseClock, EmulatorClock } from './clock.ts';
import { errorEnvelope, invalidRequest, toStripeError } from './errors.ts';
import { EventBus } from './events.ts';
import { Expander } from './expand.ts';
import { Faults } from './faults.ts';
import { newId } from './ids.ts';
import { Store } from './store.ts';

export interface EmulatorOptions {
  databasePath?: string;
  clock?: BaseClock;
  log?: (line: string) => void;
  webhookRetryDelaysMs?: number[];
}

export interface EmulatorCore {
  app: Hono;
  api: EmulatorApi;
  store: Store;
  clock: EmulatorClock;
  events: EventBus;
  faults: Faults;
  /** Runs every bootstrap hook (creates the platform account) if the store is empty. */
  bootstrap(): void;
  reset(): void;
  close(): void;
}

const clockBody = z.strictObject({
  now: z.number().int().optional(),
  advance_seconds: z.number().int().min(0).optional(),
});
const faultsBody = z.strictObject({
  error_rate: z.number().min(0).max(1).optional(),
  delay_ms: z.number().int().min(0).optional(),
  delay_rate: z.number().min(0).max(1).optional(),
  drop_after_commit_rate: z.number().min(0).max(1).optional(),
  path_prefix: z.string().optional(),
  seed: z.number().int().optional(),
});

async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const text = await req.text();
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw invalidRequest('Invalid JSON body');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidRequest(`Invalid ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function createEmulatorCore(options: EmulatorOptions = {}): EmulatorCore {
  const log = options.log ?? (() => {});
  const store = new Store(options.databasePath ?? ':memory:');
  const clock = new EmulatorClock(options.clock);
  const storedOffset = store.getKv('clock_offset_ms');
  if (storedOffset) clock.advanceSeconds(Number(storedOffset) / 1000);
  // Asked for on every request and by most handlers: read from the store once, forgotten on reset.
  let platform: string | undefined;
  const platformId = (): string => {
    if (platform !== undefined) return platform;
    const existing = store.getKv('platform_id');
    if (existing) {
      platform = existing;
      return existing;
    }
    const id = newId('acct', 16);
    // Outside a transaction this commits at once; bootstrap (the first caller) runs in one that commits.
    store.setKv('platform_id', id);
    return id;
  };
  const events = new EventBus(
    store,
    clock,
    platformId,
    options.webhookRetryDelaysMs ?? [1000, 5000, 30000],
    log,
  );
  const expander = new Expander(store);
  const faults = new Faults();
  const hooks: CoreHooks = { clockAdvance: [], reset: [], bootstrap: [] };
  const app = new Hono();

  app.use('*', async (c, next) => {
    c.set('requestId' as never, newId('req', 14) as never);
    await next();
    // /v1 responses already carry it (touching c.res.headers would rebuild the response's headers).
    if (!c.get('requestIdSent' as never))
      c.res.headers.set('request-id', c.get('requestId' as never) as string);
  });

  const api = createApi({ hono: app, store, clock, events, expander, faults, platformId, log }, hooks);

  const persistClock = (before: number) => {
    store.setKv('clock_offset_ms', String(clock.nowMs() - (options.clock ?? { nowMs: Date.now }).nowMs()));
    const after = clock.nowSec();
    if (after > before) {
      api.withContext(platformId(), { origin: '' }, (ctx) => {
        for (const fn of hooks.clockAdvance) fn(ctx, before, after);
      });
    }
  };

  app.post('/_emulator/reset', (c) => {
    core.reset();
    return c.json({ ok: true, platform_account: platformId() });
  });
  app.get('/_emulator/state', (c) => {
    const objects: Record<string, unknown[]> = {};
    for (const type of Object.keys(store.counts())) objects[type] = store.all(type, null);
    return c.json({
      platform_account: platformId(),
      now: clock.nowSec(),
      counts: store.counts(),
      faults: faults.config,
      objects,
    });
  });
  app.get('/_emulator/clock', (c) => c.json({ now: clock.nowSec() }));
  app.post('/_emulator/clock', async (c) => {
    const body = await readJson(c.req.raw, clockBody);
    const before = clock.nowSec();
    if (body.now !== undefined) clock.setSeconds(body.now);
    if (body.advance_seconds !== undefined) clock.advanceSeconds(body.advance_seconds);
    persistClock(before);
    return c.json({ now: clock.nowSec() });
  });
  const faultState = () => ({ ...faults.config, injected: faults.injected });
  app.get('/_emulator/faults', (c) => c.json(faultState()));
  app.post('/_emulator/faults', async (c) => {
    faults.set(await readJson(c.req.raw, faultsBody));
    return c.json(faultState());
  });
  app.delete('/_emulator/faults', (c) => {
    faults.clear();
    return c.json(faultState());
  });
  app.post('/_emulator/webhooks/flush', async (c) => c.json(await events.flush()));
  app.get('/_emulator/webhooks/deliveries', (c) => c.json({ data: events.deliveries() }));

  app.notFound((c) => {
    const body =
      c.req.path.startsWith('/v1/') || c.req.path === '/v1'
        ? `Unrecognized request URL (${c.req.method}: ${c.req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`
        : `Not found: ${c.req.method} ${c.req.path}`;
    return c.json({ error: { type: 'invalid_request_error', message: body } }, 404);
  });

  app.onError((err, c) => {
    if (err instanceof ConnectionDropped) throw err;
    const stripeErr = toStripeError(err, log);
    const res = c.json(errorEnvelope(stripeErr), stripeErr.status as 400);
    res.headers.set('request-id', (c.get('requestId' as never) as string | undefined) ?? newId('req', 14));
    return res;
  });

  const core: EmulatorCore = {
    app,
    api,
    store,
    clock,
    events,
    faults,
    bootstrap() {
      if (store.getKv('bootstrapped')) return;
      api.withContext(platformId(), { origin: '' }, (ctx) => {
        for (const fn of hooks.bootstrap) fn(ctx);
        store.setKv('bootstrapped', '1');
      });
    },
    reset() {
      platform = undefined;
      events.cancelTimers();
      faults.clear();
      store.wipe();
      clock.resetOffset();
      for (const fn of hooks.reset) fn();
      core.bootstrap();
    },
    close() {
      events.close();
      store.close();
    },
  };
  return core;
}
