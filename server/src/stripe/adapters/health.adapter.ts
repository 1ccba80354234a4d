/**
 * Whether Stripe (or the emulator) answers, for `/api/health`: a cheap authenticated read (the platform
 * balance) with a short timeout and no retries; the answer is cached for `ttlMs` so a busy health probe
 * costs Stripe at most one request per period, and concurrent probes share one in-flight check.
 */
import type Stripe from 'stripe';
import type { Clock } from '../../runtime.ts';
import type { StripeHealth } from '../health.port.ts';

export function createStripeHealthCheck(
  stripe: Stripe,
  { clock, ttlMs = 5_000, timeoutMs = 2_000 }: { clock: Clock; ttlMs?: number; timeoutMs?: number },
): StripeHealth {
  let cached: { ok: boolean; atMs: number } | null = null;
  let inFlight: Promise<boolean> | null = null;
  const isReachable = () => {
    if (cached && clock.nowMs() - cached.atMs < ttlMs) return Promise.resolve(cached.ok);
    inFlight ??= stripe.balance
      .retrieve({}, { timeout: timeoutMs, maxNetworkRetries: 0 })
      .then(
        () => true,
        () => false,
      )
      .then((ok) => {
        cached = { ok, atMs: clock.nowMs() };
        inFlight = null;
        return ok;
      });
    return inFlight;
  };
  return { isReachable };
}
