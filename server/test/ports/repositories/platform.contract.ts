import { describe, expect, it } from 'vitest';
import type { RepositoriesHarness } from './harness.ts';

export function describePlatformContract(h: RepositoriesHarness) {
  describe('platform', () => {
    it('find is undefined until saved; save upserts the name and Stripe id and keeps createdAtMs', async () => {
      expect(await h.repos.platform.find()).toBeUndefined();
      await h.repos.platform.save({ name: 'Countertop', stripeAccountId: null }, 1_000);
      expect(await h.repos.platform.find()).toStrictEqual({
        name: 'Countertop',
        stripeAccountId: null,
        createdAtMs: 1_000,
        updatedAtMs: 1_000,
      });
      await h.repos.platform.save({ name: 'Counter Co', stripeAccountId: 'acct_platform' }, 2_000);
      expect(await h.repos.platform.find()).toStrictEqual({
        name: 'Counter Co',
        stripeAccountId: 'acct_platform',
        createdAtMs: 1_000,
        updatedAtMs: 2_000,
      });
    });
  });
}
