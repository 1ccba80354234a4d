-- 0006_fee_ledger: a local ledger of the platform's application fees and its daily rollup, so that the
-- platform's fees-earned report reads a few thousand rollup rows instead of listing every application fee
-- object from Stripe (400k a month at scale).
--
-- - application_fee_ledger: one row per charge that carries (or may carry) an application fee. Our side
--   is written by triggers when a sale is captured and when its refunds change (same transaction as the
--   write, so the ledger can never disagree with `sales`/`refunds`); Stripe's side (fee id, amount,
--   amount refunded, created) is upserted by an incremental sync of Stripe's application fee objects,
--   which also brings in fees no sale of ours recorded. The report counts Stripe's figures once seen and
--   ours until then; a sale whose recorded fee differs from Stripe's is a mismatch (partial index).
-- - fee_rollups_daily: Σ per UTC day × Stripe account × currency of the ledger's counted fees, kept by
--   triggers on the ledger (old contribution out, new one in).
-- - application_fee_sync: which span of Stripe's fee objects the ledger has seen.
-- - refunds.location_id (copied from the sale by a trigger): a merchant's refunds of a day or month are
--   then read through (location_id, created_at_ms) instead of every refund of the platform in the window.
-- - sales_stripe_fee_missing: a partial index of captured sales still missing Stripe's processing fee.
-- Existing rows are backfilled at the end.

CREATE TABLE application_fee_ledger (
  charge_id TEXT PRIMARY KEY,
  stripe_account_id TEXT NOT NULL,
  currency TEXT NOT NULL,
  -- Our sale of this charge (NULL: a fee Stripe has that no sale of ours recorded).
  sale_id TEXT,
  sale_created_at_ms INTEGER,
  -- The sale's `application_fee_minor`, and Σ `application_fee_refunded_minor` of its counted refunds.
  recorded_fee_minor INTEGER,
  recorded_refunded_minor INTEGER NOT NULL DEFAULT 0,
  -- Stripe's application fee object, once the sync has seen it.
  stripe_fee_id TEXT,
  stripe_amount_minor INTEGER,
  stripe_amount_refunded_minor INTEGER,
  -- Stripe's `created` once seen, else the sale's capture time: places the fee on a UTC day.
  created_at_ms INTEGER NOT NULL,
  -- What the report counts: Stripe's figures once seen, else ours. A refund we recorded after the sync
  -- read the fee raises the refunded amount (both are lower bounds of Stripe's running total).
  counted INTEGER GENERATED ALWAYS AS (
    CASE WHEN stripe_fee_id IS NOT NULL OR coalesce(recorded_fee_minor, 0) > 0 THEN 1 ELSE 0 END
  ) VIRTUAL,
  fee_minor INTEGER GENERATED ALWAYS AS (
    CASE WHEN stripe_fee_id IS NOT NULL THEN stripe_amount_minor ELSE coalesce(recorded_fee_minor, 0) END
  ) VIRTUAL,
  refunded_minor INTEGER GENERATED ALWAYS AS (
    CASE WHEN stripe_fee_id IS NOT NULL
      THEN max(coalesce(stripe_amount_refunded_minor, 0), recorded_refunded_minor)
      ELSE recorded_refunded_minor END
  ) VIRTUAL
) STRICT;
-- The first, partial UTC day of a report that does not start at midnight.
CREATE INDEX application_fee_ledger_created ON application_fee_ledger (created_at_ms);
-- Sales whose recorded fee differs from Stripe's (or that Stripe has no fee for): normally empty.
CREATE INDEX application_fee_ledger_mismatch ON application_fee_ledger (sale_created_at_ms)
  WHERE sale_id IS NOT NULL AND coalesce(stripe_amount_minor, 0) <> recorded_fee_minor;

CREATE TABLE fee_rollups_daily (
  -- Days since 1970-01-01 UTC.
  utc_day INTEGER NOT NULL,
  stripe_account_id TEXT NOT NULL,
  currency TEXT NOT NULL,
  fees_count INTEGER NOT NULL,
  collected_minor INTEGER NOT NULL,
  refunded_minor INTEGER NOT NULL,
  PRIMARY KEY (utc_day, stripe_account_id, currency)
) STRICT, WITHOUT ROWID;
CREATE INDEX fee_rollups_account_day ON fee_rollups_daily (stripe_account_id, utc_day);

CREATE TABLE application_fee_sync (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- Stripe's fee objects created in [synced_from_ms, synced_through_ms) are in the ledger.
  synced_from_ms INTEGER NOT NULL,
  synced_through_ms INTEGER NOT NULL
) STRICT;

-- Rollup upkeep ------------------------------------------------------------------------------------

CREATE TRIGGER application_fee_ledger_rollup_insert AFTER INSERT ON application_fee_ledger
WHEN NEW.counted = 1
BEGIN
  INSERT INTO fee_rollups_daily (utc_day, stripe_account_id, currency, fees_count, collected_minor, refunded_minor)
  VALUES (NEW.created_at_ms / 86400000, NEW.stripe_account_id, NEW.currency, 1, NEW.fee_minor, NEW.refunded_minor)
  ON CONFLICT (utc_day, stripe_account_id, currency) DO UPDATE SET
    fees_count = fees_count + 1,
    collected_minor = collected_minor + excluded.collected_minor,
    refunded_minor = refunded_minor + excluded.refunded_minor;
END;

CREATE TRIGGER application_fee_ledger_rollup_update AFTER UPDATE ON application_fee_ledger
WHEN OLD.counted IS NOT NEW.counted OR OLD.fee_minor IS NOT NEW.fee_minor
  OR OLD.refunded_minor IS NOT NEW.refunded_minor OR OLD.created_at_ms / 86400000 <> NEW.created_at_ms / 86400000
  OR OLD.stripe_account_id <> NEW.stripe_account_id OR OLD.currency <> NEW.currency
BEGIN
  UPDATE fee_rollups_daily SET
    fees_count = fees_count - 1,
    collected_minor = collected_minor - OLD.fee_minor,
    refunded_minor = refunded_minor - OLD.refunded_minor
  WHERE OLD.counted = 1 AND utc_day = OLD.created_at_ms / 86400000
    AND stripe_account_id = OLD.stripe_account_id AND currency = OLD.currency;
  INSERT INTO fee_rollups_daily (utc_day, stripe_account_id, currency, fees_count, collected_minor, refunded_minor)
  SELECT NEW.created_at_ms / 86400000, NEW.stripe_account_id, NEW.currency, 1, NEW.fee_minor, NEW.refunded_minor
  WHERE NEW.counted = 1
  ON CONFLICT (utc_day, stripe_account_id, currency) DO UPDATE SET
    fees_count = fees_count + 1,
    collected_minor = collected_minor + excluded.collected_minor,
    refunded_minor = refunded_minor + excluded.refunded_minor;
END;

CREATE TRIGGER application_fee_ledger_rollup_delete AFTER DELETE ON application_fee_ledger
WHEN OLD.counted = 1
BEGIN
  UPDATE fee_rollups_daily SET
    fees_count = fees_count - 1,
    collected_minor = collected_minor - OLD.fee_minor,
    refunded_minor = refunded_minor - OLD.refunded_minor
  WHERE utc_day = OLD.created_at_ms / 86400000
    AND stripe_account_id = OLD.stripe_account_id AND currency = OLD.currency;
END;

-- Our side of the ledger ---------------------------------------------------------------------------

-- A sale with a charge enters the ledger when its money is captured (or when its charge or fee changes).
CREATE TRIGGER sales_fee_ledger_insert AFTER INSERT ON sales
WHEN NEW.charge_id IS NOT NULL AND NEW.status IN ('succeeded', 'partially_refunded', 'refunded')
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
END;

CREATE TRIGGER sales_fee_ledger_update AFTER UPDATE OF status, charge_id, application_fee_minor ON sales
WHEN NEW.charge_id IS NOT NULL AND NEW.status IN ('succeeded', 'partially_refunded', 'refunded')
  AND (OLD.status NOT IN ('succeeded', 'partially_refunded', 'refunded')
    OR OLD.charge_id IS NOT NEW.charge_id OR OLD.application_fee_minor <> NEW.application_fee_minor)
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
END;

-- A refund's returned application fee counts while the refund does (pending or succeeded).
CREATE TRIGGER refunds_fee_ledger_insert AFTER INSERT ON refunds
BEGIN
  UPDATE application_fee_ledger SET recorded_refunded_minor = (
    SELECT coalesce(sum(r.application_fee_refunded_minor), 0) FROM refunds r
    WHERE r.sale_id = NEW.sale_id AND r.status IN ('pending', 'succeeded'))
  WHERE charge_id = (SELECT s.charge_id FROM sales s WHERE s.id = NEW.sale_id) AND sale_id = NEW.sale_id;
END;

CREATE TRIGGER refunds_fee_ledger_update AFTER UPDATE OF status, application_fee_refunded_minor, sale_id ON refunds
BEGIN
  UPDATE application_fee_ledger SET recorded_refunded_minor = (
    SELECT coalesce(sum(r.application_fee_refunded_minor), 0) FROM refunds r
    WHERE r.sale_id = application_fee_ledger.sale_id AND r.status IN ('pending', 'succeeded'))
  WHERE charge_id IN (SELECT s.charge_id FROM sales s WHERE s.id IN (OLD.sale_id, NEW.sale_id))
    AND sale_id IN (OLD.sale_id, NEW.sale_id);
END;

CREATE TRIGGER refunds_fee_ledger_delete AFTER DELETE ON refunds
BEGIN
  UPDATE application_fee_ledger SET recorded_refunded_minor = (
    SELECT coalesce(sum(r.application_fee_refunded_minor), 0) FROM refunds r
    WHERE r.sale_id = OLD.sale_id AND r.status IN ('pending', 'succeeded'))
  WHERE charge_id = (SELECT s.charge_id FROM sales s WHERE s.id = OLD.sale_id) AND sale_id = OLD.sale_id;
END;

-- The refund's location, for merchant reports ---------------------------------------------------------

ALTER TABLE refunds ADD COLUMN location_id TEXT REFERENCES locations (id);
CREATE INDEX refunds_location_created ON refunds (location_id, created_at_ms);

CREATE TRIGGER refunds_location AFTER INSERT ON refunds
WHEN NEW.location_id IS NULL
BEGIN
  UPDATE refunds SET location_id = (SELECT s.location_id FROM sales s WHERE s.id = NEW.sale_id)
  WHERE id = NEW.id;
END;

-- Captured sales whose Stripe processing fee is not recorded yet (reports fill it in from the balance
-- transactions when a period is viewed): few rows, so that check no longer reads every sale of the period.
CREATE INDEX sales_stripe_fee_missing ON sales (account_id, created_at_ms)
  WHERE stripe_fee_minor IS NULL AND charge_id IS NOT NULL
    AND status IN ('succeeded', 'partially_refunded', 'refunded');

-- Backfill ------------------------------------------------------------------------------------------

INSERT INTO application_fee_ledger (charge_id, stripe_account_id, currency, sale_id, sale_created_at_ms,
  recorded_fee_minor, recorded_refunded_minor, created_at_ms)
SELECT s.charge_id, a.stripe_account_id, s.currency, s.id, s.created_at_ms, s.application_fee_minor,
  (SELECT coalesce(sum(r.application_fee_refunded_minor), 0) FROM refunds r
   WHERE r.sale_id = s.id AND r.status IN ('pending', 'succeeded')),
  coalesce(s.captured_at_ms, s.updated_at_ms)
FROM sales s JOIN accounts a ON a.id = s.account_id
WHERE s.charge_id IS NOT NULL AND s.status IN ('succeeded', 'partially_refunded', 'refunded')
ORDER BY s.created_at_ms, s.id
ON CONFLICT (charge_id) DO NOTHING;

UPDATE refunds SET location_id = (SELECT s.location_id FROM sales s WHERE s.id = refunds.sale_id);
