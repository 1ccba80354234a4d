/**
 * Recovery settings from the environment (kept apart from `env.ts` so the foundation's env contract is
 * unchanged): RECOVERY_INTERVAL_SECONDS (sweep period, default 30; 0 disables the scheduler, the start-up
 * sweep still runs), RECOVERY_SETTLE_AFTER_SECONDS (how long a sale must be untouched before the sweeper
 * settles it, default 10), RECOVERY_ABANDON_AFTER_SECONDS (a PaymentIntent waiting for a card this long
 * after the last attempt is canceled, default 1800), RECONCILIATION_HOUR_UTC (the daily reconciliation run
 * of yesterday, default 6; -1 disables it).
 */
import { z } from 'zod';

const seconds = (fallback: number) => z.coerce.number().int().min(0).max(86_400).default(fallback);

const RecoveryEnvSchema = z.object({
  RECOVERY_INTERVAL_SECONDS: seconds(30),
  RECOVERY_SETTLE_AFTER_SECONDS: seconds(10),
  RECOVERY_ABANDON_AFTER_SECONDS: seconds(1_800),
  RECONCILIATION_HOUR_UTC: z.coerce.number().int().min(-1).max(23).default(6),
});

export interface RecoveryEnv {
  intervalMs: number;
  settleAfterMs: number;
  abandonAfterMs: number;
  /** UTC hour of the daily reconciliation run, or null when disabled. */
  reconciliationHourUtc: number | null;
}

export function parseRecoveryEnv(source: Record<string, string | undefined>): RecoveryEnv {
  const blankless = Object.fromEntries(Object.entries(source).filter(([, value]) => value?.trim() !== ''));
  const env = RecoveryEnvSchema.parse(blankless);
  return {
    intervalMs: env.RECOVERY_INTERVAL_SECONDS * 1000,
    settleAfterMs: env.RECOVERY_SETTLE_AFTER_SECONDS * 1000,
    abandonAfterMs: env.RECOVERY_ABANDON_AFTER_SECONDS * 1000,
    reconciliationHourUtc: env.RECONCILIATION_HOUR_UTC < 0 ? null : env.RECONCILIATION_HOUR_UTC,
  };
}
