/**
 * Composition root, the only file with process side effects: env → database (+ migrations) → Stripe
 * (real, external emulator, or the embedded one) → demo seed on an empty database in emulator mode →
 * HTTP server → webhook endpoint registration. Shuts down cleanly on SIGINT/SIGTERM.
 */
import { serve } from '@hono/node-server';
import { createApp, createFoundationRepos } from './app.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
import { loadEnvOrExit } from './env.ts';
import { createBufferedLog } from './middleware/request-log.ts';
import { randomIds, systemClock } from './runtime.ts';
import { DEMO_CONSOLE_SIGN_INS } from './seed/console-users.ts';
import { DEMO_SIGN_INS, isDatabaseEmpty, type PastSalesSeeder, seedDemo } from './seed/demo.ts';
import { seedPastSales } from './seed/past-sales.ts';
import { createCheckoutModule } from './services/checkout-module.ts';
import { createMerchantModule } from './services/merchant-module.ts';
import {
  createPlatformReconciliationService,
  scheduleDaily,
} from './services/platform-reconciliation.service.ts';
import { startRecoveryScheduler } from './services/recovery.service.ts';
import { parseRecoveryEnv } from './services/recovery-config.ts';
import { createRecoveryModule } from './services/recovery-module.ts';
import { createStripeHealthCheck } from './services/stripe-health.ts';
import { wireStripe } from './stripe/emulator-wiring.ts';

const env = loadEnvOrExit();
// Lines of one event-loop turn go out in one write (request logs are one line per request).
const log = createBufferedLog((chunk) => process.stdout.write(chunk));
process.on('exit', () => log.flush());

const db = openDatabase(env.databasePath);
const applied = migrate(db);
if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);

const stripeWiring = await wireStripe(env, log);
const repos = createFoundationRepos(db);
const deps = {
  db,
  repos,
  stripe: stripeWiring.stripe,
  stripeMode: stripeWiring.stripeMode,
  webhookSecrets: stripeWiring.webhookSecrets,
  emulator: stripeWiring.emulator,
  clock: systemClock,
  ids: randomIds,
  log,
  config: {
    publicUrl: env.publicUrl,
    sessionTtlMinutes: env.sessionTtlMinutes,
    secureCookies: env.publicUrl.startsWith('https:'),
    e2eControls: env.e2eControls,
    staticRoot: env.staticRoot,
  },
};

let seeded = false;
if (stripeWiring.stripeMode === 'emulator' && stripeWiring.emulatorUrl && isDatabaseEmpty(db)) {
  const startedAt = Date.now();
  try {
    const demo = { ...deps, emulatorUrl: stripeWiring.emulatorUrl };
    const history = env.demoHistoryDays;
    const pastSales: PastSalesSeeder | undefined =
      history > 0 ? (seedDeps, result) => seedPastSales(seedDeps, result, { days: history }) : undefined;
    seeded = (await seedDemo(demo, pastSales ? { pastSales } : {})) !== null;
    log(`Seeded the demo data in ${Date.now() - startedAt} ms`);
  } catch (error) {
    // The seed writes the database only after every Stripe call succeeded, so the next start retries.
    log(
      `Demo seed failed; starting without demo data: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

const localHost = env.host === '0.0.0.0' || env.host === '::' ? '127.0.0.1' : env.host;
async function registerWebhooks(port: number): Promise<void> {
  try {
    await stripeWiring.registerWebhookEndpoints(`http://${localHost}:${port}/api/webhooks/stripe`);
  } catch (error) {
    log(`Could not register webhook endpoints on the emulator: ${String(error)}`);
  }
}
// With a fixed port the endpoints exist before /api/health answers (deliveries that race the listen
// are retried by the emulator); with PORT=0 the URL is known only once listening.
if (env.port !== 0) await registerWebhooks(env.port);

// One checkout module for the app and the recovery sweeper, so both share its per-sale locks.
const checkoutModule = createCheckoutModule(deps);
const app = createApp({
  ...deps,
  checkoutModule,
  checkStripe: createStripeHealthCheck(stripeWiring.stripe, { clock: systemClock }),
});
const recoveryEnv = parseRecoveryEnv(process.env);
let recoveryScheduler: { stop(): Promise<void> } | null = null;
// Daily reconciliation of yesterday for every account; differences go to the log.
const reconciliation = createPlatformReconciliationService({
  repos,
  reports: createMerchantModule({ ...deps, gateway: checkoutModule.gateway }).reports,
  clock: systemClock,
  log,
});
const dailyReconciliation =
  recoveryEnv.reconciliationHourUtc === null
    ? null
    : scheduleDaily(recoveryEnv.reconciliationHourUtc, () => reconciliation.runDaily(), systemClock, log);
let stopping = false;
const { recovery } = createRecoveryModule({
  ...deps,
  checkout: checkoutModule,
  options: { settleAfterMs: recoveryEnv.settleAfterMs, abandonAfterMs: recoveryEnv.abandonAfterMs },
});
const server = serve({ fetch: app.fetch, hostname: env.host, port: env.port }, (info) => {
  void (async () => {
    if (env.port === 0) await registerWebhooks(info.port);
    // Recovery: a sweep now (settles what a crash left unfinished), then every interval.
    if (!stopping) {
      recoveryScheduler = startRecoveryScheduler(() => recovery.sweep(), {
        intervalMs: recoveryEnv.intervalMs,
        log,
      });
    }
    const url = env.publicUrl.replace(`:${env.port}`, `:${info.port}`);
    log(`Countertop listening on ${url}`);
    log(
      stripeWiring.stripeMode === 'stripe'
        ? `Stripe mode: stripe (${env.stripeSecretKey?.startsWith('sk_live_') ? 'LIVE' : 'test'} key)`
        : `Stripe mode: emulator at ${stripeWiring.emulatorUrl}${env.stripeApiBase ? ' (external)' : ' (embedded)'}`,
    );
    if (stripeWiring.stripeMode === 'emulator' && !isDatabaseEmpty(db)) {
      log(
        `Demo sign-ins${seeded ? '' : ' (if the demo data seeded earlier is unchanged)'}: register code → staff PIN`,
      );
      for (const entry of DEMO_SIGN_INS) {
        const staff = entry.staff.map((s) => `${s.name}${s.role === 'manager' ? ' (manager)' : ''} ${s.pin}`);
        log(
          `  ${entry.registerCode.padEnd(11)} ${entry.businessName}, ${entry.locationName}: ${staff.join(', ')}`,
        );
      }
      log(`Demo console sign-ins (demo passwords only): platform console at ${url}/platform`);
      for (const entry of DEMO_CONSOLE_SIGN_INS)
        log(`  ${entry.console}: ${entry.email} / ${entry.password}`);
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
  // No new sweep; the running one finishes its step before the database closes.
  dailyReconciliation?.stop();
  const sweeperStopped = recoveryScheduler?.stop() ?? Promise.resolve();
  server.close(() => {
    void sweeperStopped
      .then(() => stripeWiring.close())
      .catch((error: unknown) => log(`Error closing the emulator: ${String(error)}`))
      .finally(() => {
        db.close();
        process.exit(0);
      });
  });
}
server.on('error', (error: NodeJS.ErrnoException) => {
  const reason =
    error.code === 'EADDRINUSE'
      ? `port ${env.port} on ${env.host} is already in use (another Countertop running?). Stop it, or start with PORT=<another port>.`
      : String(error);
  log(`Countertop could not start: ${reason}`);
  void stripeWiring.close().finally(() => {
    db.close();
    process.exit(1);
  });
});
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
