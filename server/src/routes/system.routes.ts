/**
 * Health for load balancers and people: liveness (`/api/health/live`: the process serves requests),
 * readiness (`/api/health/ready`, also `/api/health`: the database answers; Stripe's reachability is
 * reported but does not make a server unready), and the browser's public config.
 */
import {
  HealthResponseSchema,
  LivenessResponseSchema,
  type PublicConfig,
  PublicConfigSchema,
  type StripeMode,
} from '@countertop/shared';
import { defineRoute, jsonResponse } from './define-route.ts';

export interface SystemRoutesDeps {
  stripeMode: StripeMode;
  /** True when the POS server proxies the emulated Terminal SDK (`/_emulator/terminal.js`). */
  servesTerminalScript: boolean;
  checkDatabase(): Promise<boolean>;
  /** Whether Stripe answers (cached by the caller). */
  checkStripe(): Promise<boolean>;
}

export const TERMINAL_SCRIPT_PATH = '/_emulator/terminal.js';

export function systemRoutes(deps: SystemRoutesDeps) {
  const config: PublicConfig = {
    stripeMode: deps.stripeMode,
    terminalScriptUrl: deps.servesTerminalScript ? TERMINAL_SCRIPT_PATH : null,
  };
  const readiness = async () => {
    const [databaseOk, stripeOk] = await Promise.all([deps.checkDatabase(), deps.checkStripe()]);
    return {
      ok: databaseOk,
      database: databaseOk ? ('ok' as const) : ('error' as const),
      stripe: stripeOk ? ('reachable' as const) : ('unreachable' as const),
      stripeMode: deps.stripeMode,
    };
  };
  const readinessResponses = {
    200: jsonResponse('Ready: the database answers (Stripe reported in `stripe`)', HealthResponseSchema),
    503: jsonResponse('Not ready: the database does not answer', HealthResponseSchema),
  };
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/health/live',
        guard: 'public',
        summary: 'Liveness: the server process is up and answering',
        tags: ['system'],
        responses: { 200: jsonResponse('Alive', LivenessResponseSchema) },
      },
      (c) => c.json({ ok: true as const }, 200),
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/health/ready',
        guard: 'public',
        summary:
          "Readiness: the database answers; Stripe's reachability (checked at most every few seconds) is reported, not required",
        tags: ['system'],
        responses: readinessResponses,
      },
      async (c) => {
        const health = await readiness();
        return health.ok ? c.json(health, 200) : c.json(health, 503);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/health',
        guard: 'public',
        summary: 'Readiness, as /api/health/ready (kept for load balancers configured with this path)',
        tags: ['system'],
        responses: readinessResponses,
      },
      async (c) => {
        const health = await readiness();
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
