-- 0003_platform_console: web console users (platform admins, merchant owners), their sessions,
-- invitations and sign-in throttling; the audit log; fee plan history and the platform default fee plan;
-- per-account risk limits; reader registration details the console shows.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
  role TEXT NOT NULL CHECK (role IN ('platform_admin', 'merchant_owner')),
  account_id TEXT REFERENCES accounts (id),
  -- scrypt; NULL until an invited owner sets a password.
  password_hash TEXT,
  password_salt TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  invited_at_ms INTEGER,
  activated_at_ms INTEGER,
  created_at_ms INTEGER NOT NULL,
  CHECK ((role = 'merchant_owner') = (account_id IS NOT NULL))
) STRICT;
CREATE INDEX users_account ON users (account_id);

-- Console sessions: only a SHA-256 of the cookie token is stored.
CREATE TABLE user_sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL CHECK (expires_at_ms > created_at_ms)
) STRICT;
CREATE INDEX user_sessions_expiry ON user_sessions (expires_at_ms);

-- Failed console sign-ins, for throttling per email (the email need not belong to a user).
CREATE TABLE user_sign_in_attempts (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  attempted_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX user_sign_in_attempts_lookup ON user_sign_in_attempts (email, attempted_at_ms);

CREATE TABLE user_invitations (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  invited_by_user_id TEXT REFERENCES users (id),
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL CHECK (expires_at_ms > created_at_ms),
  accepted_at_ms INTEGER
) STRICT;
CREATE INDEX user_invitations_user ON user_invitations (user_id);

-- Who changed what, when. actor_user_id is NULL for system actions (webhooks, seed, CLI).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  actor_user_id TEXT REFERENCES users (id),
  actor_label TEXT NOT NULL,
  account_id TEXT REFERENCES accounts (id),
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  details_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details_json)),
  at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_log_account ON audit_log (account_id, at_ms);
CREATE INDEX audit_log_at ON audit_log (at_ms);

-- Every fee plan an account has had (the current one is also on accounts.fee_*); account_id NULL is
-- the platform default. Sales record the fee they were charged, so history is for the audit trail.
CREATE TABLE fee_plan_history (
  id INTEGER PRIMARY KEY,
  account_id TEXT REFERENCES accounts (id),
  fee_bps INTEGER NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
  fee_fixed_minor INTEGER NOT NULL CHECK (fee_fixed_minor >= 0),
  fee_min_minor INTEGER NOT NULL CHECK (fee_min_minor >= 0),
  fee_max_minor INTEGER CHECK (fee_max_minor IS NULL OR fee_max_minor >= fee_min_minor),
  changed_by_user_id TEXT REFERENCES users (id),
  effective_from_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX fee_plan_history_account ON fee_plan_history (account_id, effective_from_ms);

-- The platform default fee plan (new accounts start with it).
ALTER TABLE platform_settings ADD COLUMN default_fee_bps INTEGER NOT NULL DEFAULT 0
  CHECK (default_fee_bps BETWEEN 0 AND 10000);
ALTER TABLE platform_settings ADD COLUMN default_fee_fixed_minor INTEGER NOT NULL DEFAULT 0
  CHECK (default_fee_fixed_minor >= 0);
ALTER TABLE platform_settings ADD COLUMN default_fee_min_minor INTEGER NOT NULL DEFAULT 0
  CHECK (default_fee_min_minor >= 0);
ALTER TABLE platform_settings ADD COLUMN default_fee_max_minor INTEGER
  CHECK (default_fee_max_minor IS NULL OR default_fee_max_minor >= 0);

-- Risk limits per account (NULL = no limit), enforced when a sale is created.
ALTER TABLE accounts ADD COLUMN max_sale_minor INTEGER CHECK (max_sale_minor IS NULL OR max_sale_minor > 0);
ALTER TABLE accounts ADD COLUMN max_daily_minor INTEGER
  CHECK (max_daily_minor IS NULL OR max_daily_minor > 0);
-- Requested capabilities and Stripe's dashboard type ('express' | 'full' | 'none'), for the login link.
ALTER TABLE accounts ADD COLUMN capabilities_json TEXT NOT NULL DEFAULT '{}'
  CHECK (json_valid(capabilities_json));
ALTER TABLE accounts ADD COLUMN dashboard_type TEXT NOT NULL DEFAULT 'express'
  CHECK (dashboard_type IN ('express', 'full', 'none'));

-- A location's tipping setup and the Terminal configuration (tmc_…) that applies it to its readers.
ALTER TABLE locations ADD COLUMN tipping_json TEXT CHECK (tipping_json IS NULL OR json_valid(tipping_json));
ALTER TABLE locations ADD COLUMN terminal_configuration_id TEXT;

-- Readers removed in the console stay for sales history.
ALTER TABLE readers ADD COLUMN removed_at_ms INTEGER;
