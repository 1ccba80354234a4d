-- 0009_sale_locks: the sale lock held in the database, so that server processes sharing one database never
-- work on the same sale at once (two payment starts, two captures). A lease: the holder renews it while it
-- works and deletes it when done; a crashed holder's lease simply expires.

CREATE TABLE sale_locks (
  sale_id TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL
) STRICT;
