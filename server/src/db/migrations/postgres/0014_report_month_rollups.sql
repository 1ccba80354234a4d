-- 0014_report_month_rollups: the merchant summary per location and local calendar month (mirror of the
-- SQLite migration; see its header for the design). Every invalidation of a day now also deletes the
-- month that holds the instant; a new time zone drops the location's months.

CREATE TABLE report_month_rollups (
  location_id TEXT NOT NULL,
  local_month TEXT NOT NULL,
  through_day TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (location_id, local_month)
);
CREATE INDEX report_month_rollups_start ON report_month_rollups (location_id, start_ms);

CREATE OR REPLACE FUNCTION report_rollups_invalidate(p_location_id TEXT, p_at_ms BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_location_id IS NULL OR p_at_ms IS NULL THEN RETURN; END IF;
  UPDATE report_rollup_epochs SET epoch = epoch + 1 WHERE location_id = p_location_id;
  DELETE FROM report_day_rollups
  WHERE location_id = p_location_id AND start_ms > p_at_ms - 172800000 AND start_ms <= p_at_ms
    AND end_ms > p_at_ms;
  DELETE FROM report_month_rollups
  WHERE location_id = p_location_id AND start_ms > p_at_ms - 2764800000 AND start_ms <= p_at_ms
    AND end_ms > p_at_ms;
END;
$$;

CREATE OR REPLACE FUNCTION locations_report_rollup_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE report_rollup_epochs SET epoch = epoch + 1 WHERE location_id = NEW.id;
  DELETE FROM report_day_rollups WHERE location_id = NEW.id;
  DELETE FROM report_month_rollups WHERE location_id = NEW.id;
  RETURN NULL;
END;
$$;
