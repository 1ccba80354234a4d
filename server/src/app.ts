/**
 * createApp: the HTTP app over the composed services (compose.ts builds it). The single onError/notFound,
 * the session loaders, every /api route through `mountApiRoutes` (routes/api.ts: each definition behind
 * its guard), the emulator proxy (Terminal SDK paths only, or all controls but reset with E2E_CONTROLS)
 * and the POS client's static files with SPA fallback. No I/O at import.
 */
import { basename } from 'node:path';
import type { StripeMode } from '@countertop/shared';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import type { AppServices, ServerConfig } from './compose.ts';
import { AppError } from './errors.ts';
import { asServerLog, errorField } from './logging/logger.ts';
import { loadConsoleSession } from './middleware/console-session.ts';
import { createCookieJar } from './middleware/cookies.ts';
import { createErrorHandler, notFoundHandler } from './middleware/error-handler.ts';
import { createGuards } from './middleware/guards.ts';
import { requestIds, requestLog } from './middleware/request-log.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { loadCounterSession } from './middleware/session.ts';
import { mountApiRoutes } from './routes/api.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { catalogRoutes } from './routes/catalog.routes.ts';
import { consoleAuthRoutes } from './routes/console-auth.routes.ts';
import { counterRoutes } from './routes/counter.routes.ts';
import type { ApiRoute } from './routes/define-route.ts';
import { disputeRoutes } from './routes/disputes.routes.ts';
import { documentationRoutes } from './routes/openapi.routes.ts';
import { payoutFailureRoutes } from './routes/payout-failures.routes.ts';
import { platformAccountRoutes } from './routes/platform-accounts.routes.ts';
import { platformOutboxRoutes } from './routes/platform-outbox.routes.ts';
import { platformSupportRoutes } from './routes/platform-support.routes.ts';
import { platformTerminalRoutes } from './routes/platform-terminal.routes.ts';
import { receiptRoutes } from './routes/receipts.routes.ts';
import { registerRoutes } from './routes/register.routes.ts';
import { registerPairingRoutes } from './routes/register-pairing.routes.ts';
import { reliabilityRoutes } from './routes/reliability.routes.ts';
import { reportRoutes } from './routes/reports.routes.ts';
import { shiftRoutes } from './routes/shifts.routes.ts';
import { staffAccessRoutes } from './routes/staff-access.routes.ts';
import { systemRoutes } from './routes/system.routes.ts';
import { teamRoutes } from './routes/team.routes.ts';
import { webhookRoutes } from './routes/webhooks.routes.ts';
import type { Logger } from './runtime.ts';
import type { EmulatorEndpoint } from './stripe/connection.ts';

export type { EmulatorEndpoint };

export interface AppOptions {
  services: AppServices;
  config: Pick<ServerConfig, 'publicUrl' | 'secureCookies' | 'trustProxy' | 'e2eControls' | 'staticRoot'>;
  stripeMode: StripeMode;
  /** The emulator behind `/_emulator/*`, or null when talking to real Stripe. */
  emulator: EmulatorEndpoint | null;
  checkDatabase: () => Promise<boolean>;
  /** Whether Stripe answers (cached): readiness reports it. */
  checkStripe: () => Promise<boolean>;
  log: Logger;
}

export function createApp({
  services,
  config,
  stripeMode,
  emulator,
  checkDatabase,
  checkStripe,
  log,
}: AppOptions) {
  const serverLog = asServerLog(log);
  const app = new Hono();
  // Error lines go through the request's logger (with its reqId, the X-Request-Id the client got).
  app.onError((error, c) =>
    createErrorHandler((message, cause) =>
      (c.get('log') ?? serverLog.structured).error({ err: errorField(cause) }, message),
    )(error, c),
  );
  app.notFound(notFoundHandler);
  // Security headers on every response; a request id and one JSON log line per API request.
  app.use('*', securityHeaders({ stripeMode, https: config.secureCookies }));
  app.use('*', requestIds());
  app.use('/api/*', requestLog(log));

  // The session loaders only read the cookies; each route's guard decides (middleware/guards.ts).
  const cookies = createCookieJar(config.secureCookies);
  app.use('/api/*', loadCounterSession(services.auth, cookies));
  app.use('/api/*', loadConsoleSession(services.consoleAuth, cookies));

  const guards = createGuards({ resolveMerchantViewer: services.merchantAccess.resolveViewer });
  const merchant = { reports: services.reports, refunds: services.refunds };
  // Every /api route, in the order of the API document; nothing reaches /api any other way.
  const apiRoutes: readonly ApiRoute[] = mountApiRoutes(app, guards, [
    ...systemRoutes({ stripeMode, servesTerminalScript: emulator !== null, checkDatabase, checkStripe }),
    ...documentationRoutes({ mountedRoutes: () => apiRoutes }),
    ...authRoutes({
      auth: services.auth,
      pairing: services.pairing,
      cookies,
      trustProxy: config.trustProxy,
    }),
    ...staffAccessRoutes({ staffAccess: services.staffAccess }),
    // checkout routes:
    ...counterRoutes({ checkout: services.checkout }),
    ...registerRoutes({
      checkout: services.checkout,
      drawer: services.drawer,
      paymentOptions: services.paymentOptions,
      counterRefunds: services.counterRefunds,
    }),
    ...receiptRoutes({ receipts: services.receipts }),
    ...webhookRoutes({ webhooks: services.webhooks }),
    // merchant reports routes:
    ...reportRoutes(merchant),
    ...shiftRoutes({ drawer: services.drawer }),
    // the merchant's shop: catalog and team
    ...catalogRoutes({ catalog: services.catalog }),
    ...teamRoutes({ team: services.team }),
    // platform console routes:
    ...consoleAuthRoutes({ consoleAuth: services.consoleAuth, cookies, trustProxy: config.trustProxy }),
    ...platformAccountRoutes({ accounts: services.platformAccounts, feesEarned: services.feesEarned }),
    ...platformTerminalRoutes({ terminal: services.platformTerminal }),
    ...registerPairingRoutes({ pairing: services.pairing, terminal: services.platformTerminal }),
    ...platformOutboxRoutes({ outbox: services.outbox }),
    // platform support view (admins open a merchant's sales and refund on their behalf):
    ...platformSupportRoutes({
      merchant,
      accounts: services.platformAccounts,
      merchantAccess: services.merchantAccess,
    }),
    // money events (failed payouts; disputes):
    ...payoutFailureRoutes({ payoutFailures: services.payoutFailures }),
    ...disputeRoutes({ disputes: services.disputes, reports: services.reports }),
    // reliability routes (platform reconciliation, payment anomalies):
    ...reliabilityRoutes({ reconciliation: services.reconciliation, anomalies: services.recovery }),
  ]);

  if (emulator) mountEmulatorProxy(app, emulator, config.e2eControls);
  if (config.staticRoot) mountStaticClient(app, config.staticRoot);

  // The route definitions go with the app: the API document and the route-level tests read them.
  return Object.assign(app, { apiRoutes });
}

export type App = ReturnType<typeof createApp>;

/** Headers never forwarded to the emulator: our session cookie and hop-by-hop headers. */
const DROPPED_PROXY_HEADERS = ['cookie', 'host', 'connection', 'content-length', 'x-csrf-token'];

function mountEmulatorProxy(app: Hono, emulator: EmulatorEndpoint, e2eControls: boolean): void {
  const forward = async (c: Context) => {
    const headers = new Headers(c.req.raw.headers);
    for (const name of DROPPED_PROXY_HEADERS) headers.delete(name);
    const method = c.req.method;
    const body = method === 'GET' || method === 'HEAD' ? undefined : await c.req.arrayBuffer();
    const response = await emulator.fetch(new Request(c.req.url, { method, headers, body }));
    // A copy: fetch() responses (external emulator) have immutable headers, and middleware adds headers.
    return new Response(response.body, { status: response.status, headers: new Headers(response.headers) });
  };
  app.get('/_emulator/terminal.js', forward);
  app.all('/_emulator/terminal-sdk/*', forward);
  if (e2eControls) {
    app.all('/_emulator/reset', () => {
      throw new AppError('forbidden', 'Resetting the emulator is not available through the POS server.');
    });
    app.all('/_emulator/*', forward);
  }
}

/** Vite's build output: every file under /assets/ has a content hash in its name, so it never changes. */
const IMMUTABLE_ASSET = 'public, max-age=31536000, immutable';

function mountStaticClient(app: Hono, root: string): void {
  // Hashed assets are cached for a year; index.html (which names the current hashes) is revalidated on
  // every load, so a deploy reaches the next page load. Other files keep the default (no header).
  // (serveStatic's onFound runs after the response is built, too late to add headers: it only tells which
  // file was served, and the header goes on the returned response.)
  const served = new WeakMap<Context, string>();
  const remember = (path: string, c: Context) => {
    served.set(c, path);
  };
  const files = serveStatic({ root, onFound: remember });
  const indexPage = serveStatic({ root, path: 'index.html' });
  app.use('*', async (c, next) => {
    if (isApiOrEmulatorPath(c.req.path)) return next();
    const response = await files(c, next);
    const path = served.get(c);
    if (response instanceof Response && path !== undefined) {
      if (c.req.path.startsWith('/assets/')) response.headers.set('Cache-Control', IMMUTABLE_ASSET);
      else if (basename(path) === 'index.html') response.headers.set('Cache-Control', 'no-cache');
    }
    return response;
  });
  // SPA fallback: any other GET that is not a file gets index.html, so client-side routes load.
  app.get('*', async (c, next) => {
    if (isApiOrEmulatorPath(c.req.path)) return next();
    const response = await indexPage(c, next);
    if (response instanceof Response) response.headers.set('Cache-Control', 'no-cache');
    return response;
  });
}

function isApiOrEmulatorPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path.startsWith('/_emulator/');
}
