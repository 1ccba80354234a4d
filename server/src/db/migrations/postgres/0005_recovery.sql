-- 0005_recovery (PostgreSQL): as sqlite/0005_recovery.sql.

CREATE TABLE payment_anomalies (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('duplicate_charge', 'orphan_charge', 'capture_deadline')),
  account_id TEXT NOT NULL REFERENCES accounts (id),
  sale_id TEXT,
  payment_intent_id TEXT NOT NULL,
  charge_id TEXT,
  amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
  currency TEXT NOT NULL,
  deadline_s BIGINT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  detected_at_ms BIGINT NOT NULL,
  resolved_at_ms BIGINT,
  UNIQUE (kind, payment_intent_id)
);
CREATE INDEX payment_anomalies_open ON payment_anomalies (status, detected_at_ms);

CREATE INDEX sales_status_updated ON sales (status, updated_at_ms);
