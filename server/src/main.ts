/**
 * The server process: env → database (+ migrations) → Stripe (real, external emulator, or the embedded
 * one) → the composition root (compose.ts) → demo seed on an empty database in emulator mode → HTTP
 * server → webhook endpoint registration → scheduled jobs. Shuts down cleanly on SIGINT/SIGTERM. The
 * only file with process side effects.
 */
import { serve } from '@hono/node-server';
import { type ComposeOptions, composeServer, composeServices, type ServerConfig } from './compose.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { createLeaderElectedScheduler } from './db/postgres/leader-scheduler.ts';
import { loadEnvOrExit, plainHttpWarning, type ServerEnv } from './env.ts';
import { createTimerScheduler } from './jobs/scheduler.ts';
import { createDatabaseSaleLock } from './locks/database-sale-lock.ts';
import { createInProcessSaleLock } from './locks/sale-lock.ts';
import { createServerLog } from './logging/logger.ts';
import { randomIds, systemClock } from './runtime.ts';
import { DEMO_CONSOLE_SIGN_INS } from './seed/console-users.ts';
import {
  DEMO_SIGN_INS,
  demoPairingCodes,
  isDatabaseEmpty,
  type PastSalesSeeder,
  seedDemo,
} from './seed/demo.ts';
import { seedPastSales } from './seed/past-sales.ts';
import { connectStripe } from './stripe/connection.ts';

function serverConfig(env: ServerEnv): ServerConfig {
  return {
    publicUrl: env.publicUrl,
    sessionTtlMinutes: env.sessionTtlMinutes,
    consoleIdleTimeoutMinutes: env.consoleIdleTimeoutMinutes,
    trustProxy: env.trustProxy,
    secureCookies: env.publicUrl.startsWith('https:'),
    e2eControls: env.e2eControls,
    staticRoot: env.staticRoot,
    recovery: env.recovery,
    reconciliationHourUtc: env.reconciliationHourUtc,
    mail: env.mail,
  };
}

const env = loadEnvOrExit();
// Every log line is pino JSON on stdout, written asynchronously in batches (flushed at exit). The start-up
// banner (where to open the POS, the demo sign-ins) is plain text for the person who started the server.
const log = createServerLog({ level: env.logLevel });
const banner = (line: string) => process.stdout.write(`${line}\n`);
const exposure = plainHttpWarning(env);
if (exposure) {
  log(exposure, 'warn');
  banner(exposure);
}

const { database, migrationsApplied, description } = await openConfiguredDatabase(
  env.databaseUrl ? { url: env.databaseUrl } : { path: env.databasePath },
);
log(`Database: ${description}`);
if (migrationsApplied.length > 0) log(`Applied migrations: ${migrationsApplied.join(', ')}`);

const stripe = await connectStripe(env, log);
if (env.databaseUrl && stripe.mode === 'emulator' && !env.stripeApiBase) {
  log(
    'Note: with DATABASE_URL each server process starts its own embedded Stripe emulator. To run several processes, start one emulator (pnpm emulator) and set STRIPE_API_BASE on every server.',
  );
}
// One process on SQLite: in-process locks and timers. Several processes on PostgreSQL: the sale lock
// is a lease in the database and the scheduled jobs run in the elected leader only.
const saleLock = env.databaseUrl ? createDatabaseSaleLock(database) : createInProcessSaleLock();
const composeOptions: ComposeOptions = {
  config: serverConfig(env),
  database,
  stripe,
  clock: systemClock,
  ids: randomIds,
  log,
  saleLock,
  ...(env.databaseUrl
    ? {
        scheduler: createLeaderElectedScheduler({
          url: env.databaseUrl,
          createScheduler: () => createTimerScheduler({ clock: systemClock, log }),
          log,
        }),
      }
    : {}),
};
const { app, services, startJobs, jobs } = composeServer(composeOptions);
log(`Mail: ${services.mailer.description}`);

let seeded = false;
if (stripe.mode === 'emulator' && stripe.emulatorUrl) {
  const emulatorUrl = stripe.emulatorUrl;
  // Servers starting together on one empty database seed it once: the lease (the same one sales use,
  // under a key no sale has) makes the others wait, then find the database no longer empty.
  await saleLock.withLock('startup:demo-seed', async () => {
    if (!(await isDatabaseEmpty(database.repos))) return;
    const startedAt = Date.now();
    try {
      const history = env.demoHistoryDays;
      const pastSales: PastSalesSeeder | undefined =
        history > 0 ? (seedDeps, result) => seedPastSales(seedDeps, result, { days: history }) : undefined;
      const demo = {
        database,
        connect: services.gateways.connect,
        consoleAuth: services.consoleAuth,
        clock: systemClock,
        ids: randomIds,
        log,
        emulatorUrl,
        checkoutAt: (clock: typeof systemClock) => {
          const atClock = composeServices({ ...composeOptions, clock });
          return { checkout: atClock.checkout, payments: atClock.gateways.payments, drawer: atClock.drawer };
        },
      };
      seeded = (await seedDemo(demo, pastSales ? { pastSales } : {})) !== null;
      log(`Seeded the demo data in ${Date.now() - startedAt} ms`);
    } catch (error) {
      // The seed writes the database only after every Stripe call succeeded, so the next start retries.
      log(
        `Demo seed failed; starting without demo data: ${error instanceof Error ? error.message : String(error)}`,
        'error',
      );
    }
  });
}

const localHost = env.host === '0.0.0.0' || env.host === '::' ? '127.0.0.1' : env.host;
async function registerWebhooks(port: number): Promise<void> {
  try {
    await stripe.registerWebhookEndpoints(`http://${localHost}:${port}/api/webhooks/stripe`);
  } catch (error) {
    log(`Could not register webhook endpoints on the emulator: ${String(error)}`, 'error');
  }
}
// With a fixed port the endpoints exist before /api/health answers (deliveries that race the listen
// are retried by the emulator); with PORT=0 the URL is known only once listening.
if (env.port !== 0) await registerWebhooks(env.port);

let stopping = false;
const server = serve({ fetch: app.fetch, hostname: env.host, port: env.port }, (info) => {
  void (async () => {
    if (env.port === 0) await registerWebhooks(info.port);
    // Recovery: a sweep now (settles what a crash left unfinished), then every interval; and the rest.
    if (!stopping) startJobs();
    const url = env.publicUrl.replace(`:${env.port}`, `:${info.port}`);
    log(`Countertop started (${url})`);
    banner(`Countertop listening on ${url}`);
    banner(
      stripe.mode === 'stripe'
        ? `Stripe mode: stripe (${env.stripeSecretKey?.startsWith('sk_live_') ? 'LIVE' : 'test'} key)`
        : `Stripe mode: emulator at ${stripe.emulatorUrl}${env.stripeApiBase ? ' (external)' : ' (embedded)'}`,
    );
    if (stripe.mode === 'emulator' && !(await isDatabaseEmpty(database.repos))) {
      // Demo data only (emulator mode): these PINs, passwords and one-time pairing codes exist to be typed.
      const codes = await demoPairingCodes(database.repos, services.pairing);
      banner(
        `Demo sign-ins${seeded ? '' : ' (if the demo data seeded earlier is unchanged)'}: open ${url}/, type the register's pairing code (one use, valid 24 h; the console makes more), then tap a name and enter the PIN`,
      );
      for (const entry of DEMO_SIGN_INS) {
        const staff = entry.staff.map((s) => `${s.name}${s.role === 'manager' ? ' (manager)' : ''} ${s.pin}`);
        const code = codes.get(entry.registerCode) ?? '(register removed)';
        banner(
          `  ${entry.registerCode.padEnd(11)} pairing code ${code}  ${entry.businessName}, ${entry.locationName}: ${staff.join(', ')}`,
        );
      }
      banner(`Demo console sign-ins (demo passwords only): platform console at ${url}/platform`);
      for (const entry of DEMO_CONSOLE_SIGN_INS)
        banner(`  ${entry.console}: ${entry.email} / ${entry.password}`);
    }
  })();
});

function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  log(`${signal} received, shutting down`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  if ('closeIdleConnections' in server && typeof server.closeIdleConnections === 'function') {
    server.closeIdleConnections();
  }
  // No new job runs; the running ones finish their step before the database closes.
  const jobsStopped = jobs.stop();
  server.close(() => {
    void jobsStopped
      .then(() => stripe.close())
      .catch((error: unknown) => log(`Error closing the emulator: ${String(error)}`, 'error'))
      .finally(async () => {
        await database.close();
        process.exit(0);
      });
  });
}
server.on('error', (error: NodeJS.ErrnoException) => {
  const reason =
    error.code === 'EADDRINUSE'
      ? `port ${env.port} on ${env.host} is already in use (another Countertop running?). Stop it, or start with PORT=<another port>.`
      : String(error);
  log(`Countertop could not start: ${reason}`, 'error');
  banner(`Countertop could not start: ${reason}`);
  void stripe.close().finally(async () => {
    await database.close();
    process.exit(1);
  });
});
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
