import { describe, expect, it } from 'vitest';
import { buildAccount } from '../../support/factories.ts';
import type { RepositoriesHarness } from './harness.ts';

export function describeAuditContract(h: RepositoriesHarness) {
  const { ctx } = h;

  describe('audit', () => {
    it('record and list: newest first (ties: last recorded first), by account, limited; details JSON', async () => {
      const account = await buildAccount(ctx());
      const other = await buildAccount(ctx());
      const entry = (action: string, atMs: number, accountId: string | null) => ({
        actorUserId: null,
        actorLabel: 'system',
        accountId,
        action,
        target: `account ${accountId}`,
        details: { before: { maxSaleMinor: null }, after: { maxSaleMinor: 5_000 }, note: 'é' },
        atMs,
      });
      await h.repos.audit.record(entry('first', 1_000, account.id));
      await h.repos.audit.record(entry('tie-1', 2_000, account.id));
      await h.repos.audit.record(entry('tie-2', 2_000, other.id));
      await h.repos.audit.record(entry('platform', 1_500, null));
      const all = await h.repos.audit.list();
      expect(all.map((e) => e.action)).toStrictEqual(['tie-2', 'tie-1', 'platform', 'first']);
      const first = all[3];
      expect(first).toStrictEqual({
        id: first?.id,
        actorUserId: null,
        actorLabel: 'system',
        accountId: account.id,
        action: 'first',
        target: `account ${account.id}`,
        details: { before: { maxSaleMinor: null }, after: { maxSaleMinor: 5_000 }, note: 'é' },
        atMs: 1_000,
      });
      expect(typeof first?.id).toBe('number');
      expect(all[2]?.accountId).toBeNull();
      expect((await h.repos.audit.list({ accountId: account.id })).map((e) => e.action)).toStrictEqual([
        'tie-1',
        'first',
      ]);
      expect((await h.repos.audit.list({ limit: 1 })).map((e) => e.action)).toStrictEqual(['tie-2']);
    });
  });
}
