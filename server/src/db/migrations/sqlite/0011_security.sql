-- 0010_security: the security hardening of issue 14 (docs/SECURITY.md).
--
-- Refunds are scoped to their account: `refunds.account_id` (from the sale), the client's `refund_key`
-- unique per account instead of across the platform, and the Stripe idempotency key each refund is sent
-- with stored on the row (new refunds: `<account id>-refund_<refund id>`; refunds recorded before this
-- migration keep `refund_<refund id>`, so a retry of one in flight reuses the key it was first sent with).

ALTER TABLE refunds ADD COLUMN account_id TEXT REFERENCES accounts (id);
ALTER TABLE refunds ADD COLUMN stripe_idempotency_key TEXT;
UPDATE refunds SET
  account_id = (SELECT s.account_id FROM sales s WHERE s.id = refunds.sale_id),
  stripe_idempotency_key = 'refund_' || id;
DROP INDEX refunds_refund_key;
CREATE UNIQUE INDEX refunds_account_refund_key ON refunds (account_id, refund_key) WHERE refund_key IS NOT NULL;

-- The local mail outbox: without SMTP_URL, outgoing mail (owner invitations, e-mailed receipts) is kept here
-- for the platform admin to read in the console, instead of being written to the log. Kept 7 days.
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX mail_outbox_created ON mail_outbox (created_at_ms);

-- Paired register devices. A register is opened on a device once, with a one-time pairing code created in the
-- console (only its hash is kept; it expires). Redeeming it stores the device's register token (hashed) and
-- a CSRF token; the device's HttpOnly cookie carries the token. Counter sessions belong to the device they
-- were opened on, and end with it (unpairing deletes the device). Sessions opened before pairing existed end.
CREATE TABLE register_pairing_codes (
  id TEXT PRIMARY KEY,
  register_id TEXT NOT NULL REFERENCES registers (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL UNIQUE,
  created_by_label TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL CHECK (expires_at_ms > created_at_ms),
  used_at_ms INTEGER
) STRICT;
CREATE INDEX register_pairing_codes_register ON register_pairing_codes (register_id);

CREATE TABLE register_devices (
  id TEXT PRIMARY KEY,
  register_id TEXT NOT NULL REFERENCES registers (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  pairing_code_id TEXT,
  paired_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX register_devices_register ON register_devices (register_id);

DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN device_id TEXT REFERENCES register_devices (id) ON DELETE CASCADE;
CREATE INDEX sessions_device ON sessions (device_id);
CREATE INDEX sessions_staff ON sessions (staff_id);

-- Sign-in limits (PINs, console passwords, pairing codes). Each attempt is recorded in its buckets before
-- the secret is checked — a bucket is an identity on a trusted device, an identity on untrusted devices, a
-- device, or a client address — and stays there as a failure unless it proves right. Too many failures in a
-- bucket delay its next attempt, exponentially (never a hard lock). Trust: an identity has signed in from
-- that device or browser before (or a manager approved the device).
DROP TABLE sign_in_attempts;
DROP TABLE user_sign_in_attempts;
CREATE TABLE sign_in_failures (
  id INTEGER PRIMARY KEY,
  bucket TEXT NOT NULL,
  source TEXT NOT NULL,
  attempted_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_bucket ON sign_in_failures (bucket, attempted_at_ms);

CREATE TABLE sign_in_trust (
  identity TEXT NOT NULL,
  source TEXT NOT NULL,
  trusted_at_ms INTEGER NOT NULL,
  PRIMARY KEY (identity, source)
) STRICT;

-- Console sessions end after CONSOLE_IDLE_TIMEOUT_MINUTES without a request (last_seen_at_ms, touched at
-- most once a minute).
ALTER TABLE user_sessions ADD COLUMN last_seen_at_ms INTEGER;
UPDATE user_sessions SET last_seen_at_ms = created_at_ms;
CREATE INDEX user_sessions_user ON user_sessions (user_id);
