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
