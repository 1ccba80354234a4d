import { describe, expect, it } from 'vitest';
import type { RepositoriesHarness } from './harness.ts';

export function describeReadersContract(h: RepositoriesHarness) {
  const { merchant } = h;

  describe('readers', () => {
    it('insert, findById, findByStripeReaderId, listByLocation (in use, by label)', async () => {
      const { account, location } = await merchant();
      const insert = (id: string, label: string, integration: 'js_sdk' | 'server_driven') =>
        h.repos.readers.insert(
          {
            id,
            accountId: account.id,
            locationId: location.id,
            stripeReaderId: `tmr_${id}`,
            label,
            deviceType: 'bbpos_wisepos_e',
            integration,
          },
          1_000,
        );
      const zed = await insert('rdr_1', 'Zed', 'server_driven');
      const alpha = await insert('rdr_2', 'Alpha', 'js_sdk');
      const removed = await insert('rdr_3', 'Beta', 'js_sdk');
      await h.raw.console.removeReader(removed.id, 2_000);
      expect(zed).toStrictEqual({
        id: 'rdr_1',
        accountId: account.id,
        locationId: location.id,
        stripeReaderId: 'tmr_rdr_1',
        label: 'Zed',
        deviceType: 'bbpos_wisepos_e',
        integration: 'server_driven',
        createdAtMs: 1_000,
      });
      expect(await h.repos.readers.findById('rdr_1')).toStrictEqual(zed);
      expect(await h.repos.readers.findByStripeReaderId('tmr_rdr_2')).toStrictEqual(alpha);
      expect(await h.repos.readers.findByStripeReaderId('tmr_rdr_3')).toBeUndefined();
      expect(await h.repos.readers.findById('rdr_9')).toBeUndefined();
      expect(await h.repos.readers.listByLocation(location.id)).toStrictEqual([alpha, zed]);
    });
  });
}
