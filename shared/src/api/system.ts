import { z } from 'zod';

/** Server health and public configuration (interfaces §E). */

const StripeModeSchema = z.enum(['emulator', 'stripe']);
export type StripeMode = z.infer<typeof StripeModeSchema>;

/** `GET /api/health`. */
export const HealthResponseSchema = z.object({
  ok: z.boolean(),
  database: z.enum(['ok', 'error']),
  stripeMode: StripeModeSchema,
});

/** `GET /api/config` (public): what the browser needs before it loads the Terminal SDK. */
export const PublicConfigSchema = z.object({
  stripeMode: StripeModeSchema,
  /** Load this script before `loadStripeTerminal()` when non-null (the emulated Terminal SDK). */
  terminalScriptUrl: z.string().nullable(),
});
export type PublicConfig = z.infer<typeof PublicConfigSchema>;
