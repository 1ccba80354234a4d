import { describe, expect, it } from 'vitest';
import type { RepositoriesHarness } from './harness.ts';

export function describeOutboxContract(h: RepositoriesHarness) {
  describe('outbox', () => {
    it('insert, list newest first up to a limit, prune up to a time', async () => {
      const message = (id: string, createdAtMs: number) => ({
        id,
        to: `${id}@example.com`,
        subject: `Subject ${id} — “é”`,
        text: 'text',
        html: '<p>html</p>',
        createdAtMs,
      });
      await h.repos.outbox.insert(message('m1', 1_000));
      await h.repos.outbox.insert(message('m2', 2_000));
      await h.repos.outbox.insert(message('m3', 3_000));
      expect(await h.repos.outbox.list(2)).toStrictEqual([message('m3', 3_000), message('m2', 2_000)]);
      expect(await h.repos.outbox.prune(2_000)).toBe(2);
      expect(await h.repos.outbox.list(10)).toStrictEqual([message('m3', 3_000)]);
    });
  });
}
