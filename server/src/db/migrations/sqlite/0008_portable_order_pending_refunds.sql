-- 0008_portable_order_pending_refunds: a sale's payment attempts are numbered 1, 2, 3… in the order they were
-- journaled. Until now that order came from SQLite's implicit rowid, which PostgreSQL does not have; an explicit
-- number serves both backends (and reads better in support). Existing attempts are numbered by rowid.

ALTER TABLE payment_attempts ADD COLUMN attempt_number INTEGER;
UPDATE payment_attempts SET attempt_number = (
  SELECT count(*) FROM payment_attempts earlier
  WHERE earlier.sale_id = payment_attempts.sale_id AND earlier.rowid <= payment_attempts.rowid
);
CREATE UNIQUE INDEX payment_attempts_sale_number ON payment_attempts (sale_id, attempt_number);
DROP INDEX payment_attempts_sale;

-- Refunds Stripe has not finished: the sweeper re-reads them (a backstop for missed refund events).
-- Normally a handful of rows, so the sweep never walks the refund journal.
CREATE INDEX refunds_pending ON refunds (created_at_ms) WHERE status = 'pending';
