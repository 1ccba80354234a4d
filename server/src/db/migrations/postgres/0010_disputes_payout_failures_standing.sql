-- 0010_disputes_payout_failures_standing (PostgreSQL): as sqlite/0010_disputes_payout_failures_standing.sql.

ALTER TABLE accounts ADD COLUMN disconnected_at_ms BIGINT;
ALTER TABLE accounts ADD COLUMN disconnected_reason TEXT
  CHECK (disconnected_reason IN ('deauthorized', 'access_revoked'));
ALTER TABLE accounts ADD COLUMN rejected_at_ms BIGINT;
ALTER TABLE accounts ADD COLUMN rejected_reason TEXT;

CREATE TABLE disputes (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  sale_id TEXT REFERENCES sales (id),
  location_id TEXT,
  carried_by TEXT NOT NULL CHECK (carried_by IN ('platform', 'connected_account')),
  charge_id TEXT NOT NULL,
  payment_intent_id TEXT,
  amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
  currency TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('warning_needs_response', 'warning_under_review', 'warning_closed',
    'needs_response', 'under_review', 'appeal_needs_response', 'appeal_under_review', 'won', 'lost', 'prevented')),
  evidence_due_by_ms BIGINT,
  has_evidence INTEGER NOT NULL DEFAULT 0 CHECK (has_evidence IN (0, 1)),
  past_due INTEGER NOT NULL DEFAULT 0 CHECK (past_due IN (0, 1)),
  submission_count INTEGER NOT NULL DEFAULT 0,
  charge_refundable INTEGER NOT NULL DEFAULT 0 CHECK (charge_refundable IN (0, 1)),
  evidence_json TEXT NOT NULL DEFAULT '{}',
  stripe_created_at_ms BIGINT NOT NULL,
  closed_at_ms BIGINT,
  recorded_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX disputes_account_created ON disputes (account_id, stripe_created_at_ms);
CREATE INDEX disputes_sale ON disputes (sale_id);
CREATE INDEX disputes_status_due ON disputes (status, evidence_due_by_ms);

CREATE TABLE dispute_balance_transactions (
  id TEXT PRIMARY KEY,
  dispute_id TEXT NOT NULL REFERENCES disputes (id),
  reporting_category TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  fee_minor BIGINT NOT NULL,
  net_minor BIGINT NOT NULL,
  currency TEXT NOT NULL,
  stripe_created_at_ms BIGINT NOT NULL
);
CREATE INDEX dispute_balance_transactions_dispute ON dispute_balance_transactions (dispute_id);
CREATE INDEX dispute_balance_transactions_created ON dispute_balance_transactions (stripe_created_at_ms);

CREATE TABLE dispute_notifications (
  dispute_id TEXT NOT NULL REFERENCES disputes (id),
  kind TEXT NOT NULL CHECK (kind IN ('opened', 'deadline_reminder')),
  recipients TEXT NOT NULL,
  sent_at_ms BIGINT NOT NULL,
  PRIMARY KEY (dispute_id, kind)
);

CREATE TABLE dispute_evidence_files (
  id TEXT PRIMARY KEY,
  dispute_id TEXT NOT NULL REFERENCES disputes (id),
  stripe_file_id TEXT NOT NULL,
  field TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  uploaded_by_label TEXT NOT NULL,
  uploaded_at_ms BIGINT NOT NULL
);
CREATE INDEX dispute_evidence_files_dispute ON dispute_evidence_files (dispute_id, uploaded_at_ms);

CREATE TABLE payout_failures (
  payout_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  status TEXT NOT NULL CHECK (status IN ('failed', 'canceled')),
  amount_minor BIGINT NOT NULL,
  currency TEXT NOT NULL,
  failure_code TEXT,
  failure_message TEXT,
  arrival_date_ms BIGINT NOT NULL,
  automatic INTEGER NOT NULL CHECK (automatic IN (0, 1)),
  happened_at_ms BIGINT NOT NULL,
  recorded_at_ms BIGINT NOT NULL,
  notified_at_ms BIGINT
);
CREATE INDEX payout_failures_account ON payout_failures (account_id, happened_at_ms);
CREATE INDEX payout_failures_happened ON payout_failures (happened_at_ms);
