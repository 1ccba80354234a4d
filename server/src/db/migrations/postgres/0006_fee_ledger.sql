-- 0006_fee_ledger (PostgreSQL): as sqlite/0006_fee_ledger.sql — the application fee ledger, its daily
-- rollup and the sync span, kept by triggers in the same transaction as the writes to sales and refunds.
-- PostgreSQL has no virtual generated columns, so `counted`, `fee_minor` and `refunded_minor` are STORED;
-- SQLite's scalar max(a, b) is GREATEST; each SQLite trigger body is a PL/pgSQL function here.

CREATE TABLE application_fee_ledger (
  charge_id TEXT PRIMARY KEY,
  stripe_account_id TEXT NOT NULL,
  currency TEXT NOT NULL,
  sale_id TEXT,
  sale_created_at_ms BIGINT,
  recorded_fee_minor BIGINT,
  recorded_refunded_minor BIGINT NOT NULL DEFAULT 0,
  stripe_fee_id TEXT,
  stripe_amount_minor BIGINT,
  stripe_amount_refunded_minor BIGINT,
  created_at_ms BIGINT NOT NULL,
  counted SMALLINT GENERATED ALWAYS AS (
    CASE WHEN stripe_fee_id IS NOT NULL OR coalesce(recorded_fee_minor, 0) > 0 THEN 1 ELSE 0 END
  ) STORED,
  fee_minor BIGINT GENERATED ALWAYS AS (
    CASE WHEN stripe_fee_id IS NOT NULL THEN stripe_amount_minor ELSE coalesce(recorded_fee_minor, 0) END
  ) STORED,
  refunded_minor BIGINT GENERATED ALWAYS AS (
    CASE WHEN stripe_fee_id IS NOT NULL
      THEN GREATEST(coalesce(stripe_amount_refunded_minor, 0), recorded_refunded_minor)
      ELSE recorded_refunded_minor END
  ) STORED
);
CREATE INDEX application_fee_ledger_created ON application_fee_ledger (created_at_ms);
CREATE INDEX application_fee_ledger_mismatch ON application_fee_ledger (sale_created_at_ms)
  WHERE sale_id IS NOT NULL AND coalesce(stripe_amount_minor, 0) <> recorded_fee_minor;

CREATE TABLE fee_rollups_daily (
  utc_day BIGINT NOT NULL,
  stripe_account_id TEXT NOT NULL,
  currency TEXT NOT NULL,
  fees_count BIGINT NOT NULL,
  collected_minor BIGINT NOT NULL,
  refunded_minor BIGINT NOT NULL,
  PRIMARY KEY (utc_day, stripe_account_id, currency)
);
CREATE INDEX fee_rollups_account_day ON fee_rollups_daily (stripe_account_id, utc_day);

CREATE TABLE application_fee_sync (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  synced_from_ms BIGINT NOT NULL,
  synced_through_ms BIGINT NOT NULL
);

-- Rollup upkeep: the old contribution out, the new one in -------------------------------------------

CREATE FUNCTION fee_rollup_add(day BIGINT, account TEXT, cur TEXT, fee BIGINT, refunded BIGINT)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO fee_rollups_daily (utc_day, stripe_account_id, currency, fees_count, collected_minor, refunded_minor)
  VALUES (day, account, cur, 1, fee, refunded)
  ON CONFLICT (utc_day, stripe_account_id, currency) DO UPDATE SET
    fees_count = fee_rollups_daily.fees_count + 1,
    collected_minor = fee_rollups_daily.collected_minor + excluded.collected_minor,
    refunded_minor = fee_rollups_daily.refunded_minor + excluded.refunded_minor;
$$;

CREATE FUNCTION fee_rollup_remove(day BIGINT, account TEXT, cur TEXT, fee BIGINT, refunded BIGINT)
RETURNS void LANGUAGE sql AS $$
  UPDATE fee_rollups_daily SET
    fees_count = fees_count - 1,
    collected_minor = collected_minor - fee,
    refunded_minor = refunded_minor - refunded
  WHERE utc_day = day AND stripe_account_id = account AND currency = cur;
$$;

CREATE FUNCTION application_fee_ledger_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.counted = 1 THEN
    PERFORM fee_rollup_remove(OLD.created_at_ms / 86400000, OLD.stripe_account_id, OLD.currency,
      OLD.fee_minor, OLD.refunded_minor);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.counted = 1 THEN
    PERFORM fee_rollup_add(NEW.created_at_ms / 86400000, NEW.stripe_account_id, NEW.currency,
      NEW.fee_minor, NEW.refunded_minor);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER application_fee_ledger_rollup_insert AFTER INSERT ON application_fee_ledger
FOR EACH ROW EXECUTE FUNCTION application_fee_ledger_rollup();

CREATE TRIGGER application_fee_ledger_rollup_update AFTER UPDATE ON application_fee_ledger
FOR EACH ROW WHEN (OLD.counted IS DISTINCT FROM NEW.counted OR OLD.fee_minor IS DISTINCT FROM NEW.fee_minor
  OR OLD.refunded_minor IS DISTINCT FROM NEW.refunded_minor
  OR OLD.created_at_ms / 86400000 <> NEW.created_at_ms / 86400000
  OR OLD.stripe_account_id <> NEW.stripe_account_id OR OLD.currency <> NEW.currency)
EXECUTE FUNCTION application_fee_ledger_rollup();

CREATE TRIGGER application_fee_ledger_rollup_delete AFTER DELETE ON application_fee_ledger
FOR EACH ROW WHEN (OLD.counted = 1) EXECUTE FUNCTION application_fee_ledger_rollup();

-- Our side of the ledger ---------------------------------------------------------------------------

CREATE FUNCTION sales_fee_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO application_fee_ledger (charge_id, stripe_account_id, currency, sale_id, sale_created_at_ms,
    recorded_fee_minor, recorded_refunded_minor, created_at_ms)
  SELECT NEW.charge_id, a.stripe_account_id, NEW.currency, NEW.id, NEW.created_at_ms, NEW.application_fee_minor,
    (SELECT coalesce(sum(r.application_fee_refunded_minor), 0) FROM refunds r
     WHERE r.sale_id = NEW.id AND r.status IN ('pending', 'succeeded')),
    coalesce(NEW.captured_at_ms, NEW.updated_at_ms)
  FROM accounts a WHERE a.id = NEW.account_id
  ON CONFLICT (charge_id) DO UPDATE SET
    sale_id = excluded.sale_id,
    sale_created_at_ms = excluded.sale_created_at_ms,
    recorded_fee_minor = excluded.recorded_fee_minor,
    recorded_refunded_minor = excluded.recorded_refunded_minor;
  RETURN NULL;
END;
$$;

CREATE TRIGGER sales_fee_ledger_insert AFTER INSERT ON sales
FOR EACH ROW WHEN (NEW.charge_id IS NOT NULL AND NEW.status IN ('succeeded', 'partially_refunded', 'refunded'))
EXECUTE FUNCTION sales_fee_ledger();

CREATE TRIGGER sales_fee_ledger_update AFTER UPDATE OF status, charge_id, application_fee_minor ON sales
FOR EACH ROW WHEN (NEW.charge_id IS NOT NULL AND NEW.status IN ('succeeded', 'partially_refunded', 'refunded')
  AND (OLD.status NOT IN ('succeeded', 'partially_refunded', 'refunded')
    OR OLD.charge_id IS DISTINCT FROM NEW.charge_id OR OLD.application_fee_minor <> NEW.application_fee_minor))
EXECUTE FUNCTION sales_fee_ledger();

-- A refund's returned application fee counts while the refund does (pending or succeeded).
CREATE FUNCTION refunds_fee_ledger_for_sale(refund_sale_id TEXT) RETURNS void LANGUAGE sql AS $$
  UPDATE application_fee_ledger SET recorded_refunded_minor = (
    SELECT coalesce(sum(r.application_fee_refunded_minor), 0) FROM refunds r
    WHERE r.sale_id = refund_sale_id AND r.status IN ('pending', 'succeeded'))
  WHERE charge_id = (SELECT s.charge_id FROM sales s WHERE s.id = refund_sale_id) AND sale_id = refund_sale_id;
$$;

CREATE FUNCTION refunds_fee_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM refunds_fee_ledger_for_sale(OLD.sale_id); END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.sale_id <> OLD.sale_id) THEN
    PERFORM refunds_fee_ledger_for_sale(NEW.sale_id);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER refunds_fee_ledger_insert AFTER INSERT ON refunds
FOR EACH ROW EXECUTE FUNCTION refunds_fee_ledger();
CREATE TRIGGER refunds_fee_ledger_update AFTER UPDATE OF status, application_fee_refunded_minor, sale_id ON refunds
FOR EACH ROW EXECUTE FUNCTION refunds_fee_ledger();
CREATE TRIGGER refunds_fee_ledger_delete AFTER DELETE ON refunds
FOR EACH ROW EXECUTE FUNCTION refunds_fee_ledger();

-- The refund's location, for merchant reports ---------------------------------------------------------

ALTER TABLE refunds ADD COLUMN location_id TEXT REFERENCES locations (id);
CREATE INDEX refunds_location_created ON refunds (location_id, created_at_ms);

CREATE FUNCTION refunds_location() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.location_id := (SELECT s.location_id FROM sales s WHERE s.id = NEW.sale_id);
  RETURN NEW;
END;
$$;

CREATE TRIGGER refunds_location BEFORE INSERT ON refunds
FOR EACH ROW WHEN (NEW.location_id IS NULL) EXECUTE FUNCTION refunds_location();

CREATE INDEX sales_stripe_fee_missing ON sales (account_id, created_at_ms)
  WHERE stripe_fee_minor IS NULL AND charge_id IS NOT NULL
    AND status IN ('succeeded', 'partially_refunded', 'refunded');
