-- 0004_merchant_reports (PostgreSQL): as sqlite/0004_merchant_reports.sql.

ALTER TABLE sales ADD COLUMN stripe_fee_minor BIGINT CHECK (stripe_fee_minor IS NULL OR stripe_fee_minor >= 0);
ALTER TABLE sales ADD COLUMN balance_transaction_id TEXT;

ALTER TABLE refunds ADD COLUMN refund_key TEXT;
ALTER TABLE refunds ADD COLUMN application_fee_refunded_minor BIGINT NOT NULL DEFAULT 0
  CHECK (application_fee_refunded_minor >= 0);
ALTER TABLE refunds ADD COLUMN requested_by_staff_id TEXT REFERENCES staff (id);
ALTER TABLE refunds ADD COLUMN requested_by_user_id TEXT;
ALTER TABLE refunds ADD COLUMN requested_by_label TEXT;
ALTER TABLE refunds ADD COLUMN failure_message TEXT;
ALTER TABLE refunds ADD COLUMN updated_at_ms BIGINT;
CREATE UNIQUE INDEX refunds_refund_key ON refunds (refund_key) WHERE refund_key IS NOT NULL;
CREATE INDEX refunds_created ON refunds (created_at_ms);

ALTER TABLE platform_settings ADD COLUMN refund_application_fee SMALLINT NOT NULL DEFAULT 1
  CHECK (refund_application_fee IN (0, 1));

CREATE INDEX sales_account_created_id ON sales (account_id, created_at_ms, id);
CREATE INDEX sales_location_created_id ON sales (location_id, created_at_ms, id);
CREATE INDEX sales_account_status_created ON sales (account_id, status, created_at_ms, id);
CREATE INDEX sales_account_staff_created ON sales (account_id, staff_id, created_at_ms, id);
CREATE INDEX sales_account_last4_created ON sales (account_id, card_last4, created_at_ms, id);
CREATE INDEX sales_account_total_created ON sales (account_id, total_minor, created_at_ms, id);
