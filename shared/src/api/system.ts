import { z } from 'zod';

/** Server health and public configuration. */

const StripeModeSchema = z.enum(['emulator', 'stripe']);
export type StripeMode = z.infer<typeof StripeModeSchema>;

/** `GET /api/health/live`: the process is up and serving (a load balancer restarts it otherwise). */
export const LivenessResponseSchema = z.object({ ok: z.literal(true) });

/**
 * `GET /api/health/ready` (and `/api/health`): ready to take traffic when the database answers. Stripe's
 * reachability is reported, not required: a Stripe outage must not take every server out of rotation
 * (cash, reports and sign-in still work; the counter says card payments are unavailable).
 */
export const HealthResponseSchema = z.object({
  ok: z.boolean(),
  database: z.enum(['ok', 'error']),
  stripe: z.enum(['reachable', 'unreachable']),
  stripeMode: StripeModeSchema,
});

/** `GET /api/config` (public): what the browser needs before it loads the Terminal SDK. */
export const PublicConfigSchema = z.object({
  stripeMode: StripeModeSchema,
  /** Load this script before `loadStripeTerminal()` when non-null (the emulated Terminal SDK). */
  terminalScriptUrl: z.string().nullable(),
});
export type PublicConfig = z.infer<typeof PublicConfigSchema>;
