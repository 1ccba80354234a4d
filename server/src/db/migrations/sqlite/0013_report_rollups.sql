-- 0013_report_rollups: merchant sales summaries per location and local day, so that a month of the
-- busiest merchant reads ~30 rows per location instead of every sale, line, tender and refund of it.
--
-- - report_day_rollups: the summary accumulator (every figure and breakdown of the merchant summary, as
--   the domain's `accumulateSummary` adds them up; JSON) of one location's local day, for days that are
--   over. A row is only ever the exact figures of its day: any insert, update or delete of a sale (or a
--   card part of it), a sale line, a tender or a refund deletes the rows of the days it touches, in the
--   same transaction as the write (triggers below), and a change of a location's time zone deletes all of
--   the location's rows. Reports read whole days from rows, build the missing days from the raw rows once
--   and store them (the merchant summary's code is the one definition of the figures: no second copy of
--   it in SQL that could drift).
-- - report_rollup_epochs: one counter per location, raised by every such write. A report stores a day it
--   built only if the location's counter did not move since it started reading the raw rows (checked
--   under the counter row's lock), so a write racing a rebuild never leaves a stale row behind.
-- Backfill: an epoch row for every existing location. The rollups of existing days are built from the raw
-- rows by the application (on the first report that reads them, or by `buildReportRollups`).

CREATE TABLE report_day_rollups (
  location_id TEXT NOT NULL,
  -- The local date (YYYY-MM-DD) in the location's zone, and the UTC instants it covers: [start_ms, end_ms).
  local_day TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (location_id, local_day)
) STRICT, WITHOUT ROWID;
-- Invalidation: the day of a location that holds an instant (a local day is at most 26 hours long).
CREATE INDEX report_day_rollups_start ON report_day_rollups (location_id, start_ms);

CREATE TABLE report_rollup_epochs (
  location_id TEXT PRIMARY KEY,
  epoch INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

INSERT INTO report_rollup_epochs (location_id) SELECT id FROM locations;

CREATE TRIGGER locations_report_rollup_epoch AFTER INSERT ON locations
BEGIN
  INSERT INTO report_rollup_epochs (location_id) VALUES (NEW.id) ON CONFLICT (location_id) DO NOTHING;
END;

CREATE TRIGGER locations_report_rollup_zone AFTER UPDATE OF time_zone ON locations
WHEN OLD.time_zone IS NOT NEW.time_zone
BEGIN
  UPDATE report_rollup_epochs SET epoch = epoch + 1 WHERE location_id = NEW.id;
  DELETE FROM report_day_rollups WHERE location_id = NEW.id;
END;

-- One invalidation: INSERT INTO report_rollup_invalidations (location_id, at_ms) VALUES (…).
CREATE VIEW report_rollup_invalidations AS SELECT NULL AS location_id, NULL AS at_ms;

CREATE TRIGGER report_rollup_invalidate INSTEAD OF INSERT ON report_rollup_invalidations
WHEN NEW.location_id IS NOT NULL AND NEW.at_ms IS NOT NULL
BEGIN
  UPDATE report_rollup_epochs SET epoch = epoch + 1 WHERE location_id = NEW.location_id;
  DELETE FROM report_day_rollups
  WHERE location_id = NEW.location_id AND start_ms > NEW.at_ms - 172800000 AND start_ms <= NEW.at_ms
    AND end_ms > NEW.at_ms;
END;

-- Sales and card parts (a card part counts on its sale's day).
CREATE TRIGGER sales_report_rollup_insert AFTER INSERT ON sales
BEGIN
  INSERT INTO report_rollup_invalidations (location_id, at_ms) VALUES (NEW.location_id,
    coalesce((SELECT p.created_at_ms FROM sales p WHERE p.id = NEW.parent_sale_id), NEW.created_at_ms));
END;

CREATE TRIGGER sales_report_rollup_update AFTER UPDATE ON sales
BEGIN
  INSERT INTO report_rollup_invalidations (location_id, at_ms) VALUES (OLD.location_id,
    coalesce((SELECT p.created_at_ms FROM sales p WHERE p.id = OLD.parent_sale_id), OLD.created_at_ms));
  INSERT INTO report_rollup_invalidations (location_id, at_ms)
  SELECT NEW.location_id,
    coalesce((SELECT p.created_at_ms FROM sales p WHERE p.id = NEW.parent_sale_id), NEW.created_at_ms)
  WHERE NEW.location_id IS NOT OLD.location_id OR NEW.created_at_ms IS NOT OLD.created_at_ms
    OR NEW.parent_sale_id IS NOT OLD.parent_sale_id;
END;

CREATE TRIGGER sales_report_rollup_delete AFTER DELETE ON sales
BEGIN
  INSERT INTO report_rollup_invalidations (location_id, at_ms) VALUES (OLD.location_id,
    coalesce((SELECT p.created_at_ms FROM sales p WHERE p.id = OLD.parent_sale_id), OLD.created_at_ms));
END;

-- Sale lines and tenders: their sale's day.
CREATE TRIGGER sale_lines_report_rollup_insert AFTER INSERT ON sale_lines
BEGIN
  INSERT INTO report_rollup_invalidations (location_id, at_ms)
  SELECT s.location_id, s.created_at_ms FROM sales s WHERE s.id = NEW.sale_id;
END;

CREATE TRIGGER sale_lines_report_rollup_update AFTER UPDATE ON sale_lines
BEGIN
  INSERT INTO report_rollup_invalidations (location_id, at_ms)
  SELECT s.location_id, s.created_at_ms FROM sales s WHERE s.id IN (OLD.sale_id, NEW.sale_id);
END;

CREATE TRIGGER sale_lines_report_rollup_delete AFTER DELETE ON sale_lines
BEGIN
  INSERT INTO report_rollup_invalidations (location_id, at_ms)
  SELECT s.location_id, s.created_at_ms FROM sales s WHERE s.id = OLD.sale_id;
END;

CREATE TRIGGER sale_tenders_report_rollup_insert AFTER INSERT ON sale_tenders
BEGIN
  INSERT INTO report_rollup_invalidations (location_id, at_ms)
  SELECT s.location_id, s.created_at_ms FROM sales s WHERE s.id = NEW.sale_id;
END;

CREATE TRIGGER sale_tenders_report_rollup_update AFTER UPDATE ON sale_tenders
BEGIN
  INSERT INTO report_rollup_invalidations (location_id, at_ms)
  SELECT s.location_id, s.created_at_ms FROM sales s WHERE s.id IN (OLD.sale_id, NEW.sale_id);
END;

CREATE TRIGGER sale_tenders_report_rollup_delete AFTER DELETE ON sale_tenders
BEGIN
  INSERT INTO report_rollup_invalidations (location_id, at_ms)
  SELECT s.location_id, s.created_at_ms FROM sales s WHERE s.id = OLD.sale_id;
END;

-- Refunds count on their own day (their location is the sale's: set by 0006's trigger).
CREATE TRIGGER refunds_report_rollup_insert AFTER INSERT ON refunds
BEGIN
  INSERT INTO report_rollup_invalidations (location_id, at_ms) VALUES (
    coalesce(NEW.location_id, (SELECT s.location_id FROM sales s WHERE s.id = NEW.sale_id)), NEW.created_at_ms);
END;

CREATE TRIGGER refunds_report_rollup_update AFTER UPDATE ON refunds
BEGIN
  INSERT INTO report_rollup_invalidations (location_id, at_ms) VALUES (
    coalesce(OLD.location_id, (SELECT s.location_id FROM sales s WHERE s.id = OLD.sale_id)), OLD.created_at_ms);
  INSERT INTO report_rollup_invalidations (location_id, at_ms)
  SELECT coalesce(NEW.location_id, (SELECT s.location_id FROM sales s WHERE s.id = NEW.sale_id)), NEW.created_at_ms
  WHERE NEW.location_id IS NOT OLD.location_id OR NEW.created_at_ms IS NOT OLD.created_at_ms
    OR NEW.sale_id IS NOT OLD.sale_id;
END;

CREATE TRIGGER refunds_report_rollup_delete AFTER DELETE ON refunds
BEGIN
  INSERT INTO report_rollup_invalidations (location_id, at_ms) VALUES (
    coalesce(OLD.location_id, (SELECT s.location_id FROM sales s WHERE s.id = OLD.sale_id)), OLD.created_at_ms);
END;
