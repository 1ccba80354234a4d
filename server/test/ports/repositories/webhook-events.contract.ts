import { describe, expect, it } from 'vitest';
import type { RepositoriesHarness } from './harness.ts';

export function describeWebhookEventsContract(h: RepositoriesHarness) {
  describe('webhookEvents', () => {
    it('claim is true once per event id, then false; has and count follow', async () => {
      expect(await h.repos.webhookEvents.count()).toBe(0);
      expect(await h.repos.webhookEvents.has('evt_1')).toBe(false);
      expect(await h.repos.webhookEvents.claim('evt_1', 'payment_intent.succeeded', 'acct_1', 1_000)).toBe(
        true,
      );
      expect(await h.repos.webhookEvents.claim('evt_1', 'payment_intent.succeeded', 'acct_1', 2_000)).toBe(
        false,
      );
      expect(await h.repos.webhookEvents.claim('evt_2', 'account.updated', null, 2_000)).toBe(true);
      expect(await h.repos.webhookEvents.has('evt_1')).toBe(true);
      expect(await h.repos.webhookEvents.count()).toBe(2);
    });

    it('a claim inside a transaction that throws is undone', async () => {
      await expect(
        h.db.transaction(async (tx) => {
          expect(await tx.webhookEvents.claim('evt_1', 'x', null, 1_000)).toBe(true);
          throw new Error('effects failed');
        }),
      ).rejects.toThrow('effects failed');
      expect(await h.repos.webhookEvents.has('evt_1')).toBe(false);
      expect(await h.repos.webhookEvents.claim('evt_1', 'x', null, 2_000)).toBe(true);
    });
  });
}
