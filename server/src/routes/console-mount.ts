/**
 * Mounts the web consoles' slice on the app: the `ct_console` session middleware on /api/* and the
 * console + platform route modules over the services of `createConsoleModule`. `createApp` calls
 * `mountConsole` once, right after the counter session middleware.
 */
import type { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { loadConsoleSession } from '../middleware/console-session.ts';
import { type ConsoleModule, createConsoleModule } from '../services/console-module.ts';
import { CONSOLE_AUTH_ROUTES, createConsoleAuthRoutes } from './console-auth.routes.ts';
import {
  createOwnerConsoleRoutes,
  createPlatformAccountRoutes,
  createPlatformTerminalRoutes,
  PLATFORM_ACCOUNT_ROUTES,
  PLATFORM_TERMINAL_ROUTES,
} from './platform.routes.ts';
import type { RouteSpec } from './route-registry.ts';

/** Every console/platform API route (documented in /api/openapi.json). */
export const CONSOLE_API_ROUTES: readonly RouteSpec[] = [
  ...CONSOLE_AUTH_ROUTES,
  ...PLATFORM_ACCOUNT_ROUTES,
  ...PLATFORM_TERMINAL_ROUTES,
];

export function mountConsole(app: Hono, deps: AppDeps): ConsoleModule {
  const module = createConsoleModule(deps);
  app.use('/api/*', loadConsoleSession(module.consoleAuth));
  app.route(
    '/api/console',
    createConsoleAuthRoutes({ consoleAuth: module.consoleAuth, secureCookies: deps.config.secureCookies }),
  );
  app.route('/api/console', createOwnerConsoleRoutes(module.accounts));
  app.route('/api/platform', createPlatformAccountRoutes(module.accounts));
  app.route('/api/platform', createPlatformTerminalRoutes(module.terminal));
  return module;
}
