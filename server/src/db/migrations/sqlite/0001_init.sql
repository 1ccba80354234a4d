-- 0001_init: the whole first schema (platform, merchants, counter auth, catalog, checkout).
-- Append-only: never edit this file once merged; add 0002_*.sql instead.
-- Money is integer minor units (`*_minor`); times are Unix epoch milliseconds (`*_ms`).

CREATE TABLE platform_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  stripe_account_id TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) STRICT;

-- One row per Stripe connected account (a merchant).
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  stripe_account_id TEXT NOT NULL UNIQUE,
  business_name TEXT NOT NULL,
  country TEXT NOT NULL CHECK (length(country) = 2),
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = lower(currency)),
  charge_type TEXT NOT NULL CHECK (charge_type IN ('direct', 'destination')),
  capture_method TEXT NOT NULL DEFAULT 'manual' CHECK (capture_method IN ('automatic', 'manual')),
  fee_bps INTEGER NOT NULL DEFAULT 0 CHECK (fee_bps BETWEEN 0 AND 10000),
  fee_fixed_minor INTEGER NOT NULL DEFAULT 0 CHECK (fee_fixed_minor >= 0),
  fee_min_minor INTEGER NOT NULL DEFAULT 0 CHECK (fee_min_minor >= 0),
  fee_max_minor INTEGER CHECK (fee_max_minor IS NULL OR fee_max_minor >= fee_min_minor),
  tipping_enabled INTEGER NOT NULL DEFAULT 0 CHECK (tipping_enabled IN (0, 1)),
  tipping_percentages_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tipping_percentages_json)),
  charges_enabled INTEGER NOT NULL DEFAULT 0 CHECK (charges_enabled IN (0, 1)),
  details_submitted INTEGER NOT NULL DEFAULT 0 CHECK (details_submitted IN (0, 1)),
  payouts_enabled INTEGER NOT NULL DEFAULT 0 CHECK (payouts_enabled IN (0, 1)),
  requirements_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(requirements_json)),
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE locations (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  stripe_location_id TEXT UNIQUE,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  address_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(address_json)),
  tax_rate_bps INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bps BETWEEN 0 AND 10000),
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX locations_account ON locations (account_id);

CREATE TABLE registers (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  location_id TEXT NOT NULL REFERENCES locations (id),
  created_at_ms INTEGER NOT NULL,
  revoked_at_ms INTEGER
) STRICT;
CREATE INDEX registers_location ON registers (location_id);

CREATE TABLE readers (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  location_id TEXT NOT NULL REFERENCES locations (id),
  stripe_reader_id TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  device_type TEXT NOT NULL,
  integration TEXT NOT NULL CHECK (integration IN ('js_sdk', 'server_driven')),
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX readers_location ON readers (location_id);

CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('staff', 'manager')),
  pin_hash TEXT NOT NULL,
  pin_salt TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX staff_account ON staff (account_id);

-- Where each staff member may sign in.
CREATE TABLE staff_locations (
  staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
  PRIMARY KEY (staff_id, location_id)
) STRICT;
CREATE INDEX staff_locations_location ON staff_locations (location_id);

-- Counter sessions: only a SHA-256 of the cookie token is stored.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  register_id TEXT NOT NULL REFERENCES registers (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL CHECK (expires_at_ms > created_at_ms)
) STRICT;
CREATE INDEX sessions_expiry ON sessions (expires_at_ms);

-- Failed PIN entries, for throttling per register + staff member.
CREATE TABLE sign_in_attempts (
  id INTEGER PRIMARY KEY,
  register_id TEXT NOT NULL REFERENCES registers (id) ON DELETE CASCADE,
  staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  attempted_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_attempts_lookup ON sign_in_attempts (register_id, staff_id, attempted_at_ms);

CREATE TABLE products (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  name TEXT NOT NULL,
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  category TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX products_account ON products (account_id, active, sort_order);

-- Checkout ------------------------------------------------------------------------------------

CREATE TABLE sales (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  location_id TEXT NOT NULL REFERENCES locations (id),
  register_id TEXT NOT NULL REFERENCES registers (id),
  staff_id TEXT NOT NULL REFERENCES staff (id),
  client_sale_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN (
    'open', 'awaiting_payment', 'processing', 'requires_capture', 'succeeded',
    'payment_failed', 'canceled', 'refunded', 'partially_refunded'
  )),
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = lower(currency)),
  subtotal_minor INTEGER NOT NULL CHECK (subtotal_minor >= 0),
  tax_minor INTEGER NOT NULL DEFAULT 0 CHECK (tax_minor >= 0),
  tip_minor INTEGER NOT NULL DEFAULT 0 CHECK (tip_minor >= 0),
  total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
  application_fee_minor INTEGER NOT NULL DEFAULT 0 CHECK (application_fee_minor >= 0),
  payment_intent_id TEXT UNIQUE,
  reader_id TEXT REFERENCES readers (id),
  card_brand TEXT,
  card_last4 TEXT,
  read_method TEXT,
  last_error_code TEXT,
  last_decline_code TEXT,
  last_error_message TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  captured_at_ms INTEGER,
  UNIQUE (register_id, client_sale_id)
) STRICT;
CREATE INDEX sales_account_created ON sales (account_id, created_at_ms);
CREATE INDEX sales_register_created ON sales (register_id, created_at_ms);
CREATE INDEX sales_location_created ON sales (location_id, created_at_ms);

CREATE TABLE sale_lines (
  id INTEGER PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  product_id TEXT REFERENCES products (id),
  description TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  UNIQUE (sale_id, position)
) STRICT;

CREATE TABLE payment_attempts (
  id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id) ON DELETE CASCADE,
  attempt_key TEXT NOT NULL UNIQUE,
  payment_intent_id TEXT,
  reader_id TEXT REFERENCES readers (id),
  integration TEXT NOT NULL CHECK (integration IN ('js_sdk', 'server_driven')),
  status TEXT NOT NULL,
  stripe_request_started_at_ms INTEGER,
  outcome TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX payment_attempts_sale ON payment_attempts (sale_id);

CREATE TABLE refunds (
  id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id),
  stripe_refund_id TEXT UNIQUE,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  reason TEXT,
  status TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX refunds_sale ON refunds (sale_id);

-- Webhook deduplication: one row per Stripe event id ever handled.
CREATE TABLE processed_webhook_events (
  event_id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  stripe_account_id TEXT,
  received_at_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE receipts_sent (
  id INTEGER PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  sent_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX receipts_sent_sale ON receipts_sent (sale_id);
