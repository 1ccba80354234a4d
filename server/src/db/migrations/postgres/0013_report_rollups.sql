-- 0013_report_rollups: merchant sales summaries per location and local day (mirror of the SQLite
-- migration; see its header for the design). Invalidation runs in triggers, in the same transaction as
-- the write; the rollup bodies are built from the raw rows by the application.

CREATE TABLE report_day_rollups (
  location_id TEXT NOT NULL,
  local_day TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (location_id, local_day)
);
CREATE INDEX report_day_rollups_start ON report_day_rollups (location_id, start_ms);

CREATE TABLE report_rollup_epochs (
  location_id TEXT PRIMARY KEY,
  epoch BIGINT NOT NULL DEFAULT 0
);

INSERT INTO report_rollup_epochs (location_id) SELECT id FROM locations;

CREATE FUNCTION report_rollups_invalidate(p_location_id TEXT, p_at_ms BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_location_id IS NULL OR p_at_ms IS NULL THEN RETURN; END IF;
  UPDATE report_rollup_epochs SET epoch = epoch + 1 WHERE location_id = p_location_id;
  DELETE FROM report_day_rollups
  WHERE location_id = p_location_id AND start_ms > p_at_ms - 172800000 AND start_ms <= p_at_ms
    AND end_ms > p_at_ms;
END;
$$;

CREATE FUNCTION locations_report_rollup_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_rollup_epochs (location_id) VALUES (NEW.id) ON CONFLICT (location_id) DO NOTHING;
  RETURN NULL;
END;
$$;
CREATE TRIGGER locations_report_rollup_epoch AFTER INSERT ON locations
FOR EACH ROW EXECUTE FUNCTION locations_report_rollup_epoch();

CREATE FUNCTION locations_report_rollup_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE report_rollup_epochs SET epoch = epoch + 1 WHERE location_id = NEW.id;
  DELETE FROM report_day_rollups WHERE location_id = NEW.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER locations_report_rollup_zone AFTER UPDATE OF time_zone ON locations
FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
EXECUTE FUNCTION locations_report_rollup_zone();

-- Sales and card parts (a card part counts on its sale's day).
CREATE FUNCTION sales_report_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM report_rollups_invalidate(OLD.location_id,
      coalesce((SELECT p.created_at_ms FROM sales p WHERE p.id = OLD.parent_sale_id), OLD.created_at_ms));
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.location_id IS DISTINCT FROM OLD.location_id
      OR NEW.created_at_ms IS DISTINCT FROM OLD.created_at_ms
      OR NEW.parent_sale_id IS DISTINCT FROM OLD.parent_sale_id)) THEN
    PERFORM report_rollups_invalidate(NEW.location_id,
      coalesce((SELECT p.created_at_ms FROM sales p WHERE p.id = NEW.parent_sale_id), NEW.created_at_ms));
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER sales_report_rollup AFTER INSERT OR UPDATE OR DELETE ON sales
FOR EACH ROW EXECUTE FUNCTION sales_report_rollup();

-- Sale lines and tenders: their sale's day.
CREATE FUNCTION sale_children_report_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r RECORD;
BEGIN
  FOR r IN
    SELECT s.location_id, s.created_at_ms FROM sales s
    WHERE (TG_OP <> 'INSERT' AND s.id = OLD.sale_id) OR (TG_OP <> 'DELETE' AND s.id = NEW.sale_id)
  LOOP
    PERFORM report_rollups_invalidate(r.location_id, r.created_at_ms);
  END LOOP;
  RETURN NULL;
END;
$$;
CREATE TRIGGER sale_lines_report_rollup AFTER INSERT OR UPDATE OR DELETE ON sale_lines
FOR EACH ROW EXECUTE FUNCTION sale_children_report_rollup();
CREATE TRIGGER sale_tenders_report_rollup AFTER INSERT OR UPDATE OR DELETE ON sale_tenders
FOR EACH ROW EXECUTE FUNCTION sale_children_report_rollup();

-- Refunds count on their own day (their location is the sale's: set by 0006's trigger).
CREATE FUNCTION refunds_report_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM report_rollups_invalidate(
      coalesce(OLD.location_id, (SELECT s.location_id FROM sales s WHERE s.id = OLD.sale_id)), OLD.created_at_ms);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.location_id IS DISTINCT FROM OLD.location_id
      OR NEW.created_at_ms IS DISTINCT FROM OLD.created_at_ms OR NEW.sale_id IS DISTINCT FROM OLD.sale_id)) THEN
    PERFORM report_rollups_invalidate(
      coalesce(NEW.location_id, (SELECT s.location_id FROM sales s WHERE s.id = NEW.sale_id)), NEW.created_at_ms);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER refunds_report_rollup AFTER INSERT OR UPDATE OR DELETE ON refunds
FOR EACH ROW EXECUTE FUNCTION refunds_report_rollup();
