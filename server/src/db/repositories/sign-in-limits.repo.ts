/**
 * Sign-in attempts by bucket (services/sign-in-limiter.ts decides the buckets and the back-off) and the
 * trust an identity has earned on a device or browser. An attempt is recorded in each of its buckets BEFORE
 * the secret is checked, then each bucket is counted: insert first, count second, so concurrent attempts
 * each see every attempt committed before theirs, and of any burst at most the free allowance is checked.
 */
import type { Queryable } from '../schema.ts';

export interface BucketAttempt {
  bucket: string;
  /** Who made it: a device, a browser or a client address (a success clears that source's rows only). */
  source: string;
}

/** The other attempts of a bucket within the window: how many, and when the latest was made. */
export interface BucketHistory {
  bucket: string;
  others: number;
  lastOtherAtMs: number | null;
}

export interface SignInLimitsRepo {
  /** Records one attempt in each bucket; returns the ids of the rows (one per bucket). */
  record(attempts: readonly BucketAttempt[], atMs: number): Promise<number[]>;
  /** For each bucket: the attempts after `sinceMs` other than `ownIds`. */
  history(buckets: readonly string[], ownIds: readonly number[], sinceMs: number): Promise<BucketHistory[]>;
  /** Removes rows (an attempt refused before its secret was checked). */
  forget(ids: readonly number[]): Promise<void>;
  /** Removes `source`'s rows in these buckets (its attempt proved right: its earlier mistakes are forgiven). */
  clearSource(buckets: readonly string[], source: string): Promise<void>;
  prune(beforeMs: number): Promise<void>;

  /** Records (or refreshes) that `identity` signed in from `source`. */
  trust(identity: string, source: string, atMs: number): Promise<void>;
  /** Whether `identity` signed in from `source` after `sinceMs`. */
  isTrusted(identity: string, source: string, sinceMs: number): Promise<boolean>;
  pruneTrust(beforeMs: number): Promise<void>;
}

export function createSignInLimitsRepo(db: Queryable): SignInLimitsRepo {
  return {
    async record(attempts, atMs) {
      if (attempts.length === 0) return [];
      const rows = await db
        .insertInto('sign_in_failures')
        .values(
          attempts.map((attempt) => ({
            bucket: attempt.bucket,
            source: attempt.source,
            attempted_at_ms: atMs,
          })),
        )
        .returning('id')
        .execute();
      return rows.map((row) => Number(row.id));
    },
    async history(buckets, ownIds, sinceMs) {
      if (buckets.length === 0) return [];
      let query = db
        .selectFrom('sign_in_failures')
        .select((eb) => ['bucket', eb.fn.countAll<number>().as('n'), eb.fn.max('attempted_at_ms').as('last')])
        .where('bucket', 'in', [...buckets])
        .where('attempted_at_ms', '>', sinceMs);
      if (ownIds.length > 0) query = query.where('id', 'not in', [...ownIds]);
      const rows = await query.groupBy('bucket').execute();
      const byBucket = new Map(rows.map((row) => [row.bucket, row]));
      return buckets.map((bucket) => {
        const row = byBucket.get(bucket);
        return {
          bucket,
          others: Number(row?.n ?? 0),
          lastOtherAtMs: row?.last === null || row?.last === undefined ? null : Number(row.last),
        };
      });
    },
    async forget(ids) {
      if (ids.length === 0) return;
      await db
        .deleteFrom('sign_in_failures')
        .where('id', 'in', [...ids])
        .execute();
    },
    async clearSource(buckets, source) {
      if (buckets.length === 0) return;
      await db
        .deleteFrom('sign_in_failures')
        .where('bucket', 'in', [...buckets])
        .where('source', '=', source)
        .execute();
    },
    async prune(beforeMs) {
      await db.deleteFrom('sign_in_failures').where('attempted_at_ms', '<=', beforeMs).execute();
    },

    async trust(identity, source, atMs) {
      await db
        .insertInto('sign_in_trust')
        .values({ identity, source, trusted_at_ms: atMs })
        .onConflict((oc) => oc.columns(['identity', 'source']).doUpdateSet({ trusted_at_ms: atMs }))
        .execute();
    },
    async isTrusted(identity, source, sinceMs) {
      const row = await db
        .selectFrom('sign_in_trust')
        .select('trusted_at_ms')
        .where('identity', '=', identity)
        .where('source', '=', source)
        .where('trusted_at_ms', '>', sinceMs)
        .executeTakeFirst();
      return row !== undefined;
    },
    async pruneTrust(beforeMs) {
      await db.deleteFrom('sign_in_trust').where('trusted_at_ms', '<=', beforeMs).execute();
    },
  };
}
