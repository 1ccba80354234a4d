/**
 * Test context shared by every server test: an in-memory database with the real migrations, the
 * foundation repositories, a manual clock, sequential ids, the embedded Stripe emulator on an ephemeral
 * port with a stripe-node client for it, the app (`app.request()`), and `signIn` to get a counter
 * session (cookie + CSRF token) for requests.
 */
import { CSRF_HEADER, type SessionResponse, SessionResponseSchema } from '@countertop/shared';
import type Stripe from 'stripe';
import { type AppConfig, type AppDeps, createApp, createFoundationRepos } from '../../src/app.ts';
import { migrate } from '../../src/db/migrate.ts';
import { type Db, openDatabase } from '../../src/db/open.ts';
import type { FoundationRepos } from '../../src/db/repos.ts';
import { createManualClock, createSequentialIds } from '../../src/runtime.ts';
import { type Emulator, startEmulator } from '../../src/stripe/emulator/index.ts';
import {
  createEmulatorStripeClient,
  registerEmulatorWebhookEndpoints,
} from '../../src/stripe/emulator-wiring.ts';

export interface CounterSignIn {
  /** `ct_session=…`, to send as the Cookie header. */
  cookie: string;
  csrfToken: string;
  session: SessionResponse['session'];
  /** Raw Set-Cookie header of the sign-in response. */
  setCookie: string;
}

export interface RequestOptions {
  method?: string;
  /** JSON body (sets content-type). */
  json?: unknown;
  /** Sends this session's cookie and, for mutating methods, its CSRF token. */
  as?: CounterSignIn;
  headers?: Record<string, string>;
}

export interface TestContext {
  app: ReturnType<typeof createApp>;
  db: Db;
  deps: AppDeps;
  repos: FoundationRepos;
  clock: ReturnType<typeof createManualClock>;
  /** The embedded emulator (null when created with `emulator: false`). */
  emulator: { emulator: Emulator; url: string; port: number } | null;
  stripe: Stripe;
  logs: string[];
  request(path: string, options?: RequestOptions): Promise<Response>;
  /** Signs in through the API; throws with the response body when sign-in fails. */
  signIn(registerCode: string, staffId: string, pin: string): Promise<CounterSignIn>;
  close(): Promise<void>;
}

export interface TestContextOptions {
  /** Start the embedded emulator (default true). Without it `stripe` points at an unreachable port. */
  emulator?: boolean;
  /** Register webhook endpoints on the emulator pointing at `http://127.0.0.1:1/…` (default false). */
  webhookEndpoints?: boolean;
  config?: Partial<AppConfig>;
}

export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const db = openDatabase(':memory:');
  migrate(db);
  const repos = createFoundationRepos(db);
  const clock = createManualClock();
  const logs: string[] = [];
  const running = options.emulator === false ? null : await startEmulator({ port: 0 });
  const stripe = createEmulatorStripeClient(running?.url ?? 'http://127.0.0.1:9');
  const webhookSecrets: string[] = [];
  if (running && options.webhookEndpoints) {
    webhookSecrets.push(
      ...(await registerEmulatorWebhookEndpoints(stripe, 'http://127.0.0.1:9/api/webhooks/stripe')),
    );
  }
  const deps: AppDeps = {
    db,
    repos,
    stripe,
    stripeMode: 'emulator',
    webhookSecrets,
    emulator: running ? running.emulator : null,
    clock,
    ids: createSequentialIds(),
    log: (line) => logs.push(line),
    config: {
      publicUrl: 'http://127.0.0.1:3000',
      sessionTtlMinutes: 60,
      secureCookies: false,
      e2eControls: false,
      staticRoot: null,
      ...options.config,
    },
  };
  const app = createApp(deps);

  async function request(path: string, { method = 'GET', json, as, headers = {} }: RequestOptions = {}) {
    const allHeaders: Record<string, string> = { ...headers };
    if (json !== undefined) allHeaders['content-type'] = 'application/json';
    if (as) {
      allHeaders.cookie = as.cookie;
      if (!['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) allHeaders[CSRF_HEADER] = as.csrfToken;
    }
    return app.request(path, {
      method,
      headers: allHeaders,
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  }

  return {
    app,
    db,
    deps,
    repos,
    clock,
    emulator: running,
    stripe,
    logs,
    request,
    async signIn(registerCode, staffId, pin) {
      const response = await request('/api/counter/session', {
        method: 'POST',
        json: { registerCode, staffId, pin },
      });
      if (response.status !== 200) {
        throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
      }
      const body = SessionResponseSchema.parse(await response.json());
      const setCookie = response.headers.get('set-cookie') ?? '';
      const cookie = setCookie.split(';')[0] ?? '';
      return { cookie, csrfToken: body.csrfToken, session: body.session, setCookie };
    },
    async close() {
      await running?.close();
      db.close();
    },
  };
}
