/**
 * createApp(deps): the HTTP app. The single onError/notFound, the session loaders, every /api route
 * through `mountApiRoutes` (routes/api.ts: each definition behind its guard), the emulator proxy
 * (Terminal SDK paths only, or all controls but reset with E2E_CONTROLS) and the POS client's static files
 * with SPA fallback. No I/O at import.
 */
import { basename } from 'node:path';
import type { StripeMode } from '@countertop/shared';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Statement } from 'better-sqlite3';
import { type Context, Hono } from 'hono';
import type Stripe from 'stripe';
import type { Db } from './db/open.ts';
import { createRecoveryRepo } from './db/recovery.repo.ts';
import { createFoundationRepos, type FoundationRepos } from './db/repos.ts';
import { AppError } from './errors.ts';
import { loadConsoleSession } from './middleware/console-session.ts';
import { createErrorHandler, type ErrorLogger, notFoundHandler } from './middleware/error-handler.ts';
import { createGuards } from './middleware/guards.ts';
import { requestIds, requestLog } from './middleware/request-log.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { loadCounterSession } from './middleware/session.ts';
import { mountApiRoutes } from './routes/api.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { consoleAuthRoutes } from './routes/console-auth.routes.ts';
import { counterRoutes } from './routes/counter.routes.ts';
import type { ApiRoute } from './routes/define-route.ts';
import { documentationRoutes } from './routes/openapi.routes.ts';
import { platformAccountRoutes } from './routes/platform-accounts.routes.ts';
import { platformSupportRoutes } from './routes/platform-support.routes.ts';
import { platformTerminalRoutes } from './routes/platform-terminal.routes.ts';
import { receiptRoutes } from './routes/receipts.routes.ts';
import { reliabilityRoutes } from './routes/reliability.routes.ts';
import { reportRoutes } from './routes/reports.routes.ts';
import { systemRoutes } from './routes/system.routes.ts';
import { webhookRoutes } from './routes/webhooks.routes.ts';
import type { Clock, IdGenerator, Logger } from './runtime.ts';
import { type AuthService, createAuthService } from './services/auth.service.ts';
import { type CheckoutModule, createCheckoutModule } from './services/checkout-module.ts';
import { createConsoleModule } from './services/console-module.ts';
import type { Mailer } from './services/mailer.ts';
import { createMerchantModule } from './services/merchant-module.ts';
import { createPlatformReconciliationService } from './services/platform-reconciliation.service.ts';

/** Anything that answers the emulator's HTTP surface: the embedded emulator or a proxy to an external one. */
export interface EmulatorEndpoint {
  fetch(request: Request): Promise<Response>;
}

export interface AppConfig {
  /** Where browsers reach this server, e.g. http://127.0.0.1:3000. */
  publicUrl: string;
  sessionTtlMinutes: number;
  /** Session cookie gets `Secure` (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** E2E_CONTROLS=1: proxy every /_emulator/* control except reset. Never on by default. */
  e2eControls: boolean;
  /** Absolute path of the built POS client (pos-client/dist), or null to serve no static files. */
  staticRoot: string | null;
}

export interface AppDeps {
  db: Db;
  repos: FoundationRepos;
  /** stripe-node client (to Stripe or to the emulator); the checkout team wraps it in the gateway. */
  stripe: Stripe;
  stripeMode: StripeMode;
  /** `whsec_` secrets of the registered webhook endpoints; filled at startup, read on each delivery. */
  webhookSecrets: string[];
  /** The emulator behind `/_emulator/*`, or null when talking to real Stripe. */
  emulator: EmulatorEndpoint | null;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  config: AppConfig;
  /** Receipt emails; defaults to logging them (development). */
  mailer?: Mailer;
  /** The checkout module to serve with (main shares it with the recovery sweeper); built when absent. */
  checkoutModule?: CheckoutModule;
  /** `/api/health` also fails (503) when this says Stripe does not answer; main passes a cached check. */
  checkStripe?: () => Promise<boolean>;
}

export interface AppServices {
  auth: AuthService;
}

export function createServices(deps: AppDeps): AppServices {
  return {
    auth: createAuthService({
      repos: deps.repos,
      clock: deps.clock,
      ids: deps.ids,
      sessionTtlMinutes: deps.config.sessionTtlMinutes,
    }),
  };
}

/** Convenience for tests and main: repositories over a migrated database. */
export { createFoundationRepos };

export function createApp(deps: AppDeps) {
  const services = createServices(deps);
  const errorLog: ErrorLogger = (message, error) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    deps.log(`${message}: ${detail}`);
  };

  const app = new Hono();
  // reliability: error log lines carry the request id (the X-Request-Id the client got).
  app.onError((error, c) =>
    createErrorHandler((message, cause) =>
      errorLog(`[request ${c.get('requestId') ?? '-'}] ${message}`, cause),
    )(error, c),
  );
  app.notFound(notFoundHandler);
  // reliability: security headers on every response; a request id and one JSON log line per API request.
  app.use('*', securityHeaders({ stripeMode: deps.stripeMode, https: deps.config.secureCookies }));
  app.use('*', requestIds());
  app.use('/api/*', requestLog(deps.log));

  // The session loaders only read the cookies; each route's guard decides (middleware/guards.ts).
  app.use('/api/*', loadCounterSession(services.auth));
  const consoleModule = createConsoleModule(deps);
  app.use('/api/*', loadConsoleSession(consoleModule.consoleAuth));

  const checkout = deps.checkoutModule ?? createCheckoutModule(deps);
  const merchantModule = createMerchantModule({ ...deps, gateway: checkout.gateway });
  const guards = createGuards({ resolveMerchantViewer: merchantModule.resolveViewer });
  // Every /api route, in the order of the API document; nothing reaches /api any other way.
  const apiRoutes: readonly ApiRoute[] = mountApiRoutes(app, guards, [
    ...systemRoutes({
      stripeMode: deps.stripeMode,
      servesTerminalScript: deps.emulator !== null,
      checkDatabase: () => isDatabaseHealthy(deps.db),
      ...(deps.checkStripe ? { checkStripe: deps.checkStripe } : {}),
    }),
    ...documentationRoutes({ mountedRoutes: () => apiRoutes }),
    ...authRoutes({ auth: services.auth, secureCookies: deps.config.secureCookies }),
    // checkout routes:
    ...counterRoutes({ checkout: checkout.checkout }),
    ...receiptRoutes({ receipts: checkout.receipts }),
    ...webhookRoutes({ webhooks: checkout.webhooks }),
    // merchant reports routes:
    ...reportRoutes(merchantModule),
    // platform console routes:
    ...consoleAuthRoutes({
      consoleAuth: consoleModule.consoleAuth,
      secureCookies: deps.config.secureCookies,
    }),
    ...platformAccountRoutes({ accounts: consoleModule.accounts }),
    ...platformTerminalRoutes({ terminal: consoleModule.terminal }),
    // platform support view (admins open a merchant's sales and refund on their behalf):
    ...platformSupportRoutes({
      merchant: merchantModule,
      accounts: consoleModule.accounts,
      repos: deps.repos,
    }),
    // reliability routes (platform reconciliation, payment anomalies):
    ...reliabilityRoutes({
      reconciliation: createPlatformReconciliationService({
        repos: deps.repos,
        reports: merchantModule.reports,
        clock: deps.clock,
        log: deps.log,
      }),
      anomalies: createRecoveryRepo(deps.db),
    }),
  ]);

  if (deps.emulator) mountEmulatorProxy(app, deps.emulator, deps.config.e2eControls);
  if (deps.config.staticRoot) mountStaticClient(app, deps.config.staticRoot);

  // The route definitions go with the app: the API document and the route-level tests read them.
  return Object.assign(app, { apiRoutes });
}

export type App = ReturnType<typeof createApp>;

/** Prepared once per database (health checks are frequent: load balancers, the bench). */
const healthStatements = new WeakMap<Db, Statement<[], { one: number }>>();

function isDatabaseHealthy(db: Db): boolean {
  try {
    let statement = healthStatements.get(db);
    if (!statement) {
      statement = db.prepare<[], { one: number }>('SELECT 1 AS one');
      healthStatements.set(db, statement);
    }
    return statement.get() !== undefined;
  } catch {
    return false;
  }
}

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
