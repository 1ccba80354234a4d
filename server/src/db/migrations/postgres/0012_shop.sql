-- 0010_shop (PostgreSQL): as sqlite/0010_shop.sql, in PostgreSQL's types.
--
-- 0010_shop: what a merchant needs to run a shop (docs/SHOP.md).
--
-- - Catalog: categories; items (products) gain a category, an optional SKU, a tile colour and a tax class;
--   variants with their own price; modifier groups (min/max choices) of modifiers with price deltas;
--   per-location availability and price overrides of items and variants. Items, variants and modifiers are
--   deactivated, never deleted: sale lines point at them.
-- - Taxes: a location's prices include tax or not, its standard rate (tax_rate_bps, as before), an optional
--   reduced rate and the tax's name on receipts.
-- - Discounts the merchant defines (percentage or fixed, on an item or the whole sale).
-- - Sales: discounts, the tax included or added and its rates, a receipt number per register; lines carry
--   the variant, the modifiers, their discount and tax. A sale paid by tenders (cash, card) keeps them in
--   sale_tenders; each card tender is paid through a `card_part` row of `sales` (parent_sale_id = the sale),
--   so the card checkout, webhooks, recovery, refunds, the fee ledger and reconciliation run on it unchanged.
-- - Cash drawer shifts per register (float, movements, count, over/short).
-- - Refunds: to which tender, cash or card, the tax they return, the items they return (refund_lines), and
--   who approved them.
-- - What each staff role may do (role_permissions).

-- Catalog ---------------------------------------------------------------------------------------------

CREATE TABLE categories (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  color TEXT CHECK (color IS NULL OR length(color) = 7),
  sort_order INTEGER NOT NULL DEFAULT 0,
  active SMALLINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE UNIQUE INDEX categories_account_name ON categories (account_id, name);

ALTER TABLE products ADD COLUMN category_id TEXT REFERENCES categories (id);
ALTER TABLE products ADD COLUMN sku TEXT;
ALTER TABLE products ADD COLUMN color TEXT CHECK (color IS NULL OR length(color) = 7);
ALTER TABLE products ADD COLUMN tax_class TEXT NOT NULL DEFAULT 'standard'
  CHECK (tax_class IN ('standard', 'reduced', 'exempt'));
ALTER TABLE products ADD COLUMN updated_at_ms BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX products_account_sku ON products (account_id, sku) WHERE sku IS NOT NULL;

-- The free-text categories of 0001 become category rows (one per account and name), in their items' order.
INSERT INTO categories (id, account_id, name, sort_order, active, created_at_ms, updated_at_ms)
SELECT 'cat_' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 20), account_id, category, min(sort_order), 1, min(created_at_ms),
  min(created_at_ms)
FROM products WHERE category IS NOT NULL AND length(category) BETWEEN 1 AND 60
GROUP BY account_id, category;
UPDATE products SET
  category_id = (SELECT c.id FROM categories c WHERE c.account_id = products.account_id AND c.name = products.category),
  updated_at_ms = created_at_ms;
ALTER TABLE products DROP COLUMN category;

CREATE TABLE product_variants (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  price_minor BIGINT NOT NULL CHECK (price_minor >= 0),
  sku TEXT,
  sort_order INTEGER NOT NULL DEFAULT 0,
  active SMALLINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX product_variants_product ON product_variants (product_id, sort_order);

CREATE TABLE modifier_groups (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  -- Required when min_selected > 0; max_selected NULL: any number.
  min_selected INTEGER NOT NULL DEFAULT 0 CHECK (min_selected >= 0),
  max_selected INTEGER CHECK (max_selected IS NULL OR (max_selected >= 1 AND max_selected >= min_selected)),
  sort_order INTEGER NOT NULL DEFAULT 0,
  active SMALLINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX modifier_groups_account ON modifier_groups (account_id, sort_order);

CREATE TABLE modifiers (
  id TEXT PRIMARY KEY,
  group_id TEXT NOT NULL REFERENCES modifier_groups (id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  -- Added to the item's unit price; may be negative ("no syrup").
  price_delta_minor BIGINT NOT NULL DEFAULT 0,
  sort_order INTEGER NOT NULL DEFAULT 0,
  active SMALLINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX modifiers_group ON modifiers (group_id, sort_order);

CREATE TABLE product_modifier_groups (
  product_id TEXT NOT NULL REFERENCES products (id),
  group_id TEXT NOT NULL REFERENCES modifier_groups (id),
  sort_order INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, group_id)
);
CREATE INDEX product_modifier_groups_group ON product_modifier_groups (group_id);

-- No row: the item (variant) is available at the location at its catalog price.
CREATE TABLE product_locations (
  product_id TEXT NOT NULL REFERENCES products (id),
  location_id TEXT NOT NULL REFERENCES locations (id),
  available SMALLINT NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
  price_minor BIGINT CHECK (price_minor IS NULL OR price_minor >= 0),
  PRIMARY KEY (product_id, location_id)
);
CREATE INDEX product_locations_location ON product_locations (location_id);

CREATE TABLE variant_locations (
  variant_id TEXT NOT NULL REFERENCES product_variants (id),
  location_id TEXT NOT NULL REFERENCES locations (id),
  available SMALLINT NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
  price_minor BIGINT CHECK (price_minor IS NULL OR price_minor >= 0),
  PRIMARY KEY (variant_id, location_id)
);
CREATE INDEX variant_locations_location ON variant_locations (location_id);

-- Taxes -----------------------------------------------------------------------------------------------

ALTER TABLE locations ADD COLUMN prices_include_tax SMALLINT NOT NULL DEFAULT 0 CHECK (prices_include_tax IN (0, 1));
ALTER TABLE locations ADD COLUMN reduced_tax_rate_bps INTEGER
  CHECK (reduced_tax_rate_bps IS NULL OR reduced_tax_rate_bps BETWEEN 0 AND 10000);
ALTER TABLE locations ADD COLUMN tax_name TEXT NOT NULL DEFAULT 'Tax' CHECK (length(tax_name) BETWEEN 1 AND 40);

-- Discounts -------------------------------------------------------------------------------------------

CREATE TABLE discounts (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  kind TEXT NOT NULL CHECK (kind IN ('percentage', 'fixed')),
  percent_bps INTEGER CHECK (percent_bps IS NULL OR percent_bps BETWEEN 1 AND 10000),
  amount_minor BIGINT CHECK (amount_minor IS NULL OR amount_minor > 0),
  applies_to TEXT NOT NULL CHECK (applies_to IN ('item', 'sale')),
  sort_order INTEGER NOT NULL DEFAULT 0,
  active SMALLINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  CHECK ((kind = 'percentage') = (percent_bps IS NOT NULL)),
  CHECK ((kind = 'fixed') = (amount_minor IS NOT NULL))
);
CREATE INDEX discounts_account ON discounts (account_id, sort_order);

-- Sales and their lines --------------------------------------------------------------------------------

ALTER TABLE sales ADD COLUMN discount_minor BIGINT NOT NULL DEFAULT 0 CHECK (discount_minor >= 0);
ALTER TABLE sales ADD COLUMN tax_included SMALLINT NOT NULL DEFAULT 0 CHECK (tax_included IN (0, 1));
-- [{ taxClass, rateBps, baseMinor, taxMinor }]: one entry per rate, as priced.
ALTER TABLE sales ADD COLUMN taxes_json TEXT NOT NULL DEFAULT '[]' CHECK (taxes_json::jsonb IS NOT NULL);
-- The discount on the whole sale, as applied: { discountId, name, kind, percentBps, amountMinor, ... }.
ALTER TABLE sales ADD COLUMN sale_discount_json TEXT CHECK (sale_discount_json IS NULL OR sale_discount_json::jsonb IS NOT NULL);
-- 'sale': what the customer buys; 'card_part': one card tender of a sale paid by tenders (no lines).
ALTER TABLE sales ADD COLUMN kind TEXT NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'card_part'));
ALTER TABLE sales ADD COLUMN parent_sale_id TEXT REFERENCES sales (id);
ALTER TABLE sales ADD CONSTRAINT sales_card_part_parent CHECK ((kind = 'card_part') = (parent_sale_id IS NOT NULL));
-- "<register code>-<n>", n counting the register's sales from 1 (sales before 0010 have none).
ALTER TABLE sales ADD COLUMN receipt_number TEXT;
CREATE UNIQUE INDEX sales_receipt_number ON sales (account_id, receipt_number) WHERE receipt_number IS NOT NULL;
CREATE INDEX sales_parent ON sales (parent_sale_id) WHERE parent_sale_id IS NOT NULL;
ALTER TABLE registers ADD COLUMN receipts_issued INTEGER NOT NULL DEFAULT 0 CHECK (receipts_issued >= 0);

ALTER TABLE sale_lines ADD COLUMN variant_id TEXT REFERENCES product_variants (id);
ALTER TABLE sale_lines ADD COLUMN variant_name TEXT;
-- [{ modifierId, name, priceDeltaMinor }], as sold.
ALTER TABLE sale_lines ADD COLUMN modifiers_json TEXT NOT NULL DEFAULT '[]' CHECK (modifiers_json::jsonb IS NOT NULL);
-- The line's own discount, as applied (NULL: none).
ALTER TABLE sale_lines ADD COLUMN line_discount_json TEXT CHECK (line_discount_json IS NULL OR line_discount_json::jsonb IS NOT NULL);
-- Its own discount plus its share of the sale discount; its share of its rate's tax; that rate.
ALTER TABLE sale_lines ADD COLUMN discount_minor BIGINT NOT NULL DEFAULT 0 CHECK (discount_minor >= 0);
ALTER TABLE sale_lines ADD COLUMN tax_minor BIGINT NOT NULL DEFAULT 0 CHECK (tax_minor >= 0);
ALTER TABLE sale_lines ADD COLUMN tax_rate_bps INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bps BETWEEN 0 AND 10000);

-- Cash drawer shifts -----------------------------------------------------------------------------------

CREATE TABLE drawer_shifts (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  location_id TEXT NOT NULL REFERENCES locations (id),
  register_id TEXT NOT NULL REFERENCES registers (id),
  opened_by_staff_id TEXT NOT NULL REFERENCES staff (id),
  opened_at_ms BIGINT NOT NULL,
  opening_float_minor BIGINT NOT NULL CHECK (opening_float_minor >= 0),
  closed_by_staff_id TEXT REFERENCES staff (id),
  closed_at_ms BIGINT,
  counted_minor BIGINT CHECK (counted_minor IS NULL OR counted_minor >= 0),
  expected_minor BIGINT,
  -- counted − expected: positive over, negative short.
  over_short_minor BIGINT,
  close_note TEXT,
  CHECK ((closed_at_ms IS NULL) = (counted_minor IS NULL)),
  CHECK ((closed_at_ms IS NULL) = (over_short_minor IS NULL))
);
-- At most one open shift per register.
CREATE UNIQUE INDEX drawer_shifts_open ON drawer_shifts (register_id) WHERE closed_at_ms IS NULL;
CREATE INDEX drawer_shifts_register ON drawer_shifts (register_id, opened_at_ms);
CREATE INDEX drawer_shifts_location ON drawer_shifts (location_id, opened_at_ms);

-- Money into (+) or out of (−) the drawer during a shift, besides its opening float.
CREATE TABLE drawer_movements (
  id TEXT PRIMARY KEY,
  shift_id TEXT NOT NULL REFERENCES drawer_shifts (id),
  -- The client's key for paid in/out (a retry records it once); NULL for movements of sales and refunds.
  movement_key TEXT UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('cash_sale', 'cash_refund', 'cash_void', 'paid_in', 'paid_out')),
  amount_minor BIGINT NOT NULL CHECK (amount_minor <> 0),
  reason TEXT,
  staff_id TEXT NOT NULL REFERENCES staff (id),
  sale_id TEXT REFERENCES sales (id),
  created_at_ms BIGINT NOT NULL,
  CHECK ((kind IN ('cash_sale', 'paid_in')) = (amount_minor > 0))
);
CREATE INDEX drawer_movements_shift ON drawer_movements (shift_id, created_at_ms);

-- Tenders ---------------------------------------------------------------------------------------------

CREATE TABLE sale_tenders (
  id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales (id),
  tender_key TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL CHECK (position >= 0),
  method TEXT NOT NULL CHECK (method IN ('cash', 'card')),
  -- The part of the sale's amount due this tender pays (a card tender's tip is on its card part).
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  -- cash: paid at once (voided if the sale is canceled); card: pending until its card part is paid.
  status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'canceled', 'voided')),
  tendered_minor BIGINT CHECK (tendered_minor IS NULL OR tendered_minor >= amount_minor),
  change_minor BIGINT CHECK (change_minor IS NULL OR change_minor >= 0),
  shift_id TEXT REFERENCES drawer_shifts (id),
  card_sale_id TEXT UNIQUE REFERENCES sales (id),
  staff_id TEXT NOT NULL REFERENCES staff (id),
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  UNIQUE (sale_id, position),
  CHECK ((method = 'cash') = (tendered_minor IS NOT NULL AND change_minor IS NOT NULL AND shift_id IS NOT NULL)),
  CHECK ((method = 'card') = (card_sale_id IS NOT NULL))
);

-- Refunds ---------------------------------------------------------------------------------------------

ALTER TABLE refunds ADD COLUMN method TEXT NOT NULL DEFAULT 'card' CHECK (method IN ('card', 'cash'));
ALTER TABLE refunds ADD COLUMN tender_id TEXT REFERENCES sale_tenders (id);
-- The tax this refund returns (refunds before 0010: 0).
ALTER TABLE refunds ADD COLUMN tax_minor BIGINT NOT NULL DEFAULT 0 CHECK (tax_minor >= 0);
ALTER TABLE refunds ADD COLUMN approved_by_staff_id TEXT REFERENCES staff (id);
-- The register a counter refund was made at (its Z report counts it); NULL from the merchant's screens.
ALTER TABLE refunds ADD COLUMN register_id TEXT REFERENCES registers (id);
CREATE INDEX refunds_tender ON refunds (tender_id) WHERE tender_id IS NOT NULL;

-- The items a refund returns: `position` is the sale line's (of the sale, not of a card part).
CREATE TABLE refund_lines (
  refund_id TEXT NOT NULL REFERENCES refunds (id),
  sale_id TEXT NOT NULL REFERENCES sales (id),
  position INTEGER NOT NULL CHECK (position >= 0),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
  tax_minor BIGINT NOT NULL CHECK (tax_minor >= 0),
  PRIMARY KEY (refund_id, position)
);
CREATE INDEX refund_lines_sale ON refund_lines (sale_id, position);

-- Roles -----------------------------------------------------------------------------------------------

-- What each built-in role may do at an account (no row: the defaults in docs/SHOP.md).
CREATE TABLE role_permissions (
  account_id TEXT NOT NULL REFERENCES accounts (id),
  role TEXT NOT NULL CHECK (role IN ('staff', 'manager')),
  permissions_json TEXT NOT NULL CHECK (permissions_json::jsonb IS NOT NULL),
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (account_id, role)
);
