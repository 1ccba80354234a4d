import { describe, expect, it } from 'vitest';
import type { RepositoriesHarness } from './harness.ts';

export function describeReportRollupsContract(h: RepositoriesHarness) {
  const { merchant, insertSale } = h;

  describe('reportRollups', () => {
    it('epochs per location move with every write to its sales; a day is stored only under an unmoved epoch', async () => {
      const m = await merchant();
      const day = (localDay: string, body: string) => ({
        locationId: m.location.id,
        localDay,
        timeZone: 'America/Los_Angeles',
        startMs: 1_768_464_000_000,
        endMs: 1_768_550_400_000,
        body,
      });
      const before = await h.repos.reportRollups.epochsOf([m.location.id]);
      expect([...before.keys()]).toStrictEqual([m.location.id]);
      expect(await h.repos.reportRollups.epochsOf([])).toStrictEqual(new Map());
      expect(
        await h.repos.reportRollups.storeIfUnchanged({ days: [day('2026-01-15', '{"v":1}')] }, before),
      ).toBe(1);
      // Stored again under the same epoch: replaced.
      expect(
        await h.repos.reportRollups.storeIfUnchanged({ days: [day('2026-01-15', '{"v":2}')] }, before),
      ).toBe(1);
      await h.repos.reportRollups.storeIfUnchanged({ days: [day('2026-01-16', '{"v":3}')] }, before);
      expect(
        await h.repos.reportRollups.daysOf([m.location.id], ['2026-01-14', '2026-01-15', '2026-02-15']),
      ).toStrictEqual([day('2026-01-15', '{"v":2}')]);
      expect(
        (await h.repos.reportRollups.daysOf([m.location.id], ['2026-01-16', '2026-01-15'])).sort((x, y) =>
          x.localDay < y.localDay ? -1 : 1,
        ),
      ).toStrictEqual([day('2026-01-15', '{"v":2}'), day('2026-01-16', '{"v":3}')]);
      expect(await h.repos.reportRollups.daysOf([m.location.id], ['2026-02-01'])).toStrictEqual([]);
      expect(await h.repos.reportRollups.daysOf([m.location.id], [])).toStrictEqual([]);
      expect(await h.repos.reportRollups.daysOf([], ['2026-01-15'])).toStrictEqual([]);
      // A sale at the location moves its epoch: a day built before it is not stored.
      await insertSale(m, { id: 'sale_rollup', createdAtMs: 5_000 });
      const after = await h.repos.reportRollups.epochsOf([m.location.id]);
      expect(after.get(m.location.id)).toBeGreaterThan(before.get(m.location.id) ?? Number.POSITIVE_INFINITY);
      expect(await h.repos.reportRollups.storeIfUnchanged({ days: [day('2026-01-16', '{}')] }, before)).toBe(
        0,
      );
      expect(await h.repos.reportRollups.storeIfUnchanged({ days: [day('2026-01-16', '{}')] }, after)).toBe(
        1,
      );
    });

    it('stores months beside days under the same epoch; a write in what a month row holds deletes it', async () => {
      const m = await merchant();
      const zone = 'America/Los_Angeles';
      // January 2026 in Los Angeles (PST, UTC-8), and February to date through the 10th.
      const january = { startMs: Date.UTC(2026, 0, 1, 8), endMs: Date.UTC(2026, 1, 1, 8) };
      const februaryTo10th = { startMs: Date.UTC(2026, 1, 1, 8), endMs: Date.UTC(2026, 1, 11, 8) };
      const month = (
        localMonth: string,
        throughDay: string,
        bounds: { startMs: number; endMs: number },
        body: string,
      ) => ({ locationId: m.location.id, localMonth, throughDay, timeZone: zone, ...bounds, body });
      const epochs = await h.repos.reportRollups.epochsOf([m.location.id]);
      expect(
        await h.repos.reportRollups.storeIfUnchanged(
          {
            months: [
              month('2026-01', '2026-01-31', january, '{"m":1}'),
              month('2026-02', '2026-02-10', februaryTo10th, '{"m":2}'),
            ],
            days: [
              {
                locationId: m.location.id,
                localDay: '2026-01-31',
                timeZone: zone,
                startMs: january.endMs - 86_400_000,
                endMs: january.endMs,
                body: '{"d":31}',
              },
            ],
          },
          epochs,
        ),
      ).toBe(3);
      const byMonth = async () =>
        (await h.repos.reportRollups.monthsOf([m.location.id], ['2026-01', '2026-02', '2026-03']))
          .map((row) => `${row.localMonth} ${row.throughDay}`)
          .sort();
      expect(await byMonth()).toStrictEqual(['2026-01 2026-01-31', '2026-02 2026-02-10']);
      expect(await h.repos.reportRollups.monthsOf([m.location.id], ['2026-02'])).toStrictEqual([
        month('2026-02', '2026-02-10', februaryTo10th, '{"m":2}'),
      ]);
      expect(await h.repos.reportRollups.monthsOf([], ['2026-02'])).toStrictEqual([]);
      expect(await h.repos.reportRollups.monthsOf([m.location.id], [])).toStrictEqual([]);
      // A sale after the 10th leaves February to date alone, but moves the epoch: nothing is stored.
      await insertSale(m, { id: 'sale_feb_20', createdAtMs: Date.UTC(2026, 1, 20, 18) });
      expect(await byMonth()).toStrictEqual(['2026-01 2026-01-31', '2026-02 2026-02-10']);
      expect(
        await h.repos.reportRollups.storeIfUnchanged(
          {
            months: [
              month('2026-02', '2026-02-20', { ...februaryTo10th, endMs: Date.UTC(2026, 1, 21, 8) }, '{}'),
            ],
          },
          epochs,
        ),
      ).toBe(0);
      // Stored again under the new epoch: the longer month to date replaces the row.
      const now = await h.repos.reportRollups.epochsOf([m.location.id]);
      const februaryTo20th = { ...februaryTo10th, endMs: Date.UTC(2026, 1, 21, 8) };
      expect(
        await h.repos.reportRollups.storeIfUnchanged(
          { months: [month('2026-02', '2026-02-20', februaryTo20th, '{"m":20}')] },
          now,
        ),
      ).toBe(1);
      expect(await byMonth()).toStrictEqual(['2026-01 2026-01-31', '2026-02 2026-02-20']);
      // A sale on 31 January at 23:30 local (07:30 UTC on 1 February) deletes January and its day, not February.
      await insertSale(m, { id: 'sale_late_january', createdAtMs: january.endMs - 30 * 60_000 });
      expect(await byMonth()).toStrictEqual(['2026-02 2026-02-20']);
      expect(await h.repos.reportRollups.daysOf([m.location.id], ['2026-01-31'])).toStrictEqual([]);
      // A new time zone drops every month of the location.
      await h.repos.locations.update(m.location.id, {
        name: m.location.name,
        timeZone: 'Europe/London',
        address: m.location.address,
      });
      expect(await byMonth()).toStrictEqual([]);
    });
  });
}
