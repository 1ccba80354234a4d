-- 0009_sale_locks (PostgreSQL): as sqlite/0009_sale_locks.sql.

CREATE TABLE sale_locks (
  sale_id TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at_ms BIGINT NOT NULL
);
