/** `GET /api/health` and `GET /api/config` (interfaces §E): liveness and the browser's public config. */
import {
  HealthResponseSchema,
  type PublicConfig,
  PublicConfigSchema,
  type StripeMode,
} from '@countertop/shared';
import { defineRoute, jsonResponse } from './define-route.ts';

export interface SystemRoutesDeps {
  stripeMode: StripeMode;
  /** True when the POS server proxies the emulated Terminal SDK (`/_emulator/terminal.js`). */
  servesTerminalScript: boolean;
  checkDatabase(): boolean | Promise<boolean>;
  /** Whether Stripe answers (cached by the caller); absent = not checked. */
  checkStripe?: () => Promise<boolean>;
}

export const TERMINAL_SCRIPT_PATH = '/_emulator/terminal.js';

export function systemRoutes(deps: SystemRoutesDeps) {
  const config: PublicConfig = {
    stripeMode: deps.stripeMode,
    terminalScriptUrl: deps.servesTerminalScript ? TERMINAL_SCRIPT_PATH : null,
  };
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/health',
        guard: 'public',
        summary:
          'Health: database and Stripe reachable (Stripe checked at most every few seconds), and which Stripe',
        tags: ['system'],
        responses: {
          200: jsonResponse('Healthy', HealthResponseSchema),
          503: jsonResponse('Database or Stripe unavailable', HealthResponseSchema),
        },
      },
      async (c) => {
        const databaseOk = await deps.checkDatabase();
        const stripeOk = deps.checkStripe ? await deps.checkStripe() : true;
        const health = {
          ok: databaseOk && stripeOk,
          database: databaseOk ? ('ok' as const) : ('error' as const),
          stripeMode: deps.stripeMode,
        };
        return health.ok ? c.json(health, 200) : c.json(health, 503);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/config',
        guard: 'public',
        summary: 'Public configuration for the browser (Stripe mode, emulated Terminal SDK script)',
        tags: ['system'],
        responses: { 200: jsonResponse('Config', PublicConfigSchema) },
      },
      (c) => c.json(config, 200),
    ),
  ];
}
