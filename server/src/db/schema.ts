/**
 * The database schema as the query builder sees it: one interface per table, columns in snake_case with
 * their units (`*_minor` integer minor units, `*_ms` Unix epoch milliseconds). Booleans are stored as
 * 0/1 integers and JSON as text on every backend, so the same queries and row mappings serve SQLite and
 * PostgreSQL. Only `db/` imports this file: services see the repositories' own record types.
 *
 * `Generated<T>`: the database fills it when an insert leaves it out (defaults, integer keys);
 * `GeneratedAlways<T>`: computed by the database, never written.
 *
 * Size: one interface per table, listed once; nothing else lives here.
 */
import type { Generated, GeneratedAlways, Kysely } from 'kysely';
import type {
  CategoriesTable,
  DiscountsTable,
  DrawerMovementsTable,
  DrawerShiftsTable,
  ModifierGroupsTable,
  ModifiersTable,
  ProductLocationsTable,
  ProductModifierGroupsTable,
  ProductVariantsTable,
  RefundLinesTable,
  RolePermissionsTable,
  SaleTendersTable,
  TaxClassColumn,
  VariantLocationsTable,
} from './schema-shop.ts';

export type * from './schema-shop.ts';

export type Flag = 0 | 1;

export interface PlatformSettingsTable {
  id: number;
  name: string;
  stripe_account_id: string | null;
  created_at_ms: number;
  updated_at_ms: number;
  default_fee_bps: Generated<number>;
  default_fee_fixed_minor: Generated<number>;
  default_fee_min_minor: Generated<number>;
  default_fee_max_minor: number | null;
  refund_application_fee: Generated<Flag>;
}

export interface AccountsTable {
  id: string;
  stripe_account_id: string;
  business_name: string;
  country: string;
  currency: string;
  charge_type: 'direct' | 'destination';
  capture_method: Generated<'automatic' | 'manual'>;
  fee_bps: Generated<number>;
  fee_fixed_minor: Generated<number>;
  fee_min_minor: Generated<number>;
  fee_max_minor: number | null;
  tipping_enabled: Generated<Flag>;
  tipping_percentages_json: Generated<string>;
  charges_enabled: Generated<Flag>;
  details_submitted: Generated<Flag>;
  payouts_enabled: Generated<Flag>;
  requirements_json: Generated<string>;
  created_at_ms: number;
  updated_at_ms: number;
  max_sale_minor: number | null;
  max_daily_minor: number | null;
  capabilities_json: Generated<string>;
  dashboard_type: Generated<'express' | 'full' | 'none'>;
  disconnected_at_ms: Generated<number | null>;
  disconnected_reason: Generated<'deauthorized' | 'access_revoked' | null>;
  rejected_at_ms: Generated<number | null>;
  rejected_reason: Generated<string | null>;
}

export interface LocationsTable {
  id: string;
  account_id: string;
  stripe_location_id: string | null;
  name: string;
  time_zone: string;
  address_json: Generated<string>;
  tax_rate_bps: Generated<number>;
  created_at_ms: number;
  tipping_json: string | null;
  terminal_configuration_id: string | null;
  prices_include_tax: Generated<Flag>;
  reduced_tax_rate_bps: number | null;
  tax_name: Generated<string>;
}

export interface RegistersTable {
  id: string;
  code: string;
  name: string;
  location_id: string;
  created_at_ms: number;
  revoked_at_ms: number | null;
  receipts_issued: Generated<number>;
}

export interface ReadersTable {
  id: string;
  account_id: string;
  location_id: string;
  stripe_reader_id: string;
  label: string;
  device_type: string;
  integration: 'js_sdk' | 'server_driven';
  created_at_ms: number;
  removed_at_ms: number | null;
}

export interface StaffTable {
  id: string;
  account_id: string;
  display_name: string;
  role: 'staff' | 'manager';
  pin_hash: string;
  pin_salt: string;
  active: Generated<Flag>;
  created_at_ms: number;
}

export interface StaffLocationsTable {
  staff_id: string;
  location_id: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  staff_id: string;
  register_id: string;
  csrf_token: string;
  created_at_ms: number;
  expires_at_ms: number;
  /** The paired device the session was opened on (null only for sessions from before 0010, all ended). */
  device_id: string | null;
}

export interface RegisterPairingCodesTable {
  id: string;
  register_id: string;
  code_hash: string;
  created_by_label: string;
  created_at_ms: number;
  expires_at_ms: number;
  used_at_ms: number | null;
}

export interface RegisterDevicesTable {
  id: string;
  register_id: string;
  token_hash: string;
  csrf_token: string;
  pairing_code_id: string | null;
  paired_at_ms: number;
}

export interface SignInFailuresTable {
  id: Generated<number>;
  bucket: string;
  source: string;
  attempted_at_ms: number;
}

export interface SignInTrustTable {
  identity: string;
  source: string;
  trusted_at_ms: number;
}

export interface ProductsTable {
  id: string;
  account_id: string;
  name: string;
  price_minor: number;
  active: Generated<Flag>;
  sort_order: Generated<number>;
  created_at_ms: number;
  category_id: string | null;
  sku: string | null;
  color: string | null;
  tax_class: Generated<TaxClassColumn>;
  updated_at_ms: Generated<number>;
}

export type SaleStatusColumn =
  | 'open'
  | 'awaiting_payment'
  | 'processing'
  | 'requires_capture'
  | 'succeeded'
  | 'payment_failed'
  | 'canceled'
  | 'refunded'
  | 'partially_refunded';

export interface SalesTable {
  id: string;
  account_id: string;
  location_id: string;
  register_id: string;
  staff_id: string;
  client_sale_id: string;
  status: SaleStatusColumn;
  currency: string;
  subtotal_minor: number;
  tax_minor: Generated<number>;
  tip_minor: Generated<number>;
  total_minor: number;
  application_fee_minor: Generated<number>;
  payment_intent_id: string | null;
  reader_id: string | null;
  card_brand: string | null;
  card_last4: string | null;
  read_method: string | null;
  last_error_code: string | null;
  last_decline_code: string | null;
  last_error_message: string | null;
  created_at_ms: number;
  updated_at_ms: number;
  captured_at_ms: number | null;
  description: string | null;
  capture_method: Generated<'automatic' | 'manual'>;
  charge_id: string | null;
  card_details_json: string | null;
  stripe_fee_minor: number | null;
  balance_transaction_id: string | null;
  discount_minor: Generated<number>;
  tax_included: Generated<Flag>;
  taxes_json: Generated<string>;
  sale_discount_json: string | null;
  kind: Generated<'sale' | 'card_part'>;
  parent_sale_id: string | null;
  receipt_number: string | null;
}

export interface SaleLinesTable {
  id: Generated<number>;
  sale_id: string;
  position: number;
  product_id: string | null;
  description: string;
  quantity: number;
  unit_price_minor: number;
  amount_minor: number;
  variant_id: string | null;
  variant_name: string | null;
  modifiers_json: Generated<string>;
  line_discount_json: string | null;
  discount_minor: Generated<number>;
  tax_minor: Generated<number>;
  tax_rate_bps: Generated<number>;
}

export interface PaymentAttemptsTable {
  id: string;
  sale_id: string;
  attempt_key: string;
  payment_intent_id: string | null;
  reader_id: string | null;
  integration: 'js_sdk' | 'server_driven';
  status: string;
  stripe_request_started_at_ms: number | null;
  outcome: string | null;
  created_at_ms: number;
  updated_at_ms: number;
  error_code: string | null;
  decline_code: string | null;
  error_message: string | null;
  failed_charge_id: string | null;
  /** 1, 2, 3… per sale, in the order the attempts were journaled. */
  attempt_number: number;
}

export interface RefundsTable {
  id: string;
  sale_id: string;
  stripe_refund_id: string | null;
  amount_minor: number;
  reason: string | null;
  status: string;
  created_at_ms: number;
  refund_key: string | null;
  application_fee_refunded_minor: Generated<number>;
  requested_by_staff_id: string | null;
  requested_by_user_id: string | null;
  requested_by_label: string | null;
  failure_message: string | null;
  updated_at_ms: number | null;
  location_id: string | null;
  account_id: string | null;
  stripe_idempotency_key: string | null;
  method: Generated<'card' | 'cash'>;
  tender_id: string | null;
  tax_minor: Generated<number>;
  approved_by_staff_id: string | null;
  register_id: string | null;
}

export interface ProcessedWebhookEventsTable {
  event_id: string;
  type: string;
  stripe_account_id: string | null;
  received_at_ms: number;
}

export interface ReceiptsSentTable {
  id: Generated<number>;
  sale_id: string;
  email: string;
  sent_at_ms: number;
}

export interface UsersTable {
  id: string;
  email: string;
  role: 'platform_admin' | 'merchant_owner';
  account_id: string | null;
  password_hash: string | null;
  password_salt: string | null;
  active: Generated<Flag>;
  invited_at_ms: number | null;
  activated_at_ms: number | null;
  created_at_ms: number;
}

export interface UserSessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at_ms: number;
  expires_at_ms: number;
  /** The last request of the session (touched at most once a minute): console idle timeout. */
  last_seen_at_ms: number | null;
}

export interface UserInvitationsTable {
  id: string;
  token_hash: string;
  user_id: string;
  invited_by_user_id: string | null;
  created_at_ms: number;
  expires_at_ms: number;
  accepted_at_ms: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_user_id: string | null;
  actor_label: string;
  account_id: string | null;
  action: string;
  target: string;
  details_json: Generated<string>;
  at_ms: number;
}

export interface FeePlanHistoryTable {
  id: Generated<number>;
  account_id: string | null;
  fee_bps: number;
  fee_fixed_minor: number;
  fee_min_minor: number;
  fee_max_minor: number | null;
  changed_by_user_id: string | null;
  effective_from_ms: number;
}

export interface PaymentAnomaliesTable {
  id: string;
  kind: 'duplicate_charge' | 'orphan_charge' | 'capture_deadline';
  account_id: string;
  sale_id: string | null;
  payment_intent_id: string;
  charge_id: string | null;
  amount_minor: number;
  currency: string;
  deadline_s: number | null;
  status: Generated<'open' | 'resolved'>;
  detected_at_ms: number;
  resolved_at_ms: number | null;
}

export interface ApplicationFeeLedgerTable {
  charge_id: string;
  stripe_account_id: string;
  currency: string;
  sale_id: string | null;
  sale_created_at_ms: number | null;
  recorded_fee_minor: number | null;
  recorded_refunded_minor: Generated<number>;
  stripe_fee_id: string | null;
  stripe_amount_minor: number | null;
  stripe_amount_refunded_minor: number | null;
  created_at_ms: number;
  counted: GeneratedAlways<Flag>;
  fee_minor: GeneratedAlways<number>;
  refunded_minor: GeneratedAlways<number>;
}

export interface FeeRollupsDailyTable {
  utc_day: number;
  stripe_account_id: string;
  currency: string;
  fees_count: number;
  collected_minor: number;
  refunded_minor: number;
}

/** 0013: a location's local day of the merchant summary (the accumulator as JSON); see the migration. */
export interface ReportDayRollupsTable {
  location_id: string;
  local_day: string;
  time_zone: string;
  start_ms: number;
  end_ms: number;
  body: string;
}

/** 0014: a location's local calendar month (YYYY-MM) through `through_day`, as the days' bodies. */
export interface ReportMonthRollupsTable {
  location_id: string;
  local_month: string;
  through_day: string;
  time_zone: string;
  start_ms: number;
  end_ms: number;
  body: string;
}

/** 0013: raised by every write that changes a location's report figures. */
export interface ReportRollupEpochsTable {
  location_id: string;
  epoch: Generated<number>;
}

export interface ApplicationFeeSyncTable {
  id: number;
  synced_from_ms: number;
  synced_through_ms: number;
}

export interface SaleLocksTable {
  sale_id: string;
  holder: string;
  expires_at_ms: number;
}

export type DisputeStatusColumn =
  | 'warning_needs_response'
  | 'warning_under_review'
  | 'warning_closed'
  | 'needs_response'
  | 'under_review'
  | 'appeal_needs_response'
  | 'appeal_under_review'
  | 'won'
  | 'lost'
  | 'prevented';

export interface DisputesTable {
  id: string;
  account_id: string;
  sale_id: string | null;
  location_id: string | null;
  carried_by: 'platform' | 'connected_account';
  charge_id: string;
  payment_intent_id: string | null;
  amount_minor: number;
  currency: string;
  reason: string;
  status: DisputeStatusColumn;
  evidence_due_by_ms: number | null;
  has_evidence: Generated<Flag>;
  past_due: Generated<Flag>;
  submission_count: Generated<number>;
  charge_refundable: Generated<Flag>;
  evidence_json: Generated<string>;
  stripe_created_at_ms: number;
  closed_at_ms: number | null;
  recorded_at_ms: number;
  updated_at_ms: number;
}

export interface DisputeBalanceTransactionsTable {
  id: string;
  dispute_id: string;
  reporting_category: string;
  amount_minor: number;
  fee_minor: number;
  net_minor: number;
  currency: string;
  stripe_created_at_ms: number;
}

export interface DisputeNotificationsTable {
  dispute_id: string;
  kind: 'opened' | 'deadline_reminder';
  recipients: string;
  sent_at_ms: number;
}

export interface DisputeEvidenceFilesTable {
  id: string;
  dispute_id: string;
  stripe_file_id: string;
  field: string;
  file_name: string;
  file_type: string;
  size_bytes: number;
  uploaded_by_label: string;
  uploaded_at_ms: number;
}

export interface PayoutFailuresTable {
  payout_id: string;
  account_id: string;
  status: 'failed' | 'canceled';
  amount_minor: number;
  currency: string;
  failure_code: string | null;
  failure_message: string | null;
  arrival_date_ms: number;
  automatic: Flag;
  happened_at_ms: number;
  recorded_at_ms: number;
  notified_at_ms: number | null;
}

export interface MailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at_ms: number;
}

export interface DatabaseSchema {
  platform_settings: PlatformSettingsTable;
  accounts: AccountsTable;
  locations: LocationsTable;
  registers: RegistersTable;
  readers: ReadersTable;
  staff: StaffTable;
  staff_locations: StaffLocationsTable;
  sessions: SessionsTable;
  register_pairing_codes: RegisterPairingCodesTable;
  register_devices: RegisterDevicesTable;
  sign_in_failures: SignInFailuresTable;
  sign_in_trust: SignInTrustTable;
  products: ProductsTable;
  sales: SalesTable;
  sale_lines: SaleLinesTable;
  payment_attempts: PaymentAttemptsTable;
  refunds: RefundsTable;
  processed_webhook_events: ProcessedWebhookEventsTable;
  receipts_sent: ReceiptsSentTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  user_invitations: UserInvitationsTable;
  audit_log: AuditLogTable;
  fee_plan_history: FeePlanHistoryTable;
  payment_anomalies: PaymentAnomaliesTable;
  application_fee_ledger: ApplicationFeeLedgerTable;
  fee_rollups_daily: FeeRollupsDailyTable;
  report_day_rollups: ReportDayRollupsTable;
  report_month_rollups: ReportMonthRollupsTable;
  report_rollup_epochs: ReportRollupEpochsTable;
  application_fee_sync: ApplicationFeeSyncTable;
  sale_locks: SaleLocksTable;
  disputes: DisputesTable;
  dispute_balance_transactions: DisputeBalanceTransactionsTable;
  dispute_notifications: DisputeNotificationsTable;
  dispute_evidence_files: DisputeEvidenceFilesTable;
  payout_failures: PayoutFailuresTable;
  mail_outbox: MailOutboxTable;
  categories: CategoriesTable;
  product_variants: ProductVariantsTable;
  modifier_groups: ModifierGroupsTable;
  modifiers: ModifiersTable;
  product_modifier_groups: ProductModifierGroupsTable;
  product_locations: ProductLocationsTable;
  variant_locations: VariantLocationsTable;
  discounts: DiscountsTable;
  drawer_shifts: DrawerShiftsTable;
  drawer_movements: DrawerMovementsTable;
  sale_tenders: SaleTendersTable;
  refund_lines: RefundLinesTable;
  role_permissions: RolePermissionsTable;
}

/** What repositories query through: the root database or a transaction (same API). */
export type Queryable = Kysely<DatabaseSchema>;
