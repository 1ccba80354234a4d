/**
 * The merchant summary's rollups per location and local day (migration 0013) and local month (0014). Rows
 * are deleted by triggers in the same transaction as any write that changes their day or month; a report
 * stores a day or month it built only if the location's epoch has not moved since it began reading.
 */
import { sql } from 'kysely';
import type { Queryable } from '../schema.ts';
import type { RepositoryContext } from './index.ts';

export interface ReportDayRollup {
  locationId: string;
  localDay: string;
  timeZone: string;
  startMs: number;
  endMs: number;
  /** The summary accumulator of the day (domain/summary-body.ts `serializeSummaryAccumulator`). */
  body: string;
}

export interface ReportMonthRollup {
  locationId: string;
  /** YYYY-MM in the location's zone. */
  localMonth: string;
  /** The last day it holds (YYYY-MM-DD): the month's last, or an earlier one for a month to date. */
  throughDay: string;
  timeZone: string;
  startMs: number;
  endMs: number;
  body: string;
}

export interface ReportRollupsRepo {
  /** The stored days of these locations among `localDays` (YYYY-MM-DD). */
  daysOf(locationIds: readonly string[], localDays: readonly string[]): Promise<ReportDayRollup[]>;
  /** The stored months (or months to date) of these locations among `localMonths` (YYYY-MM). */
  monthsOf(locationIds: readonly string[], localMonths: readonly string[]): Promise<ReportMonthRollup[]>;
  /** Each location's epoch now (a location without a counter row gets one). */
  epochsOf(locationIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * Stores the days and months of each location whose epoch still equals `epochs` (read before the rows
   * they were built from); those of a location whose epoch moved are left out. Call inside a transaction.
   * Returns how many rows were stored.
   */
  storeIfUnchanged(
    rollups: { days?: readonly ReportDayRollup[]; months?: readonly ReportMonthRollup[] },
    epochs: ReadonlyMap<string, number>,
  ): Promise<number>;
}

/** On a conflict, a stored day or month takes the values it was stored again with. */
const TAKE_NEW_VALUES = {
  time_zone: sql<string>`excluded.time_zone`,
  start_ms: sql<number>`excluded.start_ms`,
  end_ms: sql<number>`excluded.end_ms`,
  body: sql<string>`excluded.body`,
};

export function createReportRollupsRepo(db: Queryable, context: RepositoryContext): ReportRollupsRepo {
  return {
    async daysOf(locationIds, localDays) {
      if (locationIds.length === 0 || localDays.length === 0) return [];
      const rows = await db
        .selectFrom('report_day_rollups')
        .selectAll()
        .where('location_id', 'in', locationIds)
        .where('local_day', 'in', localDays)
        .execute();
      return rows.map((row) => ({
        locationId: row.location_id,
        localDay: row.local_day,
        timeZone: row.time_zone,
        startMs: Number(row.start_ms),
        endMs: Number(row.end_ms),
        body: row.body,
      }));
    },

    async monthsOf(locationIds, localMonths) {
      if (locationIds.length === 0 || localMonths.length === 0) return [];
      const rows = await db
        .selectFrom('report_month_rollups')
        .selectAll()
        .where('location_id', 'in', locationIds)
        .where('local_month', 'in', localMonths)
        .execute();
      return rows.map((row) => ({
        locationId: row.location_id,
        localMonth: row.local_month,
        throughDay: row.through_day,
        timeZone: row.time_zone,
        startMs: Number(row.start_ms),
        endMs: Number(row.end_ms),
        body: row.body,
      }));
    },

    async epochsOf(locationIds) {
      const result = new Map<string, number>();
      if (locationIds.length === 0) return result;
      const read = () =>
        db
          .selectFrom('report_rollup_epochs')
          .select(['location_id', 'epoch'])
          .where('location_id', 'in', locationIds)
          .execute();
      let rows = await read();
      if (rows.length < locationIds.length) {
        // A location loaded without 0013's trigger (a bulk load): its counter starts now, before any read.
        const have = new Set(rows.map((row) => row.location_id));
        await db
          .insertInto('report_rollup_epochs')
          .values(locationIds.filter((id) => !have.has(id)).map((id) => ({ location_id: id })))
          .onConflict((oc) => oc.column('location_id').doNothing())
          .execute();
        rows = await read();
      }
      for (const row of rows) result.set(row.location_id, Number(row.epoch));
      return result;
    },

    async storeIfUnchanged({ days = [], months = [] }, epochs) {
      const byLocation = new Map<string, { days: ReportDayRollup[]; months: ReportMonthRollup[] }>();
      const of = (locationId: string) => {
        let found = byLocation.get(locationId);
        if (found === undefined) {
          found = { days: [], months: [] };
          byLocation.set(locationId, found);
        }
        return found;
      };
      for (const day of days) of(day.locationId).days.push(day);
      for (const month of months) of(month.locationId).months.push(month);
      let stored = 0;
      for (const [locationId, ofLocation] of [...byLocation].sort(([a], [b]) => (a < b ? -1 : 1))) {
        // On PostgreSQL the row lock waits for any transaction that raised the epoch and has not committed.
        let query = db
          .selectFrom('report_rollup_epochs')
          .select('epoch')
          .where('location_id', '=', locationId);
        if (context.dialect === 'postgres') query = query.forUpdate();
        const row = await query.executeTakeFirst();
        if (row === undefined || Number(row.epoch) !== epochs.get(locationId)) continue;
        // One statement per table for the location's rows (a year of days is 366 rows, far below either
        // backend's parameter limit at 6–7 a row).
        if (ofLocation.days.length > 0) {
          await db
            .insertInto('report_day_rollups')
            .values(
              ofLocation.days.map((day) => ({
                location_id: day.locationId,
                local_day: day.localDay,
                time_zone: day.timeZone,
                start_ms: day.startMs,
                end_ms: day.endMs,
                body: day.body,
              })),
            )
            .onConflict((oc) => oc.columns(['location_id', 'local_day']).doUpdateSet(TAKE_NEW_VALUES))
            .execute();
        }
        if (ofLocation.months.length > 0) {
          await db
            .insertInto('report_month_rollups')
            .values(
              ofLocation.months.map((month) => ({
                location_id: month.locationId,
                local_month: month.localMonth,
                through_day: month.throughDay,
                time_zone: month.timeZone,
                start_ms: month.startMs,
                end_ms: month.endMs,
                body: month.body,
              })),
            )
            .onConflict((oc) =>
              oc
                .columns(['location_id', 'local_month'])
                .doUpdateSet({ ...TAKE_NEW_VALUES, through_day: sql<string>`excluded.through_day` }),
            )
            .execute();
        }
        stored += ofLocation.days.length + ofLocation.months.length;
      }
      return stored;
    },
  };
}
