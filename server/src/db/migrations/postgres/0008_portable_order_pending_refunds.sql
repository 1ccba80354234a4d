-- 0008_portable_order_pending_refunds (PostgreSQL): as sqlite/0008_portable_order_pending_refunds.sql.

ALTER TABLE payment_attempts ADD COLUMN attempt_number INTEGER;
UPDATE payment_attempts SET attempt_number = numbered.n
FROM (
  SELECT id, row_number() OVER (PARTITION BY sale_id ORDER BY created_at_ms, id) AS n FROM payment_attempts
) AS numbered
WHERE numbered.id = payment_attempts.id;
CREATE UNIQUE INDEX payment_attempts_sale_number ON payment_attempts (sale_id, attempt_number);
DROP INDEX payment_attempts_sale;

CREATE INDEX refunds_pending ON refunds (created_at_ms) WHERE status = 'pending';
