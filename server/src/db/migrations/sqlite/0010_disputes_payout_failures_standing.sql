-- 0010_disputes_payout_failures_standing: the money events a platform must handle (docs/DISPUTES.md).
--
-- accounts: when and why the platform lost the account — disconnected (the owner deauthorized the platform,
-- `account.application.deauthorized`, or Stripe answered 403 `account_invalid`) or rejected by Stripe or the
-- platform (`requirements.disabled_reason` `rejected.*`). Null while it is not so.
ALTER TABLE accounts ADD COLUMN disconnected_at_ms INTEGER;
ALTER TABLE accounts ADD COLUMN disconnected_reason TEXT
  CHECK (disconnected_reason IN ('deauthorized', 'access_revoked'));
ALTER TABLE accounts ADD COLUMN rejected_at_ms INTEGER;
-- Stripe's `requirements.disabled_reason`, e.g. `rejected.fraud`.
ALTER TABLE accounts ADD COLUMN rejected_reason TEXT;

-- Disputes as Stripe last showed them (each charge.dispute.* event re-reads the dispute), keyed by Stripe's
-- id. `carried_by`: whose balance the chargeback is taken from — the connected account's (direct charge) or
-- the platform's (destination charge). `sale_id` / `location_id`: our sale, through the charge or PaymentIntent.
CREATE TABLE disputes (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  sale_id TEXT REFERENCES sales (id),
  location_id TEXT,
  carried_by TEXT NOT NULL CHECK (carried_by IN ('platform', 'connected_account')),
  charge_id TEXT NOT NULL,
  payment_intent_id TEXT,
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('warning_needs_response', 'warning_under_review', 'warning_closed',
    'needs_response', 'under_review', 'appeal_needs_response', 'appeal_under_review', 'won', 'lost', 'prevented')),
  evidence_due_by_ms INTEGER,
  has_evidence INTEGER NOT NULL DEFAULT 0 CHECK (has_evidence IN (0, 1)),
  past_due INTEGER NOT NULL DEFAULT 0 CHECK (past_due IN (0, 1)),
  submission_count INTEGER NOT NULL DEFAULT 0,
  charge_refundable INTEGER NOT NULL DEFAULT 0 CHECK (charge_refundable IN (0, 1)),
  -- Stripe's `evidence` (text fields and file ids) as last read.
  evidence_json TEXT NOT NULL DEFAULT '{}',
  stripe_created_at_ms INTEGER NOT NULL,
  closed_at_ms INTEGER,
  recorded_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX disputes_account_created ON disputes (account_id, stripe_created_at_ms);
CREATE INDEX disputes_sale ON disputes (sale_id);
CREATE INDEX disputes_status_due ON disputes (status, evidence_due_by_ms);

-- The money a dispute moved (Stripe's balance transactions, `source` = the dispute): the chargeback
-- withdrawal (`dispute`) and its reversal when won (`dispute_reversal`), with the dispute fee in `fee_minor`.
CREATE TABLE dispute_balance_transactions (
  id TEXT PRIMARY KEY,
  dispute_id TEXT NOT NULL REFERENCES disputes (id),
  reporting_category TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  fee_minor INTEGER NOT NULL,
  net_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  stripe_created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX dispute_balance_transactions_dispute ON dispute_balance_transactions (dispute_id);
CREATE INDEX dispute_balance_transactions_created ON dispute_balance_transactions (stripe_created_at_ms);

-- E-mails sent about a dispute, once each: `opened`, `deadline_reminder`.
CREATE TABLE dispute_notifications (
  dispute_id TEXT NOT NULL REFERENCES disputes (id),
  kind TEXT NOT NULL CHECK (kind IN ('opened', 'deadline_reminder')),
  recipients TEXT NOT NULL,
  sent_at_ms INTEGER NOT NULL,
  PRIMARY KEY (dispute_id, kind)
) STRICT;

-- Evidence files a merchant uploaded to Stripe for a dispute (`purpose: dispute_evidence`), and for which field.
CREATE TABLE dispute_evidence_files (
  id TEXT PRIMARY KEY,
  dispute_id TEXT NOT NULL REFERENCES disputes (id),
  stripe_file_id TEXT NOT NULL,
  field TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  uploaded_by_label TEXT NOT NULL,
  uploaded_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX dispute_evidence_files_dispute ON dispute_evidence_files (dispute_id, uploaded_at_ms);

-- Payouts of a connected account that failed or were canceled (`payout.failed`, `payout.canceled`), as
-- Stripe last showed them; `notified_at_ms` once the owner was e-mailed.
CREATE TABLE payout_failures (
  payout_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  status TEXT NOT NULL CHECK (status IN ('failed', 'canceled')),
  amount_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  failure_code TEXT,
  failure_message TEXT,
  arrival_date_ms INTEGER NOT NULL,
  automatic INTEGER NOT NULL CHECK (automatic IN (0, 1)),
  happened_at_ms INTEGER NOT NULL,
  recorded_at_ms INTEGER NOT NULL,
  notified_at_ms INTEGER
) STRICT;
CREATE INDEX payout_failures_account ON payout_failures (account_id, happened_at_ms);
CREATE INDEX payout_failures_happened ON payout_failures (happened_at_ms);
