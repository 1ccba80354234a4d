-- The counter asks for its register's unfinished sale on every load (resume after a reload). Without an
-- index that lookup walked the register's whole sales history (24 ms at 100k sales). A partial index holds
-- only the unfinished sales, so it stays tiny and costs nothing to keep for finished ones. Its WHERE must
-- match IN_FLIGHT_STATUSES in sales.repo.ts exactly for SQLite to use it.
CREATE INDEX sales_register_in_flight ON sales (register_id, created_at_ms, id)
  WHERE status IN ('open', 'awaiting_payment', 'processing', 'requires_capture', 'payment_failed');
