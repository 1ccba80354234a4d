/**
 * The shop's tables (migration 0010: catalog, discounts, tenders, cash drawer, refund lines, role
 * permissions), as the query builder sees them; `schema.ts` puts them in `DatabaseSchema`. Same conventions:
 * `*_minor` integer minor units, `*_ms` epoch milliseconds, flags 0/1, JSON as text.
 */
import type { Generated } from 'kysely';
import type { Flag } from './schema.ts';

export type TaxClassColumn = 'standard' | 'reduced' | 'exempt';

export interface CategoriesTable {
  id: string;
  account_id: string;
  name: string;
  color: string | null;
  sort_order: Generated<number>;
  active: Generated<Flag>;
  created_at_ms: number;
  updated_at_ms: number;
}

export interface ProductVariantsTable {
  id: string;
  product_id: string;
  name: string;
  price_minor: number;
  sku: string | null;
  sort_order: Generated<number>;
  active: Generated<Flag>;
  created_at_ms: number;
  updated_at_ms: number;
}

export interface ModifierGroupsTable {
  id: string;
  account_id: string;
  name: string;
  min_selected: Generated<number>;
  max_selected: number | null;
  sort_order: Generated<number>;
  active: Generated<Flag>;
  created_at_ms: number;
  updated_at_ms: number;
}

export interface ModifiersTable {
  id: string;
  group_id: string;
  name: string;
  price_delta_minor: Generated<number>;
  sort_order: Generated<number>;
  active: Generated<Flag>;
  created_at_ms: number;
  updated_at_ms: number;
}

export interface ProductModifierGroupsTable {
  product_id: string;
  group_id: string;
  sort_order: Generated<number>;
}

export interface ProductLocationsTable {
  product_id: string;
  location_id: string;
  available: Generated<Flag>;
  price_minor: number | null;
}

export interface VariantLocationsTable {
  variant_id: string;
  location_id: string;
  available: Generated<Flag>;
  price_minor: number | null;
}

export interface DiscountsTable {
  id: string;
  account_id: string;
  name: string;
  kind: 'percentage' | 'fixed';
  percent_bps: number | null;
  amount_minor: number | null;
  applies_to: 'item' | 'sale';
  sort_order: Generated<number>;
  active: Generated<Flag>;
  created_at_ms: number;
  updated_at_ms: number;
}

export interface DrawerShiftsTable {
  id: string;
  account_id: string;
  location_id: string;
  register_id: string;
  opened_by_staff_id: string;
  opened_at_ms: number;
  opening_float_minor: number;
  closed_by_staff_id: string | null;
  closed_at_ms: number | null;
  counted_minor: number | null;
  expected_minor: number | null;
  over_short_minor: number | null;
  close_note: string | null;
}

export type DrawerMovementKind = 'cash_sale' | 'cash_refund' | 'cash_void' | 'paid_in' | 'paid_out';

export interface DrawerMovementsTable {
  id: string;
  shift_id: string;
  movement_key: string | null;
  kind: DrawerMovementKind;
  amount_minor: number;
  reason: string | null;
  staff_id: string;
  sale_id: string | null;
  created_at_ms: number;
}

export interface SaleTendersTable {
  id: string;
  sale_id: string;
  tender_key: string;
  position: number;
  method: 'cash' | 'card';
  amount_minor: number;
  status: 'pending' | 'paid' | 'canceled' | 'voided';
  tendered_minor: number | null;
  change_minor: number | null;
  shift_id: string | null;
  card_sale_id: string | null;
  staff_id: string;
  created_at_ms: number;
  updated_at_ms: number;
}

export interface RefundLinesTable {
  refund_id: string;
  sale_id: string;
  position: number;
  quantity: number;
  amount_minor: number;
  tax_minor: number;
}

export interface RolePermissionsTable {
  account_id: string;
  role: 'staff' | 'manager';
  permissions_json: string;
  updated_at_ms: number;
}
