import { describe, expect, it } from 'vitest';
import type { RepositoriesHarness } from './harness.ts';

export function describeSaleLocksContract(h: RepositoriesHarness) {
  describe('saleLocks', () => {
    it('tryAcquire: a live lease refuses everyone, an expired one (at its expiry) goes to the next holder', async () => {
      expect(await h.repos.saleLocks.tryAcquire('sale_1', 'p1', 1_000, 2_000)).toBe(true);
      expect(await h.repos.saleLocks.tryAcquire('sale_1', 'p2', 1_999, 3_000)).toBe(false);
      expect(await h.repos.saleLocks.tryAcquire('sale_1', 'p1', 1_999, 3_000)).toBe(false);
      expect(await h.repos.saleLocks.tryAcquire('sale_2', 'p2', 1_999, 3_000)).toBe(true);
      expect(await h.repos.saleLocks.tryAcquire('sale_1', 'p2', 2_000, 4_000)).toBe(true);
      // p1 lost it: it can neither renew nor release p2's lease.
      expect(await h.repos.saleLocks.renew('sale_1', 'p1', 9_000)).toBe(false);
      await h.repos.saleLocks.release('sale_1', 'p1');
      expect(await h.repos.saleLocks.tryAcquire('sale_1', 'p3', 3_999, 5_000)).toBe(false);
    });

    it('renew extends the holder’s lease; release frees it', async () => {
      expect(await h.repos.saleLocks.tryAcquire('sale_1', 'p1', 1_000, 2_000)).toBe(true);
      expect(await h.repos.saleLocks.renew('sale_1', 'p1', 5_000)).toBe(true);
      expect(await h.repos.saleLocks.tryAcquire('sale_1', 'p2', 4_999, 6_000)).toBe(false);
      await h.repos.saleLocks.release('sale_1', 'p1');
      expect(await h.repos.saleLocks.renew('sale_1', 'p1', 9_000)).toBe(false);
      expect(await h.repos.saleLocks.tryAcquire('sale_1', 'p2', 1_000, 6_000)).toBe(true);
    });
  });
}
