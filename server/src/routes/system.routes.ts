/** `GET /api/health` and `GET /api/config` (interfaces §E): liveness and the browser's public config. */
import {
  HealthResponseSchema,
  type PublicConfig,
  PublicConfigSchema,
  type StripeMode,
} from '@countertop/shared';
import { Hono } from 'hono';
import { defineRoutes } from './route-registry.ts';

export interface SystemRoutesDeps {
  stripeMode: StripeMode;
  /** True when the POS server proxies the emulated Terminal SDK (`/_emulator/terminal.js`). */
  servesTerminalScript: boolean;
  checkDatabase(): Promise<boolean>;
  /** Whether Stripe answers (cached by the caller); absent = not checked. */
  checkStripe?: () => Promise<boolean>;
}

export const TERMINAL_SCRIPT_PATH = '/_emulator/terminal.js';

export function createSystemRoutes(deps: SystemRoutesDeps) {
  const config: PublicConfig = {
    stripeMode: deps.stripeMode,
    terminalScriptUrl: deps.servesTerminalScript ? TERMINAL_SCRIPT_PATH : null,
  };
  return new Hono()
    .get('/health', async (c) => {
      const databaseOk = await deps.checkDatabase();
      const stripeOk = deps.checkStripe ? await deps.checkStripe() : true;
      const ok = databaseOk && stripeOk;
      return c.json(
        { ok, database: databaseOk ? 'ok' : 'error', stripeMode: deps.stripeMode },
        ok ? 200 : 503,
      );
    })
    .get('/config', (c) => c.json(config));
}

export const SYSTEM_ROUTES = defineRoutes([
  {
    method: 'get',
    path: '/api/health',
    auth: 'public',
    summary:
      'Health: database and Stripe reachable (Stripe checked at most every few seconds), and which Stripe',
    tags: ['system'],
    responses: {
      200: { description: 'Healthy', schema: HealthResponseSchema },
      503: { description: 'Database or Stripe unavailable', schema: HealthResponseSchema },
    },
  },
  {
    method: 'get',
    path: '/api/config',
    auth: 'public',
    summary: 'Public configuration for the browser (Stripe mode, emulated Terminal SDK script)',
    tags: ['system'],
    responses: { 200: { description: 'Config', schema: PublicConfigSchema } },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    auth: 'public',
    summary: 'This OpenAPI document',
    tags: ['system'],
    responses: { 200: { description: 'OpenAPI 3.1 document', contentType: 'application/json' } },
  },
  {
    method: 'get',
    path: '/api/docs',
    auth: 'public',
    summary: 'Human-readable list of the API operations',
    tags: ['system'],
    responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
  },
]);
