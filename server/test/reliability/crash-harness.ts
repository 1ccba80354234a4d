/**
 * The crash scenario, shared by the crash tests (`crash.test.ts`: SQLite, one process;
 * `crash-multi-process.test.ts`: PostgreSQL, several processes) and `pnpm soak` (bench/soak.ts).
 *
 * The real server (`src/main.ts`) runs as 1–3 child processes against one external Stripe emulator (its own
 * file) and one database (a SQLite file, or a new PostgreSQL database that every process shares). One
 * register per location (MISSION-1, BROOKLYN-1, SHIBUYA-1: one cashier each, each with the location's
 * server-driven reader) is homed on a server; the registers take checkouts concurrently, each following
 * its own seeded sequence of kill points: the server the register is talking to is SIGKILLed while the sale
 * is created, while the payment attempt starts, after Stripe committed the PaymentIntent but its answer was
 * lost, after the customer's card was approved, or during the sync — then restarted. One server is down at
 * a time. With one server the cashiers wait for the restart; with several, a cashier whose server is down
 * sends its next request to a surviving server with the same session cookie (what a load balancer does —
 * sessions and the sale lock live in the database). After a crash the cashier resumes the sale (same
 * clientSaleId/attemptKey) or walks away, leaving it to the recovery sweeper and webhooks.
 *
 * The figures compare our sales with the emulator's PaymentIntents: lost sales (a succeeded PaymentIntent
 * without exactly its succeeded sale, or a sale the cashier saw approved that is not succeeded), duplicate
 * sales, double captures, sales stuck unfinished, our succeeded totals against Stripe's to the cent (per
 * currency), 5xx answers, graceful shutdown (SIGTERM → exit 0), and no card number, API key or webhook
 * secret in any server's output. `crashFailures(figures)` lists what went wrong (empty when nothing did).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type Stripe from 'stripe';
import { DEMO_ADMIN } from '../../src/seed/console-users.ts';
import { createEmulatorStripeClient } from '../../src/stripe/connection.ts';
import { startEmulator } from '../../src/stripe/emulator/index.ts';
import { startPostgresCluster } from '../support/postgres-cluster.ts';
import { seededRandom } from './support.ts';

export type CrashBackend = 'sqlite' | 'postgres';

export interface CrashScenarioOptions {
  backend: CrashBackend;
  servers: 1 | 2 | 3;
  /** Checkouts over all registers (split evenly between them). */
  checkouts: number;
  seed: number;
  /** The whole run, settling and shutdown included (default: 2 minutes + 5 s per checkout). */
  timeoutMs?: number;
  /** How many registers take checkouts concurrently (1–3, default 3). */
  registers?: number;
  /** A new empty PostgreSQL database (e.g. on vitest's cluster); without it a throwaway cluster is started. */
  createPostgresDatabase?: () => Promise<string>;
  /** Prints the `[crash]` line and notes (default console.log). */
  log?: (line: string) => void;
  /** Also prints a progress line every this many checkouts (long runs). */
  progressEvery?: number;
}

export interface CrashFigures {
  backend: CrashBackend;
  servers: number;
  registers: number;
  seed: number;
  checkouts: number;
  kills: number;
  /** Requests a cashier sent to another server because its own was down. */
  failovers: number;
  resumed: number;
  abandoned: number;
  cashierSawApproved: number;
  waitedForBusyReaderMs: number;
  sales: number;
  succeeded: number;
  lost: number;
  duplicated: number;
  doubleCaptured: number;
  stuck: number;
  /** Answers with a 5xx status the cashiers got (502/503 may name Stripe being away; 500 never). */
  serverErrors: number;
  /** The longest a cashier's answered request took (e.g. waiting for a dead server's sale lease). */
  slowestRequestMs: number;
  oursMinor: number;
  stripeMinor: number;
  elapsedMs: number;
  /** SIGTERM exit code of each server at the end (0 expected). */
  exitCodes: (number | null)[];
  sweeper: { settled: number; linked: number; canceled: number };
  details: {
    lost: string[];
    cashierApprovedNotRecorded: string[];
    duplicated: string[];
    doubleCaptured: string[];
    stuck: string[];
    /** Responses with status 500 or above 503. */
    unexpectedServerErrors: string[];
    /** Per currency: our succeeded total and Stripe's. */
    totalsByCurrency: Record<string, { ours: number; stripe: number }>;
    /** What matched the secret patterns in the servers' output. */
    secretsInOutput: string[];
    /** What went wrong for the cashiers (not failures by themselves: the sweeper may settle them). */
    trace: string[];
    slowestRequest: string;
  };
  /** Where the servers' logs were kept (only when something failed). */
  logDir: string | null;
}

type KillPoint = 'none' | 'create' | 'attempt' | 'unrecorded' | 'approved' | 'sync';
const KILL_POINTS: KillPoint[] = ['none', 'create', 'attempt', 'unrecorded', 'approved', 'approved', 'sync'];

/** One register per location (their server-driven readers differ), one cashier each (demo PINs). */
const REGISTERS = [
  { code: 'MISSION-1', staff: 'Ben', pin: '2345' },
  { code: 'BROOKLYN-1', staff: 'Chloe', pin: '3456' },
  { code: 'SHIBUYA-1', staff: 'Kenji', pin: '2222' },
] as const;

const UNFINISHED = ['awaiting_payment', 'processing', 'requires_capture'];
const SECRETS = /4242424242424242|\bsk_(?:test|live)_\w*|\bwhsec_\w*/g;
const serverDir = join(import.meta.dirname, '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What went wrong in a run, one line each; empty when the figures are all as promised. */
export function crashFailures(figures: CrashFigures): string[] {
  const { details } = figures;
  const failures: string[] = [];
  const list = (name: string, items: string[]) => {
    if (items.length > 0) failures.push(`${name}: ${items.slice(0, 20).join(', ')}`);
  };
  list('lost (succeeded PaymentIntent without its succeeded sale)', details.lost);
  list('lost (cashier saw approved, sale not succeeded)', details.cashierApprovedNotRecorded);
  list('duplicated sales (clientSaleId)', details.duplicated);
  list('double captures (sale)', details.doubleCaptured);
  list('stuck sales', details.stuck);
  list('5xx other than 502/503', details.unexpectedServerErrors);
  list('secrets in server output', details.secretsInOutput);
  if (figures.oursMinor !== figures.stripeMinor)
    failures.push(`totals differ: ours ${figures.oursMinor} vs Stripe ${figures.stripeMinor}`);
  for (const [currency, totals] of Object.entries(details.totalsByCurrency))
    if (totals.ours !== totals.stripe)
      failures.push(`${currency} totals differ: ours ${totals.ours} vs Stripe ${totals.stripe}`);
  if (figures.exitCodes.some((code) => code !== 0))
    failures.push(`SIGTERM exit codes: ${JSON.stringify(figures.exitCodes)}`);
  return failures;
}

/** The one-line summary every run prints. */
export function formatCrashFigures(f: CrashFigures): string {
  return (
    `[crash] backend=${f.backend} servers=${f.servers} registers=${f.registers} seed=${f.seed} ` +
    `checkouts=${f.checkouts} kills=${f.kills} failovers=${f.failovers} resumed=${f.resumed} ` +
    `abandoned=${f.abandoned} lost=${f.lost} duplicated=${f.duplicated} double_captured=${f.doubleCaptured} ` +
    `stuck=${f.stuck} 5xx=${f.serverErrors} ours_minor=${f.oursMinor} stripe_minor=${f.stripeMinor} ` +
    `elapsed=${(f.elapsedMs / 1000).toFixed(1)}s saw_approved=${f.cashierSawApproved} sales=${f.sales} ` +
    `succeeded=${f.succeeded} waited_busy_reader_ms=${f.waitedForBusyReaderMs} ` +
    `slowest_request=${JSON.stringify(`${f.slowestRequestMs} ms ${f.details.slowestRequest}`)} sweeper=${JSON.stringify(f.sweeper)} ` +
    `exit_codes=${JSON.stringify(f.exitCodes)} trace=${JSON.stringify(f.details.trace.slice(0, 30))}`
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface RunningServer {
  child: ChildProcess;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

interface ServerSlot {
  index: number;
  port: number;
  base: string;
  running: RunningServer | null;
  /** Listening, and not being killed. */
  up: boolean;
  /** Every incarnation's output. */
  output: string;
}

interface SaleRow {
  id: string;
  clientSaleId: string;
  status: string;
  currency: string;
  totalMinor: number;
  paymentIntentId: string | null;
  registerCode: string;
}

interface AccountRow {
  code: string;
  stripeAccountId: string;
  chargeType: string;
}

/** Read-only queries over the server's database (test code may use the drivers directly). */
interface SalesReader {
  accounts(): Promise<AccountRow[]>;
  sales(): Promise<SaleRow[]>;
  close(): Promise<void>;
}

const ACCOUNTS_SQL = `SELECT r.code AS "code", a.stripe_account_id AS "stripeAccountId", a.charge_type AS "chargeType"
  FROM registers r JOIN locations l ON l.id = r.location_id JOIN accounts a ON a.id = l.account_id`;
const SALES_SQL = `SELECT s.id AS "id", s.client_sale_id AS "clientSaleId", s.status AS "status",
    s.currency AS "currency", s.total_minor AS "totalMinor", s.payment_intent_id AS "paymentIntentId",
    r.code AS "registerCode"
  FROM sales s JOIN registers r ON r.id = s.register_id`;

function sqliteReader(path: string): SalesReader {
  let db: Database.Database | null = null;
  const open = () => {
    db ??= new Database(path, { readonly: true });
    return db;
  };
  return {
    accounts: async () => open().prepare(ACCOUNTS_SQL).all() as AccountRow[],
    sales: async () => open().prepare(SALES_SQL).all() as SaleRow[],
    close: async () => {
      db?.close();
    },
  };
}

function postgresReader(url: string): SalesReader {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    accounts: async () => (await pool.query<AccountRow>(ACCOUNTS_SQL)).rows,
    sales: async () =>
      (await pool.query<SaleRow>(SALES_SQL)).rows.map((row) => ({
        ...row,
        totalMinor: Number(row.totalMinor),
      })),
    close: () => pool.end(),
  };
}

/**
 * A lock for the chaos: one kill (and restart) at a time, so with several servers one always survives.
 * `hold(promise)` keeps the lock until that promise settles too (a restart running in the background).
 */
function createChaosLock() {
  let tail: Promise<void> = Promise.resolve();
  return async <T>(work: (hold: (until: Promise<unknown>) => void) => Promise<T>): Promise<T> => {
    const previous = tail;
    let release = () => {};
    tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    const held: Promise<unknown>[] = [];
    try {
      return await work((until) => held.push(until));
    } finally {
      void Promise.allSettled(held).then(() => release());
    }
  };
}

interface HttpResult {
  /** 0: no answer (the server died or was unreachable). */
  status: number;
  body: { sale?: { id?: string; status?: string } } | null;
}

export async function runCrashScenario(options: CrashScenarioOptions): Promise<CrashFigures> {
  const { backend, servers, seed } = options;
  const registerCount = Math.max(1, Math.min(REGISTERS.length, options.registers ?? REGISTERS.length));
  const log = options.log ?? ((line: string) => console.log(line));
  const startedAt = Date.now();
  const deadline = startedAt + (options.timeoutMs ?? 120_000 + options.checkouts * 5_000);
  const dir = mkdtempSync(join(tmpdir(), `countertop-crash-${backend}-`));
  const cleanups: (() => Promise<void>)[] = [];
  const slots: ServerSlot[] = [];
  let fatal: Error | null = null;
  let keepLogs = false;

  const checkTime = () => {
    if (fatal) throw fatal;
    if (Date.now() > deadline) {
      fatal = new Error(`crash scenario timed out after ${Date.now() - startedAt} ms`);
      throw fatal;
    }
  };

  try {
    const emulator = await startEmulator({
      port: 0,
      databasePath: join(dir, 'emulator.db'),
      webhookRetryDelaysMs: [200, 500, 1_000],
    });
    cleanups.push(() => emulator.close());
    const stripe = createEmulatorStripeClient(emulator.url);

    let databaseUrl: string | null = null;
    if (backend === 'postgres') {
      if (options.createPostgresDatabase) databaseUrl = await options.createPostgresDatabase();
      else {
        const cluster = await startPostgresCluster();
        cleanups.push(() => cluster.stop());
        databaseUrl = await cluster.createDatabase('countertop_crash');
      }
    }
    const reader = databaseUrl ? postgresReader(databaseUrl) : sqliteReader(join(dir, 'pos.db'));
    cleanups.push(() => reader.close());

    for (let index = 0; index < servers; index++) {
      const port = await freePort();
      slots.push({ index, port, base: `http://127.0.0.1:${port}`, running: null, up: false, output: '' });
    }

    function startServer(slot: ServerSlot): Promise<void> {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: serverDir,
        env: {
          ...process.env,
          PORT: String(slot.port),
          HOST: '127.0.0.1',
          PUBLIC_URL: '',
          DATABASE_PATH: join(dir, backend === 'sqlite' ? 'pos.db' : 'unused.db'),
          DATABASE_URL: databaseUrl ?? '',
          STRIPE_API_BASE: emulator.url,
          STRIPE_SECRET_KEY: '',
          STRIPE_WEBHOOK_SECRET: '',
          STATIC_ROOT: join(dir, 'no-client'),
          E2E_CONTROLS: '',
          DEMO_HISTORY_DAYS: '0',
          RECOVERY_INTERVAL_SECONDS: '1',
          RECOVERY_SETTLE_AFTER_SECONDS: '1',
          RECOVERY_ABANDON_AFTER_SECONDS: '3',
          RECONCILIATION_HOUR_UTC: '-1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      slot.running = { child, exited };
      return new Promise((resolve, reject) => {
        // This incarnation's own start-up output (a killed one's last buffered lines may still arrive).
        let mine = '';
        let listening = false;
        const onData = (chunk: Buffer) => {
          slot.output += chunk.toString();
          if (listening) return;
          mine += chunk.toString();
          if (/Countertop listening on/.test(mine)) {
            listening = true;
            if (slot.running?.child === child) slot.up = true;
            resolve();
          }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        void exited.then(() => {
          if (!listening) reject(new Error(`server ${slot.index} exited during start-up:\n${mine}`));
        });
        // A server that never listens (nor exits) fails the run at its deadline.
        setTimeout(
          () => {
            if (!listening) child.kill('SIGKILL');
          },
          Math.max(1, deadline - Date.now()),
        ).unref();
      });
    }
    cleanups.push(async () => {
      for (const slot of slots) {
        const child = slot.running?.child;
        if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });

    // Every server starts at once on the empty database: one seeds the demo data, the others wait for it.
    await Promise.all(slots.map((slot) => startServer(slot)));

    const figures = {
      checkouts: 0,
      kills: 0,
      failovers: 0,
      resumed: 0,
      abandoned: 0,
      waitedForBusyReaderMs: 0,
      serverErrors: 0,
      slowestRequestMs: 0,
    };
    let slowestRequest = '';
    const unexpectedServerErrors: string[] = [];
    const trace: string[] = [];
    const sawApproved = new Set<string>();
    const clientSaleIds: string[] = [];
    const chaos = createChaosLock();
    const accounts = new Map((await reader.accounts()).map((row) => [row.code, row]));

    const emulatorFaults = async (faults: Record<string, unknown> | null) => {
      await fetch(`${emulator.url}/_emulator/faults`, {
        method: faults ? 'POST' : 'DELETE',
        headers: { 'content-type': 'application/json' },
        ...(faults ? { body: JSON.stringify(faults) } : {}),
      });
    };

    /** SIGKILLs the server, then restarts it: the returned promise resolves once it listens again. */
    async function crash(slot: ServerSlot): Promise<{ restarted: Promise<void> }> {
      figures.kills += 1;
      slot.up = false;
      slot.running?.child.kill('SIGKILL');
      await slot.running?.exited;
      const restarted = startServer(slot);
      restarted.catch((error: unknown) => {
        fatal ??= error instanceof Error ? error : new Error(String(error));
      });
      return { restarted };
    }

    async function cashierAt(registerIndex: number) {
      const plan = REGISTERS[registerIndex] ?? REGISTERS[0];
      const home = registerIndex % servers;
      let current = home;
      const random = seededRandom(seed + registerIndex * 1_000_003);
      const account = accounts.get(plan.code);
      if (!account) throw new Error(`register ${plan.code} was not seeded`);
      const on: Stripe.RequestOptions =
        account.chargeType === 'direct' ? { stripeAccount: account.stripeAccountId } : {};

      /** The server this cashier's next request goes to: its own, or (when that one is down) a survivor. */
      async function server(): Promise<ServerSlot> {
        for (;;) {
          checkTime();
          const mine = slots[current];
          if (mine?.up) return mine;
          const survivor = slots.find((slot) => slot.up);
          if (survivor) {
            current = survivor.index;
            figures.failovers += 1;
            return survivor;
          }
          await sleep(25);
        }
      }

      let cookie = '';
      let csrfToken = '';
      /** One request; with `retry`, a request that got no answer is sent again (to a live server). */
      async function call(method: string, path: string, json?: unknown, retry = true): Promise<HttpResult> {
        for (;;) {
          const slot = await server();
          const sentAt = Date.now();
          let response: Response;
          try {
            response = await fetch(`${slot.base}${path}`, {
              method,
              headers: {
                ...(cookie ? { cookie, 'x-csrf-token': csrfToken } : {}),
                ...(json === undefined ? {} : { 'content-type': 'application/json' }),
              },
              ...(json === undefined ? {} : { body: JSON.stringify(json) }),
              signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
            });
          } catch {
            // The server died (or was killed) under the request; past the deadline this throws.
            checkTime();
            if (!retry) return { status: 0, body: null };
            await sleep(25);
            continue;
          }
          const text = await response.text().catch(() => '');
          const tookMs = Date.now() - sentAt;
          if (tookMs > figures.slowestRequestMs) {
            figures.slowestRequestMs = tookMs;
            slowestRequest = `${method} ${path.replace(/sale_\w+/, ':sale')} → ${response.status} (server ${slot.index})`;
          }
          let body: HttpResult['body'] = null;
          try {
            body = text ? (JSON.parse(text) as HttpResult['body']) : null;
          } catch {
            // not JSON
          }
          if (response.status >= 500) {
            figures.serverErrors += 1;
            if (response.status === 500 || response.status > 503)
              unexpectedServerErrors.push(
                `${plan.code} server ${slot.index} ${method} ${path}: ${response.status} ${text.slice(0, 200)}`,
              );
          }
          return { status: response.status, body };
        }
      }

      // Pair this register's device as a shop would (a one-time code the demo platform admin makes in the
      // console), then sign in (staff → PIN) on it; then the location's server-driven reader.
      const cookieOf = (response: Response, name: string) =>
        response.headers
          .getSetCookie()
          .map((line) => line.split(';')[0] ?? '')
          .find((pair) => pair.startsWith(`${name}=`)) ?? '';
      for (;;) {
        const slot = await server();
        try {
          const admin = await fetch(`${slot.base}/api/console/session`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(DEMO_ADMIN),
          });
          if (admin.status !== 200) throw new Error(`console sign-in: ${admin.status} ${await admin.text()}`);
          const adminCookie = cookieOf(admin, 'ct_console');
          const adminCsrf = ((await admin.json()) as { csrfToken: string }).csrfToken;
          const asAdmin = (path: string, method = 'GET') =>
            fetch(`${slot.base}${path}`, {
              method,
              headers: { cookie: adminCookie, 'x-csrf-token': adminCsrf },
            }).then((response) => response.json() as Promise<Record<string, unknown>>);
          const { accounts } = (await asAdmin('/api/platform/accounts')) as { accounts: { id: string }[] };
          let code: string | undefined;
          for (const account of accounts) {
            const path = `/api/platform/accounts/${account.id}/registers`;
            const { registers } = (await asAdmin(path)) as { registers: { id: string; code: string }[] };
            const register = registers.find((candidate) => candidate.code === plan.code);
            if (!register) continue;
            const created = (await asAdmin(`${path}/${register.id}/pairing-code`, 'POST')) as {
              pairingCode: { code: string };
            };
            code = created.pairingCode.code;
            break;
          }
          if (!code) throw new Error(`${plan.code}: no such register`);
          const paired = await fetch(`${slot.base}/api/counter/pairing`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code }),
          });
          if (paired.status !== 200) throw new Error(`${plan.code}: pairing failed with ${paired.status}`);
          const deviceCookie = cookieOf(paired, 'ct_register');
          const screen = (await paired.json()) as {
            csrfToken: string;
            staff: { id: string; displayName: string }[];
          };
          const staffId = screen.staff.find((staff) => staff.displayName === plan.staff)?.id;
          const signIn = await fetch(`${slot.base}/api/counter/session`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              cookie: deviceCookie,
              'x-csrf-token': screen.csrfToken,
            },
            body: JSON.stringify({ staffId, pin: plan.pin }),
          });
          if (signIn.status !== 200)
            throw new Error(`${plan.code}: sign-in failed with ${signIn.status}: ${await signIn.text()}`);
          cookie = `${cookieOf(signIn, 'ct_session')}; ${deviceCookie}`;
          csrfToken = ((await signIn.json()) as { csrfToken: string }).csrfToken;
          break;
        } catch (error) {
          // A server killed under us: try again at a live one. Anything else is a broken test setup.
          if (error instanceof TypeError) {
            await sleep(25);
            continue;
          }
          throw error;
        }
      }
      const readers = (await call('GET', '/api/counter/readers')).body as {
        readers?: { id: string; stripeReaderId: string; integration: string }[];
      } | null;
      const reader = readers?.readers?.find((candidate) => candidate.integration === 'server_driven');
      if (!reader) throw new Error(`${plan.code}: no server-driven reader`);
      const presentCard = () =>
        stripe.testHelpers.terminal.readers
          .presentPaymentMethod(
            reader.stripeReaderId,
            { type: 'card_present', card_present: { number: '4242424242424242' } },
            on,
          )
          .then(
            () => true,
            () => false,
          );

      /** Sends a request and SIGKILLs its server `afterMs` later, whatever state the request is in. */
      async function killDuring(request: () => Promise<unknown>) {
        await chaos(async (hold) => {
          const afterMs = Math.floor(random() * 25);
          const slot = await server();
          const pending = request().catch(() => undefined);
          await sleep(afterMs);
          const { restarted } = await crash(slot);
          if (servers === 1) await restarted;
          else hold(restarted);
          await pending;
        });
      }
      async function crashMyServer() {
        await chaos(async (hold) => {
          const { restarted } = await crash(await server());
          if (servers === 1) await restarted;
          else hold(restarted);
        });
      }

      const share = Math.floor(options.checkouts / registerCount);
      const mine = share + (registerIndex < options.checkouts % registerCount ? 1 : 0);
      for (let i = 0; i < mine; i++) {
        checkTime();
        // Between sales the load balancer sends the register back to its own server once it is up.
        if (slots[home]?.up) current = home;
        figures.checkouts += 1;
        if (options.progressEvery && figures.checkouts % options.progressEvery === 0)
          log(
            `[crash] ${backend} ${figures.checkouts}/${options.checkouts} checkouts, ${figures.kills} kills, ` +
              `${figures.failovers} failovers, ${((Date.now() - startedAt) / 1000).toFixed(0)} s`,
          );
        const kill = KILL_POINTS[Math.floor(random() * KILL_POINTS.length)] ?? 'none';
        const clientSaleId = randomUUID();
        const attemptKey = randomUUID();
        clientSaleIds.push(clientSaleId);
        const saleBody = { clientSaleId, keyedAmountMinor: 100 + Math.floor(random() * 9_900) };
        let saleId: string | undefined;
        const where = () => `${plan.code}#${i}:${kill}:server${current}`;
        const createSale = async (retry = true) => {
          const created = await call('POST', '/api/counter/sales', saleBody, retry);
          saleId = created.body?.sale?.id ?? saleId;
        };
        const startAttempt = async (retry = true) => {
          // A reader still busy with a sale someone walked away from is freed by the sweeper: wait for it.
          for (let waited = 0; ; waited += 250) {
            const started = await call(
              'POST',
              `/api/counter/sales/${saleId}/attempts`,
              { attemptKey, readerId: reader.id },
              retry,
            );
            const busy = started.status === 409 && JSON.stringify(started.body).includes('reader_busy');
            if (!busy || waited >= 15_000) return started;
            figures.waitedForBusyReaderMs += 250;
            await sleep(250);
          }
        };
        const sync = async (retry = true) => {
          const synced = await call('POST', `/api/counter/sales/${saleId}/sync`, undefined, retry);
          if (synced.body?.sale?.status === 'succeeded') sawApproved.add(saleId ?? '');
          return synced.body?.sale?.status;
        };

        let crashed = false;
        if (kill === 'create') {
          await killDuring(() => createSale(false));
          crashed = true;
        } else await createSale();
        if (!crashed || random() < 0.6) {
          if (crashed) figures.resumed += 1;
          if (!saleId) await createSale();
          if (kill === 'unrecorded') {
            // Stripe commits the PaymentIntent but its answer is lost (stripe-node waits ~0.5 s before
            // retrying a closed connection): the server dies in that window, before recording it. The
            // fault is the emulator's, so other registers' PaymentIntent calls in that window lose their
            // answers too (their servers retry, or the sweeper links what they created).
            await chaos(async (hold) => {
              const slot = await server();
              await emulatorFaults({ drop_after_commit_rate: 1, path_prefix: '/v1/payment_intents' });
              const pending = startAttempt(false).catch(() => undefined);
              await sleep(250);
              const { restarted } = await crash(slot);
              await emulatorFaults(null);
              if (servers === 1) await restarted;
              else hold(restarted);
              await pending;
            });
            crashed = true;
            if (random() < 0.5) {
              figures.abandoned += 1;
              continue;
            }
            figures.resumed += 1;
          }
          if (kill === 'attempt') {
            await killDuring(() => startAttempt(false));
            crashed = true;
            if (random() < 0.5) {
              figures.abandoned += 1;
              continue;
            }
            figures.resumed += 1;
          }
          const started = await startAttempt();
          if (started.status !== 200) {
            trace.push(`${where()}:attempt=${started.status}:${JSON.stringify(started.body).slice(0, 160)}`);
            continue;
          }
          await presentCard();
          if (kill === 'approved') {
            await crashMyServer();
            if (random() < 0.5) {
              figures.abandoned += 1;
              continue;
            }
            figures.resumed += 1;
          }
          if (kill === 'sync') {
            await killDuring(() => sync(false));
            if (random() < 0.5) {
              figures.abandoned += 1;
              continue;
            }
            figures.resumed += 1;
          }
          let last: string | undefined;
          for (let tries = 0; tries < 3 && last !== 'succeeded'; tries++) last = await sync();
          if (last !== 'succeeded') trace.push(`${where()}:sync=${last}`);
        } else figures.abandoned += 1;
      }
    }

    const registerIndexes = Array.from({ length: registerCount }, (_, index) => index);
    const cashiers = await Promise.allSettled(registerIndexes.map((index) => cashierAt(index)));
    const failedCashier = cashiers.find((result) => result.status === 'rejected');
    if (failedCashier?.status === 'rejected') throw failedCashier.reason;

    // Let webhooks and the sweeper settle what the cashiers walked away from (no restart running).
    await chaos(async () => {});
    const codes = new Set<string>(REGISTERS.slice(0, registerCount).map((plan) => plan.code));
    const ourSales = async () => (await reader.sales()).filter((sale) => codes.has(sale.registerCode));
    const settleBy = Math.min(deadline, Date.now() + 60_000);
    while (Date.now() < settleBy) {
      const unfinished = (await ourSales()).filter((sale) => UNFINISHED.includes(sale.status));
      if (unfinished.length === 0) break;
      await sleep(250);
    }
    // Graceful shutdown: drains, lets the running sweep finish its step, closes the database, exits 0.
    const exitCodes = await Promise.all(
      slots.map(async (slot) => {
        slot.up = false;
        slot.running?.child.kill('SIGTERM');
        return (await slot.running?.exited) ?? null;
      }),
    );

    const ourClientSaleIds = new Set(clientSaleIds);
    const sales = (await ourSales()).filter((sale) => ourClientSaleIds.has(sale.clientSaleId));
    const saleIds = new Set(sales.map((sale) => sale.id));
    // Direct-charge PaymentIntents live on the connected account, destination charges on the platform.
    const scopes = new Map<string, Stripe.RequestOptions>();
    for (const code of codes) {
      const account = accounts.get(code);
      if (account?.chargeType === 'direct')
        scopes.set(account.stripeAccountId, { stripeAccount: account.stripeAccountId });
      else scopes.set('platform', {});
    }
    const intentsById = new Map<string, Stripe.PaymentIntent>();
    for (const on of scopes.values()) {
      await stripe.paymentIntents.list({ limit: 100 }, on).autoPagingEach((intent) => {
        const saleId = intent.metadata.sale_id;
        if (saleId === undefined || saleIds.has(saleId)) intentsById.set(intent.id, intent);
      });
    }
    const intents = [...intentsById.values()];

    const succeededBySale = new Map<string, Stripe.PaymentIntent[]>();
    for (const intent of intents.filter((candidate) => candidate.status === 'succeeded')) {
      const key = intent.metadata.sale_id ?? '(none)';
      succeededBySale.set(key, [...(succeededBySale.get(key) ?? []), intent]);
    }
    const byId = new Map(sales.map((sale) => [sale.id, sale]));
    const lost = [...succeededBySale.entries()]
      .filter(([saleId, list]) => {
        const sale = byId.get(saleId);
        return sale?.status !== 'succeeded' || !list.some((intent) => intent.id === sale.paymentIntentId);
      })
      .map(
        ([saleId, list]) =>
          `${saleId}:${byId.get(saleId)?.status}:${list.map((intent) => intent.id).join('+')}`,
      );
    const cashierApprovedNotRecorded = [...sawApproved]
      .filter((saleId) => byId.get(saleId)?.status !== 'succeeded')
      .map((saleId) => `${saleId}:${byId.get(saleId)?.status}`);
    const doubleCaptured = [...succeededBySale.entries()]
      .filter(([, list]) => list.length > 1)
      .map(([saleId, list]) => `${saleId}:${list.map((intent) => intent.id).join('+')}`);
    const salesPerClientSaleId = new Map<string, number>();
    for (const sale of sales)
      salesPerClientSaleId.set(sale.clientSaleId, (salesPerClientSaleId.get(sale.clientSaleId) ?? 0) + 1);
    const duplicated = [...salesPerClientSaleId.entries()]
      .filter(([, n]) => n > 1)
      .map(([id, n]) => `${id}×${n}`);
    const stuck = sales
      .filter((sale) => UNFINISHED.includes(sale.status))
      .map((sale) => `${sale.registerCode}:${sale.id}:${sale.status}`);
    const totalsByCurrency: Record<string, { ours: number; stripe: number }> = {};
    const totalsOf = (currency: string) => {
      totalsByCurrency[currency] ??= { ours: 0, stripe: 0 };
      return totalsByCurrency[currency];
    };
    for (const sale of sales.filter((candidate) => candidate.status === 'succeeded'))
      totalsOf(sale.currency).ours += sale.totalMinor;
    for (const intent of [...succeededBySale.values()].flat())
      totalsOf(intent.currency).stripe += intent.amount_received;
    const output = slots.map((slot) => slot.output).join('\n');
    const secretsInOutput = [...new Set(output.match(SECRETS) ?? [])].map((hit) => `${hit.slice(0, 12)}…`);
    const recoveryLog = output.split('\n').filter((line) => line.startsWith('recovery:'));

    const result: CrashFigures = {
      backend,
      servers,
      registers: registerCount,
      seed,
      ...figures,
      cashierSawApproved: sawApproved.size,
      sales: sales.length,
      succeeded: sales.filter((sale) => sale.status === 'succeeded').length,
      lost: lost.length + cashierApprovedNotRecorded.length,
      duplicated: duplicated.length,
      doubleCaptured: doubleCaptured.length,
      stuck: stuck.length,
      oursMinor: Object.values(totalsByCurrency).reduce((sum, totals) => sum + totals.ours, 0),
      stripeMinor: Object.values(totalsByCurrency).reduce((sum, totals) => sum + totals.stripe, 0),
      elapsedMs: Date.now() - startedAt,
      exitCodes,
      sweeper: {
        settled: recoveryLog.filter((line) => line.includes(' → ')).length,
        linked: recoveryLog.filter((line) => line.startsWith('recovery: linked')).length,
        canceled: recoveryLog.filter((line) => line.startsWith('recovery: canceled')).length,
      },
      details: {
        lost,
        cashierApprovedNotRecorded,
        duplicated,
        doubleCaptured,
        stuck,
        unexpectedServerErrors,
        totalsByCurrency,
        secretsInOutput,
        trace,
        slowestRequest,
      },
      logDir: null,
    };
    if (crashFailures(result).length > 0) {
      keepLogs = true;
      result.logDir = dir;
    }
    log(formatCrashFigures(result));
    if (result.logDir) log(`[crash] server logs kept in ${result.logDir}`);
    return result;
  } catch (error) {
    // Keep the logs of a run that could not finish.
    fatal ??= error instanceof Error ? error : new Error(String(error));
    keepLogs = true;
    throw error;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    if (keepLogs) {
      for (const slot of slots) writeFileSync(join(dir, `server-${slot.index}.log`), slot.output);
      if (fatal) log(`[crash] server logs kept in ${dir}`);
    } else rmSync(dir, { recursive: true, force: true });
  }
}
