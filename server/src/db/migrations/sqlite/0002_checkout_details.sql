-- 0002_checkout_details: what checkout records beyond 0001 — the keyed-sale note, the capture method the
-- sale was created with, the charge and its card-present receipt fields (for printed/emailed receipts),
-- and each payment attempt's failure.

ALTER TABLE sales ADD COLUMN description TEXT;
ALTER TABLE sales ADD COLUMN capture_method TEXT NOT NULL DEFAULT 'manual'
  CHECK (capture_method IN ('automatic', 'manual'));
ALTER TABLE sales ADD COLUMN charge_id TEXT;
-- payment_method_details.card_present (type, brand, funding, receipt{…}) as last retrieved from Stripe.
ALTER TABLE sales ADD COLUMN card_details_json TEXT
  CHECK (card_details_json IS NULL OR json_valid(card_details_json));

ALTER TABLE payment_attempts ADD COLUMN error_code TEXT;
ALTER TABLE payment_attempts ADD COLUMN decline_code TEXT;
ALTER TABLE payment_attempts ADD COLUMN error_message TEXT;
-- The failed charge (`last_payment_error.charge`) a decline was recorded for, to tell a stale error apart.
ALTER TABLE payment_attempts ADD COLUMN failed_charge_id TEXT;
