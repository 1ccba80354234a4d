/**
 * What the platform console stores beyond the foundation repositories: per-account extras (risk limits,
 * dashboard type, requested capabilities), fee plan changes with their history, the platform default fee
 * plan, per-location tipping and its Terminal configuration, reader moves/removal, and account-wide
 * listings of registers, readers and staff.
 */
import type { FeePlan } from '../domain/fees.ts';
import type { Db } from './open.ts';
import type { Reader, ReaderIntegration } from './readers.repo.ts';
import type { Register } from './registers.repo.ts';
import type { StaffRole } from './staff.repo.ts';

export interface AccountExtras {
  maxSaleMinor: number | null;
  maxDailyMinor: number | null;
  dashboardType: 'express' | 'full' | 'none';
  capabilities: string[];
}

export interface LocationTippingRecord {
  percentages: number[];
  fixedAmountsMinor: number[];
  smartTipThresholdMinor: number | null;
}

export interface LocationExtras {
  tipping: LocationTippingRecord | null;
  terminalConfigurationId: string | null;
}

export interface StaffListing {
  id: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  locationIds: string[];
}

const NO_FEE: FeePlan = { bps: 0, fixedMinor: 0, minMinor: 0, maxMinor: null };

export function createPlatformConsoleRepo(db: Db) {
  const extras = db.prepare<
    [string],
    {
      max_sale_minor: number | null;
      max_daily_minor: number | null;
      dashboard_type: AccountExtras['dashboardType'];
      capabilities_json: string;
    }
  >('SELECT max_sale_minor, max_daily_minor, dashboard_type, capabilities_json FROM accounts WHERE id = ?');
  const setExtras = db.prepare(
    'UPDATE accounts SET dashboard_type = @dashboardType, capabilities_json = @capabilitiesJson WHERE id = @id',
  );
  const setRisk = db.prepare(
    'UPDATE accounts SET max_sale_minor = @maxSaleMinor, max_daily_minor = @maxDailyMinor, updated_at_ms = @nowMs WHERE id = @id',
  );
  const setFee = db.prepare(
    `UPDATE accounts SET fee_bps = @bps, fee_fixed_minor = @fixedMinor, fee_min_minor = @minMinor,
       fee_max_minor = @maxMinor, updated_at_ms = @nowMs WHERE id = @id`,
  );
  const feeHistory = db.prepare(
    `INSERT INTO fee_plan_history (account_id, fee_bps, fee_fixed_minor, fee_min_minor, fee_max_minor,
       changed_by_user_id, effective_from_ms)
     VALUES (@accountId, @bps, @fixedMinor, @minMinor, @maxMinor, @userId, @nowMs)`,
  );
  const defaultFee = db.prepare<
    [],
    {
      default_fee_bps: number;
      default_fee_fixed_minor: number;
      default_fee_min_minor: number;
      default_fee_max_minor: number | null;
    }
  >(
    'SELECT default_fee_bps, default_fee_fixed_minor, default_fee_min_minor, default_fee_max_minor FROM platform_settings WHERE id = 1',
  );
  const ensurePlatform = db.prepare(
    `INSERT INTO platform_settings (id, name, stripe_account_id, created_at_ms, updated_at_ms)
     VALUES (1, 'Countertop', NULL, @nowMs, @nowMs) ON CONFLICT (id) DO NOTHING`,
  );
  const setDefaultFee = db.prepare(
    `UPDATE platform_settings SET default_fee_bps = @bps, default_fee_fixed_minor = @fixedMinor,
       default_fee_min_minor = @minMinor, default_fee_max_minor = @maxMinor, updated_at_ms = @nowMs WHERE id = 1`,
  );
  const setAccountTipping = db.prepare(
    `UPDATE accounts SET tipping_enabled = @enabled, tipping_percentages_json = @percentagesJson,
       updated_at_ms = @nowMs WHERE id = @id`,
  );

  const locationExtras = db.prepare<
    [string],
    { tipping_json: string | null; terminal_configuration_id: string | null }
  >('SELECT tipping_json, terminal_configuration_id FROM locations WHERE id = ?');
  const setLocationExtras = db.prepare(
    'UPDATE locations SET tipping_json = @tippingJson, terminal_configuration_id = @configurationId WHERE id = @id',
  );

  const readersOfAccount = db.prepare<[string], Record<string, unknown>>(
    'SELECT * FROM readers WHERE account_id = ? AND removed_at_ms IS NULL ORDER BY label, id',
  );
  const moveReader = db.prepare(
    'UPDATE readers SET location_id = @locationId, stripe_reader_id = @stripeReaderId WHERE id = @id',
  );
  const relabelReader = db.prepare('UPDATE readers SET label = ? WHERE id = ?');
  const removeReader = db.prepare(
    "UPDATE readers SET removed_at_ms = ?, stripe_reader_id = stripe_reader_id || ':removed:' || id WHERE id = ?",
  );
  const isRemoved = db.prepare<[string], { removed_at_ms: number | null }>(
    'SELECT removed_at_ms FROM readers WHERE id = ?',
  );

  const registersOfAccount = db.prepare<
    [string],
    {
      id: string;
      code: string;
      name: string;
      location_id: string;
      created_at_ms: number;
      revoked_at_ms: number | null;
    }
  >(
    `SELECT r.* FROM registers r JOIN locations l ON l.id = r.location_id
     WHERE l.account_id = ? ORDER BY r.revoked_at_ms IS NOT NULL, r.code`,
  );

  const staffOfAccount = db.prepare<
    [string],
    { id: string; display_name: string; role: StaffRole; active: number }
  >(
    'SELECT id, display_name, role, active FROM staff WHERE account_id = ? ORDER BY active DESC, display_name, id',
  );
  const staffLocations = db.prepare<[string], { location_id: string }>(
    'SELECT location_id FROM staff_locations WHERE staff_id = ? ORDER BY location_id',
  );
  const setStaffRole = db.prepare('UPDATE staff SET role = ? WHERE id = ?');
  const clearStaffLocations = db.prepare('DELETE FROM staff_locations WHERE staff_id = ?');
  const addStaffLocation = db.prepare(
    'INSERT OR IGNORE INTO staff_locations (staff_id, location_id) VALUES (?, ?)',
  );

  const salesTotalSince = db.prepare<[string, number, number], { total: number | null }>(
    `SELECT sum(total_minor) AS total FROM sales
     WHERE account_id = ? AND created_at_ms >= ? AND created_at_ms < ?
       AND status IN ('awaiting_payment', 'processing', 'requires_capture', 'succeeded', 'partially_refunded')`,
  );
  const salesWithFees = db.prepare<
    [string, number],
    { id: string; application_fee_minor: number; charge_id: string | null; payment_intent_id: string | null }
  >(
    `SELECT id, application_fee_minor, charge_id, payment_intent_id FROM sales
     WHERE account_id = ? AND created_at_ms >= ? AND status IN ('succeeded', 'partially_refunded', 'refunded')`,
  );

  const readerHolder = db.prepare<[string], { code: string }>(
    `SELECT r.code FROM sales s JOIN registers r ON r.id = s.register_id
     WHERE s.reader_id = ? AND s.status IN ('awaiting_payment', 'processing', 'requires_capture')
     ORDER BY s.updated_at_ms DESC LIMIT 1`,
  );

  const toReader = (row: Record<string, unknown>): Reader => ({
    id: String(row.id),
    accountId: String(row.account_id),
    locationId: String(row.location_id),
    stripeReaderId: String(row.stripe_reader_id),
    label: String(row.label),
    deviceType: String(row.device_type),
    integration: row.integration as ReaderIntegration,
    createdAtMs: Number(row.created_at_ms),
  });

  return {
    accountExtras(accountId: string): AccountExtras {
      const row = extras.get(accountId);
      const capabilities: unknown = row ? JSON.parse(row.capabilities_json) : [];
      return {
        maxSaleMinor: row?.max_sale_minor ?? null,
        maxDailyMinor: row?.max_daily_minor ?? null,
        dashboardType: row?.dashboard_type ?? 'express',
        capabilities: Array.isArray(capabilities) ? capabilities.filter((c) => typeof c === 'string') : [],
      };
    },
    setAccountExtras(
      accountId: string,
      value: { dashboardType: AccountExtras['dashboardType']; capabilities: string[] },
    ) {
      setExtras.run({
        id: accountId,
        dashboardType: value.dashboardType,
        capabilitiesJson: JSON.stringify(value.capabilities),
      });
    },
    setRiskLimits(
      accountId: string,
      limits: { maxSaleMinor: number | null; maxDailyMinor: number | null },
      nowMs: number,
    ) {
      setRisk.run({ id: accountId, ...limits, nowMs });
    },
    /** Sets the account's fee plan (new sales only) and records it in the history. */
    setFeePlan(accountId: string, plan: FeePlan, userId: string | null, nowMs: number): void {
      setFee.run({ id: accountId, ...plan, nowMs });
      feeHistory.run({ accountId, ...plan, userId, nowMs });
    },
    defaultFeePlan(): FeePlan {
      const row = defaultFee.get();
      if (!row) return NO_FEE;
      return {
        bps: row.default_fee_bps,
        fixedMinor: row.default_fee_fixed_minor,
        minMinor: row.default_fee_min_minor,
        maxMinor: row.default_fee_max_minor,
      };
    },
    setDefaultFeePlan(plan: FeePlan, userId: string | null, nowMs: number): void {
      ensurePlatform.run({ nowMs });
      setDefaultFee.run({ ...plan, nowMs });
      feeHistory.run({ accountId: null, ...plan, userId, nowMs });
    },
    setAccountTipping(
      accountId: string,
      tipping: { enabled: boolean; percentages: number[] },
      nowMs: number,
    ) {
      setAccountTipping.run({
        id: accountId,
        enabled: tipping.enabled ? 1 : 0,
        percentagesJson: JSON.stringify(tipping.percentages),
        nowMs,
      });
    },

    locationExtras(locationId: string): LocationExtras {
      const row = locationExtras.get(locationId);
      return {
        tipping: row?.tipping_json ? (JSON.parse(row.tipping_json) as LocationTippingRecord) : null,
        terminalConfigurationId: row?.terminal_configuration_id ?? null,
      };
    },
    setLocationExtras(locationId: string, value: LocationExtras): void {
      setLocationExtras.run({
        id: locationId,
        tippingJson: value.tipping ? JSON.stringify(value.tipping) : null,
        configurationId: value.terminalConfigurationId,
      });
    },

    listReadersOfAccount(accountId: string): Reader[] {
      return readersOfAccount.all(accountId).map(toReader);
    },
    isReaderRemoved(readerId: string): boolean {
      return (isRemoved.get(readerId)?.removed_at_ms ?? null) !== null;
    },
    moveReader(readerId: string, locationId: string, stripeReaderId: string): void {
      moveReader.run({ id: readerId, locationId, stripeReaderId });
    },
    relabelReader(readerId: string, label: string): void {
      relabelReader.run(label, readerId);
    },
    /** The code of the register whose unfinished sale is using the reader, or null. */
    registerHoldingReader(readerId: string): string | null {
      return readerHolder.get(readerId)?.code ?? null;
    },
    /** Keeps the row for sales history but frees its Stripe id and hides it from the counter. */
    removeReader(readerId: string, nowMs: number): void {
      removeReader.run(nowMs, readerId);
    },

    listRegistersOfAccount(accountId: string): Register[] {
      return registersOfAccount.all(accountId).map((row) => ({
        id: row.id,
        code: row.code,
        name: row.name,
        locationId: row.location_id,
        createdAtMs: row.created_at_ms,
        revokedAtMs: row.revoked_at_ms,
      }));
    },

    listStaffOfAccount(accountId: string): StaffListing[] {
      return staffOfAccount.all(accountId).map((row) => ({
        id: row.id,
        displayName: row.display_name,
        role: row.role,
        active: row.active === 1,
        locationIds: staffLocations.all(row.id).map((l) => l.location_id),
      }));
    },
    setStaffRole(staffId: string, role: StaffRole): void {
      setStaffRole.run(role, staffId);
    },
    setStaffLocations(staffId: string, locationIds: string[]): void {
      clearStaffLocations.run(staffId);
      for (const locationId of locationIds) addStaffLocation.run(staffId, locationId);
    },

    /** Sum of the account's sale totals being paid or paid, created within [fromMs, toMs). */
    salesTotalOfAccount(accountId: string, fromMs: number, toMs: number): number {
      return salesTotalSince.get(accountId, fromMs, toMs)?.total ?? 0;
    },
    paidSalesSince(accountId: string, sinceMs: number) {
      return salesWithFees.all(accountId, sinceMs).map((row) => ({
        id: row.id,
        applicationFeeMinor: row.application_fee_minor,
        chargeId: row.charge_id,
        paymentIntentId: row.payment_intent_id,
      }));
    },
  };
}

export type PlatformConsoleRepo = ReturnType<typeof createPlatformConsoleRepo>;
