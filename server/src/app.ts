/**
 * createApp: the HTTP app over the composed services. Mounts the route modules under /api, the single
 * onError/notFound, the session + CSRF middleware, the emulator proxy (Terminal SDK paths only, or all
 * controls but reset with E2E_CONTROLS) and the POS client's static files with SPA fallback. No I/O at
 * import; compose.ts builds it.
 */
import { basename } from 'node:path';
import type { StripeMode } from '@countertop/shared';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import type { AppServices, ServerConfig } from './compose.ts';
import { AppError } from './errors.ts';
import { loadConsoleSession } from './middleware/console-session.ts';
import { createErrorHandler, type ErrorLogger, notFoundHandler } from './middleware/error-handler.ts';
import { requestIds, requestLog } from './middleware/request-log.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { loadCounterSession } from './middleware/session.ts';
import { AUTH_ROUTES, createAuthRoutes } from './routes/auth.routes.ts';
import { CONSOLE_AUTH_ROUTES, createConsoleAuthRoutes } from './routes/console-auth.routes.ts';
import { COUNTER_ROUTES, createCounterRoutes } from './routes/counter.routes.ts';
import { createOpenApiRoutes } from './routes/openapi.routes.ts';
import {
  createOwnerConsoleRoutes,
  createPlatformAccountRoutes,
  createPlatformTerminalRoutes,
  PLATFORM_ACCOUNT_ROUTES,
  PLATFORM_TERMINAL_ROUTES,
} from './routes/platform.routes.ts';
import { createPlatformSupportRoutes, PLATFORM_SUPPORT_ROUTES } from './routes/platform-support.routes.ts';
import { createReceiptsRoutes, RECEIPT_ROUTES } from './routes/receipts.routes.ts';
import { createReliabilityRoutes, RELIABILITY_ROUTES } from './routes/reliability.routes.ts';
import { createReportsRoutes, REPORT_ROUTES } from './routes/reports.routes.ts';
import type { RouteSpec } from './routes/route-registry.ts';
import { createSystemRoutes, SYSTEM_ROUTES } from './routes/system.routes.ts';
import { createWebhookRoutes, WEBHOOK_ROUTES } from './routes/webhooks.routes.ts';
import type { Logger } from './runtime.ts';
import type { EmulatorEndpoint } from './stripe/connection.ts';

export type { EmulatorEndpoint };

export interface AppOptions {
  services: AppServices;
  config: Pick<ServerConfig, 'publicUrl' | 'secureCookies' | 'e2eControls' | 'staticRoot'>;
  stripeMode: StripeMode;
  /** The emulator behind `/_emulator/*`, or null when talking to real Stripe. */
  emulator: EmulatorEndpoint | null;
  checkDatabase: () => Promise<boolean>;
  /** `/api/health` also fails (503) when this says Stripe does not answer. */
  checkStripe: () => Promise<boolean>;
  log: Logger;
}

/** Every documented API route; `/api/openapi.json` and the authorization-matrix test read this. */
export const API_ROUTES: readonly RouteSpec[] = [
  ...SYSTEM_ROUTES,
  ...AUTH_ROUTES,
  ...COUNTER_ROUTES,
  ...RECEIPT_ROUTES,
  ...WEBHOOK_ROUTES,
  ...REPORT_ROUTES,
  ...CONSOLE_AUTH_ROUTES,
  ...PLATFORM_ACCOUNT_ROUTES,
  ...PLATFORM_TERMINAL_ROUTES,
  ...PLATFORM_SUPPORT_ROUTES,
  ...RELIABILITY_ROUTES,
];

export function createApp({
  services,
  config,
  stripeMode,
  emulator,
  checkDatabase,
  checkStripe,
  log,
}: AppOptions) {
  const errorLog: ErrorLogger = (message, error) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${message}: ${detail}`);
  };

  const app = new Hono();
  // Error log lines carry the request id (the X-Request-Id the client got).
  app.onError((error, c) =>
    createErrorHandler((message, cause) =>
      errorLog(`[request ${c.get('requestId') ?? '-'}] ${message}`, cause),
    )(error, c),
  );
  app.notFound(notFoundHandler);
  // Security headers on every response; a request id and one JSON log line per API request.
  app.use('*', securityHeaders({ stripeMode, https: config.secureCookies }));
  app.use('*', requestIds());
  app.use('/api/*', requestLog(log));

  app.use('/api/*', loadCounterSession(services.auth));
  app.use('/api/*', loadConsoleSession(services.consoleAuth));

  app.route(
    '/api',
    createSystemRoutes({ stripeMode, servesTerminalScript: emulator !== null, checkDatabase, checkStripe }),
  );
  app.route('/api', createOpenApiRoutes(API_ROUTES));
  app.route('/api/counter', createAuthRoutes({ auth: services.auth, secureCookies: config.secureCookies }));
  app.route('/api/counter', createCounterRoutes(services.checkout));
  app.route('/api/counter', createReceiptsRoutes(services.receipts));
  app.route('/api/webhooks', createWebhookRoutes(services.webhooks));
  const merchant = {
    reports: services.reports,
    refunds: services.refunds,
    resolveViewer: services.merchantAccess.resolveViewer,
  };
  app.route('/api/merchant', createReportsRoutes(merchant));
  app.route(
    '/api/console',
    createConsoleAuthRoutes({ consoleAuth: services.consoleAuth, secureCookies: config.secureCookies }),
  );
  app.route('/api/console', createOwnerConsoleRoutes(services.platformAccounts));
  app.route('/api/platform', createPlatformAccountRoutes(services.platformAccounts));
  app.route('/api/platform', createPlatformTerminalRoutes(services.platformTerminal));
  // Platform support view (admins open a merchant's sales and refund on their behalf).
  app.route(
    '/api/platform',
    createPlatformSupportRoutes(merchant, services.platformAccounts, services.merchantAccess),
  );
  app.route(
    '/api/platform',
    createReliabilityRoutes({ reconciliation: services.reconciliation, anomalies: services.recovery }),
  );

  if (emulator) mountEmulatorProxy(app, emulator, config.e2eControls);
  if (config.staticRoot) mountStaticClient(app, config.staticRoot);

  return app;
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
