-- 0005_recovery: what the recovery sweeper records — payment anomalies it found on Stripe's side:
-- a sale charged by more than one PaymentIntent (duplicate_charge, to refund), a succeeded PaymentIntent
-- naming a sale we do not have (orphan_charge), an authorization close to its capture deadline that is
-- still not captured (capture_deadline). One row per (kind, PaymentIntent); resolving is a manual step.

CREATE TABLE payment_anomalies (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('duplicate_charge', 'orphan_charge', 'capture_deadline')),
  account_id TEXT NOT NULL REFERENCES accounts (id),
  sale_id TEXT,
  payment_intent_id TEXT NOT NULL,
  charge_id TEXT,
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency TEXT NOT NULL,
  -- capture_deadline: `capture_before` in Unix seconds.
  deadline_s INTEGER,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  detected_at_ms INTEGER NOT NULL,
  resolved_at_ms INTEGER,
  UNIQUE (kind, payment_intent_id)
) STRICT;
CREATE INDEX payment_anomalies_open ON payment_anomalies (status, detected_at_ms);

-- The sweeper's scan of unfinished sales, oldest update first.
CREATE INDEX sales_status_updated ON sales (status, updated_at_ms);
