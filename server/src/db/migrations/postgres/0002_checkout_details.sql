-- 0002_checkout_details (PostgreSQL): as sqlite/0002_checkout_details.sql.

ALTER TABLE sales ADD COLUMN description TEXT;
ALTER TABLE sales ADD COLUMN capture_method TEXT NOT NULL DEFAULT 'manual'
  CHECK (capture_method IN ('automatic', 'manual'));
ALTER TABLE sales ADD COLUMN charge_id TEXT;
ALTER TABLE sales ADD COLUMN card_details_json TEXT
  CHECK (card_details_json IS NULL OR card_details_json::jsonb IS NOT NULL);

ALTER TABLE payment_attempts ADD COLUMN error_code TEXT;
ALTER TABLE payment_attempts ADD COLUMN decline_code TEXT;
ALTER TABLE payment_attempts ADD COLUMN error_message TEXT;
ALTER TABLE payment_attempts ADD COLUMN failed_charge_id TEXT;
