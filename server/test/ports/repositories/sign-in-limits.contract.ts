import { describe, expect, it } from 'vitest';
import type { RepositoriesHarness } from './harness.ts';

export function describeSignInLimitsContract(h: RepositoriesHarness) {
  describe('signInLimits', () => {
    it('record then history: the other attempts of each bucket after the window start, without its own', async () => {
      const first = await h.repos.signInLimits.record(
        [{ bucket: 'staff:s1@untrusted', source: 'device:d1' }],
        1_000,
      );
      const second = await h.repos.signInLimits.record(
        [
          { bucket: 'staff:s1@untrusted', source: 'device:d2' },
          { bucket: 'address:203.0.113.5', source: 'device:d2' },
        ],
        2_000,
      );
      expect(first).toHaveLength(1);
      expect(second).toHaveLength(2);
      expect(new Set([...first, ...second]).size).toBe(3);
      expect(
        await h.repos.signInLimits.history(['staff:s1@untrusted', 'address:203.0.113.5', 'empty'], second, 0),
      ).toStrictEqual([
        { bucket: 'staff:s1@untrusted', others: 1, lastOtherAtMs: 1_000 },
        { bucket: 'address:203.0.113.5', others: 0, lastOtherAtMs: null },
        { bucket: 'empty', others: 0, lastOtherAtMs: null },
      ]);
      // The window start is exclusive.
      expect(await h.repos.signInLimits.history(['staff:s1@untrusted'], [], 1_000)).toStrictEqual([
        { bucket: 'staff:s1@untrusted', others: 1, lastOtherAtMs: 2_000 },
      ]);
      expect(await h.repos.signInLimits.record([], 3_000)).toStrictEqual([]);
    });

    it('forget removes rows; clearSource one source in some buckets; prune by time', async () => {
      const [a1] = await h.raw.signInLimits.record([{ bucket: 'b1', source: 'device:a' }], 1_000);
      await h.raw.signInLimits.record([{ bucket: 'b1', source: 'device:a' }], 2_000);
      await h.raw.signInLimits.record([{ bucket: 'b1', source: 'device:b' }], 3_000);
      await h.raw.signInLimits.record([{ bucket: 'b2', source: 'device:a' }], 4_000);
      const count = async (bucket: string) => (await h.raw.signInLimits.history([bucket], [], 0))[0]?.others;
      await h.repos.signInLimits.forget(a1 === undefined ? [] : [a1]);
      expect(await count('b1')).toBe(2);
      await h.repos.signInLimits.clearSource(['b1'], 'device:a');
      expect(await count('b1')).toBe(1);
      expect(await count('b2')).toBe(1);
      await h.repos.signInLimits.prune(3_500);
      expect(await count('b1')).toBe(0);
      expect(await count('b2')).toBe(1);
    });

    it('trust, isTrusted after a time, pruneTrust', async () => {
      expect(await h.repos.signInLimits.isTrusted('staff:s1', 'device:d1', 0)).toBe(false);
      await h.repos.signInLimits.trust('staff:s1', 'device:d1', 1_000);
      expect(await h.repos.signInLimits.isTrusted('staff:s1', 'device:d1', 999)).toBe(true);
      expect(await h.repos.signInLimits.isTrusted('staff:s1', 'device:d2', 0)).toBe(false);
      // Trusting again refreshes the time.
      await h.repos.signInLimits.trust('staff:s1', 'device:d1', 5_000);
      expect(await h.repos.signInLimits.isTrusted('staff:s1', 'device:d1', 4_000)).toBe(true);
      await h.repos.signInLimits.pruneTrust(6_000);
      expect(await h.repos.signInLimits.isTrusted('staff:s1', 'device:d1', 0)).toBe(false);
    });
  });
}
