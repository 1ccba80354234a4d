/**
 * Test context shared by every server test: an in-memory SQLite database with the real migrations, a
 * manual clock, sequential ids, the embedded Stripe emulator on an ephemeral port with a stripe-node client
 * for it, the server built by the composition root (`app.request()`), `pair` to pair a device with a register
 * (a pairing code made by the pairing service, redeemed through the API) and `signIn` to pair a device and
 * get a counter session on it (cookies + CSRF token) for requests.
 */
import {
  CSRF_HEADER,
  type RegisterSignInInfo,
  RegisterSignInInfoSchema,
  type SessionResponse,
  SessionResponseSchema,
} from '@countertop/shared';
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

/** A device paired with a register through the API. */
export interface PairedTestDevice {
  /** `ct_register=…` (the device's register token). */
  cookie: string;
  /** The device's CSRF token (PIN sign-in, unpairing). */
  csrfToken: string;
  info: RegisterSignInInfo;
}

export interface CounterSignIn {
  /** `ct_session=…`, to send as the Cookie header. */
  cookie: string;
  csrfToken: string;
  session: SessionResponse['session'];
  /** Raw Set-Cookie header of the sign-in response. */
  setCookie: string;
  /** The paired device the session was opened on (`as` sends its cookie too). */
  device: PairedTestDevice;
}

export interface RequestOptions {
  method?: string;
  /** JSON body (sets content-type). */
  json?: unknown;
  /** Sends this session's cookie (and its device's) and, for mutating methods, its CSRF token. */
  as?: CounterSignIn | { cookie: string; csrfToken: string };
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
  /** Pairs a new device with the register (a code from the pairing service, redeemed through the API). */
  pair(registerCode: string): Promise<PairedTestDevice>;
  /** `POST /api/counter/session` on a paired device; the raw response. */
  signInOn(device: PairedTestDevice, staffId: string, pin: string): Promise<Response>;
  /** Pairs a device and signs in on it through the API; throws with the response body when either fails. */
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
  consoleIdleTimeoutMinutes: 30,
  trustProxy: false,
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
      allHeaders.cookie = 'device' in as ? `${as.cookie}; ${as.device.cookie}` : as.cookie;
      if (!['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) allHeaders[CSRF_HEADER] = as.csrfToken;
    }
    return app.request(path, {
      method,
      headers: allHeaders,
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  }

  async function pair(registerCode: string): Promise<PairedTestDevice> {
    const register = await database.repos.registers.findByCode(registerCode);
    const location = register && (await database.repos.locations.findById(register.locationId));
    if (!register || !location) throw new Error(`no register ${registerCode}`);
    const { code } = await server.services.pairing.createCode(location.accountId, register.id, {
      userId: null,
      label: 'test',
    });
    const response = await request('/api/counter/pairing', { method: 'POST', json: { code } });
    if (response.status !== 200) {
      throw new Error(`pairing failed with ${response.status}: ${await response.text()}`);
    }
    const info = RegisterSignInInfoSchema.parse(await response.json());
    const setCookie = response.headers.get('set-cookie') ?? '';
    const cookie = /(?:__Host-)?ct_register=[^;]+/.exec(setCookie)?.[0] ?? '';
    return { cookie, csrfToken: info.csrfToken, info };
  }

  function signInOn(device: PairedTestDevice, staffId: string, pin: string): Promise<Response> {
    return request('/api/counter/session', {
      method: 'POST',
      json: { staffId, pin },
      headers: { cookie: device.cookie, [CSRF_HEADER]: device.csrfToken },
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
    pair,
    signInOn,
    async signIn(registerCode, staffId, pin) {
      const device = await pair(registerCode);
      const response = await signInOn(device, staffId, pin);
      if (response.status !== 200) {
        throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
      }
      const body = SessionResponseSchema.parse(await response.json());
      const setCookie = response.headers.get('set-cookie') ?? '';
      const cookie = setCookie.split(';')[0] ?? '';
      return { cookie, csrfToken: body.csrfToken, session: body.session, setCookie, device };
    },
    async close() {
      await server.jobs.stop();
      await running?.close();
      await database.close();
    },
  };
}
