-- 0010_security (PostgreSQL): as sqlite/0010_security.sql.

ALTER TABLE refunds ADD COLUMN account_id TEXT REFERENCES accounts (id);
ALTER TABLE refunds ADD COLUMN stripe_idempotency_key TEXT;
UPDATE refunds SET
  account_id = (SELECT s.account_id FROM sales s WHERE s.id = refunds.sale_id),
  stripe_idempotency_key = 'refund_' || id;
DROP INDEX refunds_refund_key;
CREATE UNIQUE INDEX refunds_account_refund_key ON refunds (account_id, refund_key) WHERE refund_key IS NOT NULL;

CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at_ms);
