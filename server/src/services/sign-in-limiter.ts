/**
 * Sign-in limits that hold under concurrency, and cannot be used to lock the real person out.
 *
 * Every attempt (a PIN at a register, a console password, a pairing code) is recorded in its buckets BEFORE
 * the secret is checked, and counts as a failure until it proves right; then each bucket is counted
 * (sign-in-limits.repo.ts: insert first, count second). A bucket whose failures in the last 24 hours reach
 * its free allowance makes the next attempt wait, exponentially: 30 s after the last failure, then 1, 2, 4,
 * 8 minutes, at most 15 — never a hard lock. An attempt that must wait is refused without checking the
 * secret (and is forgotten: it taught nothing). Of a burst of parallel attempts, at most the free allowance
 * is ever checked.
 *
 * The buckets of an attempt depend on whether its source is trusted for the identity:
 * - trusted (the identity signed in from this device or browser before, or a manager approved the device):
 *   one bucket, the identity on that source — what others do elsewhere never delays it;
 * - untrusted: the identity on every untrusted source together (so a PIN cannot be tried at each register
 *   in turn), the client address (guesses across identities from one network), and the source itself.
 * So an attacker guessing from their own device or browser slows down only the untrusted attempts; the
 * real person on a device they use keeps signing in. A success forgives that source's own failures, and
 * trusts it for the identity for 90 days.
 */
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../runtime.ts';

export const SIGN_IN_LIMITS = {
  /** Failures a bucket allows in the window before its next attempt waits. */
  free: { identity: 5, source: 10, address: 20, pairing: 10 },
  firstDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  windowMs: 24 * 60 * 60_000,
  trustMs: 90 * 24 * 60 * 60_000,
} as const;

/** The wait after `failures` failures in a bucket that allows `free`: 0, then 30 s doubling up to 15 min. */
export function backOffMs(failures: number, free: number): number {
  if (failures < free) return 0;
  const exponent = Math.min(failures - free, 20);
  return Math.min(SIGN_IN_LIMITS.maxDelayMs, SIGN_IN_LIMITS.firstDelayMs * 2 ** exponent);
}

export type SecretKind = 'pin' | 'password' | 'pairing';

export interface SignInAttemptKey {
  /** Whose secret is tried: `staff:<id>`, `console:<email>`. */
  identity: string;
  /** The device (`device:<id>`) or known browser (`browser:<hash>`) it comes from, or null if unknown. */
  source: string | null;
  /** The client's network address (`unknown` when the server cannot tell). */
  address: string;
}

interface Bucket {
  bucket: string;
  free: number;
}

/** An attempt recorded (and allowed): finish it with `succeeded`, or leave it as a failure. */
export interface SignInAttempt {
  readonly ids: readonly number[];
  readonly buckets: readonly string[];
  readonly source: string;
  readonly trustAs: { identity: string; source: string } | null;
}

function waitWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function tooMany(kind: SecretKind, waitMs: number): AppError {
  const wait = waitWords(waitMs);
  const message =
    kind === 'pin'
      ? `Too many wrong PINs. Try again in ${wait}, or ask a manager to approve this device.`
      : kind === 'password'
        ? `Too many failed sign-ins for this email. Try again in ${wait}.`
        : `Too many wrong pairing codes from this network. Try again in ${wait}.`;
  return new AppError('too_many_attempts', message, { retryAfterSeconds: Math.ceil(waitMs / 1000) });
}

export function createSignInLimiter({ database, clock }: { database: Database; clock: Clock }) {
  const repo = database.repos.signInLimits;

  /** Records the attempt in `buckets`; refuses it (forgotten) when any bucket says wait. */
  async function attempt(
    kind: SecretKind,
    buckets: readonly Bucket[],
    source: string,
    trustAs: SignInAttempt['trustAs'],
  ): Promise<SignInAttempt> {
    const nowMs = clock.nowMs();
    const names = buckets.map((bucket) => bucket.bucket);
    const ids = await repo.record(
      names.map((bucket) => ({ bucket, source })),
      nowMs,
    );
    const history = await repo.history(names, ids, nowMs - SIGN_IN_LIMITS.windowMs);
    let waitMs = 0;
    for (const [index, { others, lastOtherAtMs }] of history.entries()) {
      const delay = backOffMs(others, buckets[index]?.free ?? 0);
      if (delay > 0 && lastOtherAtMs !== null) waitMs = Math.max(waitMs, lastOtherAtMs + delay - nowMs);
    }
    if (waitMs > 0) {
      await repo.forget(ids);
      throw tooMany(kind, waitMs);
    }
    return { ids, buckets: names, source, trustAs };
  }

  return {
    /** A PIN or console password attempt: recorded and allowed, or 429 too_many_attempts. */
    async begin(kind: 'pin' | 'password', key: SignInAttemptKey): Promise<SignInAttempt> {
      const { identity, source, address } = key;
      const nowMs = clock.nowMs();
      const trusted =
        source !== null && (await repo.isTrusted(identity, source, nowMs - SIGN_IN_LIMITS.trustMs));
      const free = SIGN_IN_LIMITS.free;
      const buckets: Bucket[] = trusted
        ? [{ bucket: `${identity}@${source}`, free: free.identity }]
        : [
            { bucket: `${identity}@untrusted`, free: free.identity },
            { bucket: `address:${address}`, free: free.address },
            ...(source === null ? [] : [{ bucket: `source:${source}`, free: free.source }]),
          ];
      return attempt(
        kind,
        buckets,
        source ?? `address:${address}`,
        source === null ? null : { identity, source },
      );
    },

    /** A pairing code typed on a device: limited per client address. */
    beginPairing(address: string): Promise<SignInAttempt> {
      return attempt(
        'pairing',
        [{ bucket: `pairing:${address}`, free: SIGN_IN_LIMITS.free.pairing }],
        `address:${address}`,
        null,
      );
    },

    /** The secret proved right: the source's own failures are forgiven, and the source trusted. */
    async succeeded(done: SignInAttempt): Promise<void> {
      const nowMs = clock.nowMs();
      await repo.clearSource(done.buckets, done.source);
      if (done.trustAs) await repo.trust(done.trustAs.identity, done.trustAs.source, nowMs);
      await repo.prune(nowMs - SIGN_IN_LIMITS.windowMs);
    },

    /** A manager approves a device for a staff member: their attempts there use the trusted bucket. */
    async trust(identity: string, source: string): Promise<void> {
      const nowMs = clock.nowMs();
      await repo.trust(identity, source, nowMs);
      await repo.pruneTrust(nowMs - SIGN_IN_LIMITS.trustMs);
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
