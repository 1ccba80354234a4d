-- 0007_register_in_flight (PostgreSQL): as sqlite/0007_register_in_flight.sql.
CREATE INDEX sales_register_in_flight ON sales (register_id, created_at_ms, id)
  WHERE status IN ('open', 'awaiting_payment', 'processing', 'requires_capture', 'payment_failed');
