/**
 * The composition root: configuration → database → Stripe ports → services → jobs → HTTP app, built once.
 * main.ts, the CLI tools, tests and benchmarks all build the server here, so there is one wiring of the
 * product and no module builds its own repositories, gateways or services.
 *
 * What it does not do: open the database or connect to Stripe (the caller passes both, so a test can pass
 * an in-memory database and the embedded emulator), listen on a port, or start the scheduled jobs
 * (`server.jobs.start()` — main.ts does, tests run jobs on demand).
 */
import { createApp, type EmulatorEndpoint } from './app.ts';
import type { Database } from './db/database.ts';
import { createTimerScheduler, type JobScheduler, type ScheduledJob } from './jobs/scheduler.ts';
import { createInProcessSaleLock, type SaleLock } from './locks/sale-lock.ts';
import { createSmtpMailer } from './mail/smtp-mailer.ts';
import type { Clock, IdGenerator, Logger } from './runtime.ts';
import { createApprovals } from './services/approvals.ts';
import { createAuthService } from './services/auth.service.ts';
import { createCatalogService } from './services/catalog/catalog.service.ts';
import { createCheckoutService } from './services/checkout/checkout.service.ts';
import { createConsoleAuthService } from './services/console-auth.service.ts';
import { createCounterRefunds } from './services/counter-refunds.ts';
import { createDisputeNotices } from './services/disputes/dispute-notices.ts';
import { createDisputeRecords } from './services/disputes/dispute-records.ts';
import { createDisputesService } from './services/disputes/disputes.service.ts';
import { createDrawerService } from './services/drawer/drawer.service.ts';
import { createFeesEarnedService } from './services/fees-earned.service.ts';
import { createMailOutbox, createOutboxMailer, type Mailer } from './services/mailer.ts';
import { createMerchantAccess } from './services/merchant-access.ts';
import { createPaymentOptions } from './services/payment-options.ts';
import { createPayoutFailuresService } from './services/payout-failures.service.ts';
import { createPlatformAccountsService } from './services/platform-accounts.service.ts';
import { createPlatformReconciliationService } from './services/platform-reconciliation.service.ts';
import { createPlatformTerminalService } from './services/platform-terminal.service.ts';
import { createReceiptsService } from './services/receipts.service.ts';
import { createRecoveryService, type RecoveryOptions } from './services/recovery.service.ts';
import { createRefundsService } from './services/refunds.service.ts';
import { createRegisterPairing } from './services/register-pairing.service.ts';
import { createReportsService } from './services/reports/reports.service.ts';
import { createSignInLimiter } from './services/sign-in-limiter.ts';
import { createStaffAccess } from './services/staff-access.service.ts';
import { createTeamService } from './services/team.service.ts';
import { createWebhooksService } from './services/webhooks.service.ts';
import { createStripeGateways, type StripeGateways } from './stripe/adapters/index.ts';
import { createReaderSimulator } from './stripe/adapters/reader-simulator.adapter.ts';
import type { StripeConnection } from './stripe/connection.ts';

export interface ServerConfig {
  /** Where browsers reach this server, e.g. http://127.0.0.1:3000. */
  publicUrl: string;
  sessionTtlMinutes: number;
  /** A console session unused this long ends (CONSOLE_IDLE_TIMEOUT_MINUTES). */
  consoleIdleTimeoutMinutes: number;
  /** Behind a reverse proxy: the client address is the last X-Forwarded-For hop (TRUST_PROXY). */
  trustProxy: boolean;
  /** Session cookies get `Secure` (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** E2E_CONTROLS=1: proxy every /_emulator/* control except reset. Never on by default. */
  e2eControls: boolean;
  /** Absolute path of the built POS client (pos-client/dist), or null to serve no static files. */
  staticRoot: string | null;
  recovery: Partial<RecoveryOptions> & {
    /** Sweep period; 0 sweeps once at start-up only. */
    intervalMs: number;
  };
  /** UTC hour of the daily reconciliation of yesterday, or null when it does not run. */
  reconciliationHourUtc: number | null;
  /** Outgoing mail: SMTP when `smtpUrl` is set, else the local outbox (read in the platform console). */
  mail: { smtpUrl: string | null; from: string };
}

export interface ComposeOptions {
  config: ServerConfig;
  database: Database;
  stripe: StripeConnection;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  /** Defaults to SMTP (config.mail.smtpUrl) or the local outbox: never the log. */
  mailer?: Mailer;
  /** Defaults to the in-process lock (one server process). */
  saleLock?: SaleLock;
  /** Defaults to in-process timers. */
  scheduler?: JobScheduler;
  /** Replaces some Stripe ports (tests that need a failing or counting gateway). */
  gateways?: Partial<StripeGateways>;
}

export function composeServices(options: ComposeOptions) {
  const { config, database, stripe, clock, ids, log } = options;
  const gateways: StripeGateways = {
    ...createStripeGateways(stripe.client, { webhookSecrets: () => stripe.webhookSecrets, clock }),
    ...options.gateways,
  };
  const mailer = options.mailer ?? configuredMailer(options);
  const saleLock = options.saleLock ?? createInProcessSaleLock();

  const limiter = createSignInLimiter({ database, clock });
  const auth = createAuthService({
    database,
    clock,
    ids,
    limiter,
    sessionTtlMinutes: config.sessionTtlMinutes,
  });
  const pairing = createRegisterPairing({ database, clock, ids, limiter });
  const staffAccess = createStaffAccess({ database, clock, limiter });
  const consoleAuth = composeConsoleAuth({ ...options, mailer });
  const approvals = createApprovals({ database, limiter });
  const checkout = createCheckoutService({
    database,
    saleLock,
    gateway: gateways.payments,
    clock,
    ids,
    log,
    simulatedReaders: stripe.mode === 'emulator',
    readerSimulator:
      stripe.mode === 'emulator' && stripe.emulator ? createReaderSimulator(stripe.emulator) : null,
    approvals,
  });
  const catalog = createCatalogService({ database, clock, ids });
  const drawer = createDrawerService({ database, clock, ids, approvals, log });
  const paymentOptions = createPaymentOptions({ database, health: gateways.health });
  const team = createTeamService({ database, clock, ids });
  const receipts = createReceiptsService({ database, mailer, clock });
  const reports = createReportsService({
    database,
    reporting: gateways.reporting,
    disputes: gateways.disputes,
    clock,
    log,
  });
  const refunds = createRefundsService({
    database,
    gateway: gateways.payments,
    reporting: gateways.reporting,
    reports,
    clock,
    ids,
    log,
  });
  const payoutFailures = createPayoutFailuresService({
    database,
    reporting: gateways.reporting,
    mailer,
    clock,
    log,
    publicUrl: config.publicUrl,
  });
  const disputeNotices = createDisputeNotices({ database, mailer, clock, log, publicUrl: config.publicUrl });
  const disputeRecords = createDisputeRecords({
    database,
    disputes: gateways.disputes,
    reporting: gateways.reporting,
    clock,
    log,
    onOpened: disputeNotices.opened,
  });
  const disputes = createDisputesService({
    database,
    gateway: gateways.disputes,
    records: disputeRecords,
    clock,
    ids,
    log,
  });
  const counterRefunds = createCounterRefunds({ database, refunds, approvals, clock, ids });
  const webhooks = createWebhooksService({
    database,
    gateway: gateways.payments,
    connect: gateways.connect,
    checkout,
    refunds,
    payoutFailures,
    disputes: disputeRecords,
    clock,
    log,
  });
  const merchantAccess = createMerchantAccess({ database });
  const outbox = createMailOutbox({ database, mailer });
  const platformAccounts = createPlatformAccountsService({
    database,
    connect: gateways.connect,
    clock,
    ids,
    publicUrl: config.publicUrl,
  });
  const feesEarned = createFeesEarnedService({ database, connect: gateways.connect, clock });
  const platformTerminal = createPlatformTerminalService({
    database,
    connect: gateways.connect,
    accounts: platformAccounts,
    clock,
    ids,
  });
  const reconciliation = createPlatformReconciliationService({ database, reports, clock, log });
  const recovery = createRecoveryService({
    database,
    gateway: gateways.payments,
    recoveryGateway: gateways.recovery,
    checkout,
    clock,
    ids,
    log,
    options: config.recovery,
  });

  return {
    gateways,
    mailer,
    limiter,
    auth,
    pairing,
    staffAccess,
    consoleAuth,
    approvals,
    checkout,
    catalog,
    drawer,
    paymentOptions,
    counterRefunds,
    team,
    webhooks,
    receipts,
    reports,
    refunds,
    merchantAccess,
    outbox,
    platformAccounts,
    feesEarned,
    platformTerminal,
    reconciliation,
    recovery,
    payoutFailures,
    disputes,
    disputeNotices,
  };
}

export type AppServices = ReturnType<typeof composeServices>;

/**
 * Console sign-in and accounts alone (no Stripe): what `create-admin` needs, wired as the server wires it.
 */
export function composeConsoleAuth(
  options: Pick<ComposeOptions, 'database' | 'clock' | 'ids' | 'log' | 'mailer'> & {
    config: Pick<ServerConfig, 'sessionTtlMinutes' | 'consoleIdleTimeoutMinutes' | 'publicUrl' | 'mail'>;
  },
) {
  return createConsoleAuthService({
    database: options.database,
    clock: options.clock,
    ids: options.ids,
    mailer: options.mailer ?? configuredMailer(options),
    limiter: createSignInLimiter({ database: options.database, clock: options.clock }),
    sessionTtlMinutes: options.config.sessionTtlMinutes,
    idleTimeoutMinutes: options.config.consoleIdleTimeoutMinutes,
    publicUrl: options.config.publicUrl,
  });
}

/** SMTP through nodemailer when SMTP_URL is set; else the local outbox. Mail never goes to the log. */
function configuredMailer(
  options: Pick<ComposeOptions, 'database' | 'clock' | 'ids'> & { config: Pick<ServerConfig, 'mail'> },
): Mailer {
  const { smtpUrl, from } = options.config.mail;
  if (smtpUrl) return createSmtpMailer({ url: smtpUrl, from });
  return createOutboxMailer({ database: options.database, clock: options.clock, ids: options.ids });
}

/** Catch-up work that keeps our records in step with Stripe's (never done by a read request). */
const CATCH_UP_INTERVAL_MS = 60_000;
/** How often owners' notices (dispute deadlines, failed payouts) are looked for: hourly. */
const NOTICES_INTERVAL_MS = 3_600_000;

/**
 * The background jobs: the recovery sweeper (unfinished sales, refunds Stripe left pending), the catch-up
 * of Stripe-derived figures (processing fees of sales, the platform's application fees), the owners'
 * notices (dispute deadline reminders, what a webhook could not send), and the daily reconciliation.
 */
export function scheduledJobs(services: AppServices, config: ServerConfig, log: Logger): ScheduledJob[] {
  const jobs: ScheduledJob[] = [
    {
      name: 'recovery-sweep',
      // A sweep at start-up settles what a crash left unfinished, then one every interval.
      schedule: { everyMs: config.recovery.intervalMs, runAtStart: true },
      async run() {
        const report = await services.recovery.sweep();
        const changed = report.settled + report.linked + report.canceled + report.anomalies + report.errors;
        if (changed > 0) log(`recovery: sweep ${JSON.stringify(report)}`);
        await services.refunds.refreshPendingRefunds();
      },
    },
    {
      name: 'stripe-figures-catch-up',
      schedule: { everyMs: CATCH_UP_INTERVAL_MS, runAtStart: true },
      async run() {
        const fees = await services.reports.backfillStripeFees();
        if (fees.recorded + fees.errors > 0) log(`stripe-fees: ${JSON.stringify(fees)}`);
        await services.feesEarned.syncApplicationFees();
      },
    },
  ];
  jobs.push({
    name: 'money-event-notices',
    // E-mails to merchant owners: disputes opened or near their evidence deadline, failed payouts. Each is
    // sent once (recorded); a run retries what could not be sent.
    schedule: { everyMs: NOTICES_INTERVAL_MS, runAtStart: true },
    async run() {
      const disputes = await services.disputeNotices.run();
      const payouts = await services.payoutFailures.notifyPending();
      if (disputes.opened + disputes.reminders + payouts > 0) {
        log(`notices: ${JSON.stringify({ ...disputes, payoutFailures: payouts })}`);
      }
    },
  });
  if (config.reconciliationHourUtc !== null) {
    jobs.push({
      name: 'daily-reconciliation',
      schedule: { dailyAtUtcHour: config.reconciliationHourUtc },
      async run() {
        await services.reconciliation.runDaily();
      },
    });
  }
  return jobs;
}

export interface ComposedServer {
  services: AppServices;
  app: ReturnType<typeof createApp>;
  jobs: JobScheduler;
  /** Starts the scheduled jobs (main.ts, once listening). */
  startJobs(): void;
}

export function composeServer(options: ComposeOptions): ComposedServer {
  const services = composeServices(options);
  const emulator: EmulatorEndpoint | null = options.stripe.emulator;
  const app = createApp({
    services,
    config: options.config,
    stripeMode: options.stripe.mode,
    emulator,
    checkDatabase: () => options.database.isHealthy(),
    checkStripe: services.gateways.health.isReachable,
    log: options.log,
  });
  const jobs = options.scheduler ?? createTimerScheduler({ clock: options.clock, log: options.log });
  return {
    services,
    app,
    jobs,
    startJobs: () => jobs.start(scheduledJobs(services, options.config, options.log)),
  };
}
