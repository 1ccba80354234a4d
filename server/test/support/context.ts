/**
 * Test context shared by every server test: an in-memory SQLite database with the real migrations, a
 * manual clock, sequential ids, the embedded Stripe emulator on an ephemeral port with a stripe-node client
 * for it, the server built by the composition root (`app.request()`), and `signIn` to get a counter session
 * (cookie + CSRF token) for requests.
 */
import { CSRF_HEADER, type SessionResponse, SessionResponseSchema } from '@countertop/shared';
import type Stripe from 'stripe';
import {
  type AppServices,
  type ComposedServer,
  type ComposeOptions,
  composeServer,
  type ServerConfig,
} from '../../src/compose.ts';
import type { Database } from '../../src/db/database.ts';
import type { Repositories } from '../../src/db/repositories/index.ts';
import { type Db, openSqliteDatabase } from '../../src/db/sqlite/open.ts';
import { createManualClock, createSequentialIds } from '../../src/runtime.ts';
import {
  createEmulatorStripeClient,
  registerEmulatorWebhookEndpoints,
  type StripeConnection,
} from '../../src/stripe/connection.ts';
import { type Emulator, startEmulator } from '../../src/stripe/emulator/index.ts';

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
  app: ComposedServer['app'];
  server: ComposedServer;
  services: AppServices;
  database: Database;
  /** The database's repositories (outside any transaction). */
  repos: Repositories;
  /** The SQLite handle under `database`, for raw SQL in assertions. */
  db: Db;
  clock: ReturnType<typeof createManualClock>;
  /** The embedded emulator (null when created with `emulator: false`). */
  emulator: { emulator: Emulator; url: string; port: number } | null;
  /** stripe-node, pointed at the emulator. */
  stripe: Stripe;
  /** What the server talks to Stripe through; `webhookSecrets` may be edited by tests. */
  connection: StripeConnection;
  /** The options the server was composed with: spread them to compose a variant (`compose`). */
  composeOptions: ComposeOptions;
  logs: string[];
  /** Another server over the same database and Stripe, with some options replaced. */
  compose(overrides?: Partial<ComposeOptions>): ComposedServer;
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
  config?: Partial<ServerConfig>;
  /** Replaces parts of the composition (a mailer, a failing gateway). */
  compose?: Partial<ComposeOptions>;
}

export const TEST_CONFIG: ServerConfig = {
  publicUrl: 'http://127.0.0.1:3000',
  sessionTtlMinutes: 60,
  secureCookies: false,
  e2eControls: false,
  staticRoot: null,
  recovery: { intervalMs: 0, settleAfterMs: 10_000, abandonAfterMs: 1_800_000 },
  reconciliationHourUtc: null,
  mail: { smtpUrl: null, from: 'Countertop <no-reply@test.example>' },
};

export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const { database, handle } = openSqliteDatabase(':memory:');
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
  const connection: StripeConnection = {
    client: stripe,
    mode: 'emulator',
    emulatorUrl: running?.url ?? null,
    emulator: running ? running.emulator : null,
    webhookSecrets,
    registerWebhookEndpoints: async () => {},
    close: async () => {},
  };
  const composeOptions: ComposeOptions = {
    config: { ...TEST_CONFIG, ...options.config },
    database,
    stripe: connection,
    clock,
    ids: createSequentialIds(),
    log: (line) => logs.push(line),
    ...options.compose,
  };
  const server = composeServer(composeOptions);
  const { app } = server;

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
    server,
    services: server.services,
    database,
    repos: database.repos,
    db: handle,
    clock,
    emulator: running,
    stripe,
    connection,
    composeOptions,
    logs,
    compose: (overrides = {}) => composeServer({ ...composeOptions, ...overrides }),
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
      await server.jobs.stop();
      await running?.close();
      await database.close();
    },
  };
}
