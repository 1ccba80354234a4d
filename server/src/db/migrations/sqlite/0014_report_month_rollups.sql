-- 0014_report_month_rollups: the merchant summary per location and local calendar month, beside 0013's
-- days, so that a month of the busiest merchant reads one row per location instead of ~30 (at 10M sales
-- its 540 location-days were 1.76 MB of JSON to read and parse for one month summary).
--
-- - report_month_rollups: the summary accumulator of one location's local month (YYYY-MM, in the
--   location's zone) from its first day through `through_day`, the month's last day or an earlier one: a
--   month to date holds the days that are over, and the report adds today (and any day after
--   `through_day`) from the day rollups or the raw rows. [start_ms, end_ms) is the month's first local
--   midnight to the end of `through_day`. Built by the application from the days (stored or built from the
--   raw rows) and stored under the same epoch check as the days; one row per month, the longest built.
-- - Invalidation: every write that deletes the days it touches (0013's `report_rollup_invalidate`) now
--   also deletes the month row that holds the instant (a local month is at most 31 days and an hour long,
--   so its start is within 32 days before any instant in it), and a new time zone drops the location's
--   months.
-- Backfill: none; months are built on the first report that reads them.

CREATE TABLE report_month_rollups (
  location_id TEXT NOT NULL,
  local_month TEXT NOT NULL,
  through_day TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (location_id, local_month)
) STRICT, WITHOUT ROWID;
CREATE INDEX report_month_rollups_start ON report_month_rollups (location_id, start_ms);

DROP TRIGGER report_rollup_invalidate;
CREATE TRIGGER report_rollup_invalidate INSTEAD OF INSERT ON report_rollup_invalidations
WHEN NEW.location_id IS NOT NULL AND NEW.at_ms IS NOT NULL
BEGIN
  UPDATE report_rollup_epochs SET epoch = epoch + 1 WHERE location_id = NEW.location_id;
  DELETE FROM report_day_rollups
  WHERE location_id = NEW.location_id AND start_ms > NEW.at_ms - 172800000 AND start_ms <= NEW.at_ms
    AND end_ms > NEW.at_ms;
  DELETE FROM report_month_rollups
  WHERE location_id = NEW.location_id AND start_ms > NEW.at_ms - 2764800000 AND start_ms <= NEW.at_ms
    AND end_ms > NEW.at_ms;
END;

DROP TRIGGER locations_report_rollup_zone;
CREATE TRIGGER locations_report_rollup_zone AFTER UPDATE OF time_zone ON locations
WHEN OLD.time_zone IS NOT NEW.time_zone
BEGIN
  UPDATE report_rollup_epochs SET epoch = epoch + 1 WHERE location_id = NEW.id;
  DELETE FROM report_day_rollups WHERE location_id = NEW.id;
  DELETE FROM report_month_rollups WHERE location_id = NEW.id;
END;
