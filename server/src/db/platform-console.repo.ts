/**
 * What the platform console stores beyond the foundation repositories: per-account extras (risk limits,
 * dashboard type, requested capabilities), fee plan changes with their history, the platform default fee
 * plan, per-location tipping and its Terminal configuration, reader moves/removal, and account-wide
 * listings of registers, readers and staff, and the application fee ledger behind fees earned (0006): its
 * daily rollups, the first partial day from ledger rows, mismatched sales, and the upsert of Stripe's fee
 * objects with the span the sync has covered.
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

/** Σ of counted fees of one UTC day × Stripe account × currency. */
export interface FeeDayTotals {
  utcDay: number;
  stripeAccountId: string;
  currency: string;
  feesCount: number;
  collectedMinor: number;
  refundedMinor: number;
}

/** Stripe's application fee object, as the ledger stores it. */
export interface StripeFeeRecord {
  id: string;
  chargeId: string | null;
  /** A destination charge's platform charge (the one our sale records); null for direct charges. */
  originatingChargeId?: string | null;
  stripeAccountId: string;
  currency: string;
  amountMinor: number;
  amountRefundedMinor: number;
  createdAtMs: number;
}

export interface FeeMismatch {
  saleId: string;
  recordedFeeMinor: number;
  stripeFeeMinor: number | null;
}

export const DAY_MS = 86_400_000;

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
  interface FeeDayRow {
    utc_day: number;
    stripe_account_id: string;
    currency: string;
    fees_count: number;
    collected_minor: number;
    refunded_minor: number;
  }
  // `@account IS NULL OR …` would defeat the indexes, so the platform-wide and per-account reads are
  // separate statements (each uses its own index; see bench/reports.bench.ts for the plans).
  const rollupsFromDay = db.prepare<[number], FeeDayRow>(
    `SELECT utc_day, stripe_account_id, currency, fees_count, collected_minor, refunded_minor
     FROM fee_rollups_daily WHERE utc_day >= ? AND fees_count <> 0`,
  );
  const rollupsOfAccountFromDay = db.prepare<[string, number], FeeDayRow>(
    `SELECT utc_day, stripe_account_id, currency, fees_count, collected_minor, refunded_minor
     FROM fee_rollups_daily INDEXED BY fee_rollups_account_day
     WHERE stripe_account_id = ? AND utc_day >= ? AND fees_count <> 0`,
  );
  const ledgerWindow = db.prepare<[number, number], FeeDayRow>(
    `SELECT created_at_ms / 86400000 AS utc_day, stripe_account_id, currency, count(*) AS fees_count,
       sum(fee_minor) AS collected_minor, sum(refunded_minor) AS refunded_minor
     FROM application_fee_ledger WHERE created_at_ms >= ? AND created_at_ms < ? AND counted = 1
     GROUP BY 1, 2, 3`,
  );
  const mismatchesSince = db.prepare<
    [number],
    {
      sale_id: string;
      recorded_fee_minor: number;
      stripe_amount_minor: number | null;
      stripe_account_id: string;
    }
  >(
    `SELECT l.sale_id, l.recorded_fee_minor, l.stripe_amount_minor, l.stripe_account_id
     FROM application_fee_ledger l INDEXED BY application_fee_ledger_mismatch
     WHERE l.sale_id IS NOT NULL AND coalesce(l.stripe_amount_minor, 0) <> l.recorded_fee_minor
       AND l.sale_created_at_ms >= ?
     ORDER BY l.sale_created_at_ms, l.sale_id`,
  );
  const upsertStripeFee = db.prepare(
    `INSERT INTO application_fee_ledger (charge_id, stripe_account_id, currency, stripe_fee_id, stripe_amount_minor,
       stripe_amount_refunded_minor, created_at_ms)
     VALUES (@key, @stripeAccountId, @currency, @id, @amountMinor, @amountRefundedMinor, @createdAtMs)
     ON CONFLICT (charge_id) DO UPDATE SET stripe_fee_id = excluded.stripe_fee_id,
       stripe_amount_minor = excluded.stripe_amount_minor,
       stripe_amount_refunded_minor = excluded.stripe_amount_refunded_minor,
       created_at_ms = excluded.created_at_ms`,
  );
  const feeSyncState = db.prepare<[], { synced_from_ms: number; synced_through_ms: number }>(
    'SELECT synced_from_ms, synced_through_ms FROM application_fee_sync WHERE id = 1',
  );
  const setFeeSyncState = db.prepare(
    `INSERT INTO application_fee_sync (id, synced_from_ms, synced_through_ms) VALUES (1, @fromMs, @throughMs)
     ON CONFLICT (id) DO UPDATE SET synced_from_ms = excluded.synced_from_ms,
       synced_through_ms = excluded.synced_through_ms`,
  );
  const toFeeDay = (row: FeeDayRow): FeeDayTotals => ({
    utcDay: row.utc_day,
    stripeAccountId: row.stripe_account_id,
    currency: row.currency,
    feesCount: row.fees_count,
    collectedMinor: row.collected_minor,
    refundedMinor: row.refunded_minor,
  });

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
    // Application fee ledger (0006) ---------------------------------------------------------------

    /**
     * Counted fees created at or after `sinceMs` (optionally of one Stripe account), per UTC day: whole
     * days from the daily rollups, a first partial day from the ledger rows themselves.
     */
    feeTotalsSince(sinceMs: number, stripeAccountId: string | null): FeeDayTotals[] {
      const firstWholeDay = Math.ceil(sinceMs / DAY_MS);
      const rows: FeeDayRow[] = [];
      if (sinceMs < firstWholeDay * DAY_MS) {
        for (const row of ledgerWindow.all(sinceMs, firstWholeDay * DAY_MS)) {
          if (stripeAccountId === null || row.stripe_account_id === stripeAccountId) rows.push(row);
        }
      }
      const whole =
        stripeAccountId === null
          ? rollupsFromDay.all(firstWholeDay)
          : rollupsOfAccountFromDay.all(stripeAccountId, firstWholeDay);
      for (const row of whole) rows.push(row);
      return rows.map(toFeeDay);
    },

    /** Our captured sales created since `sinceMs` whose recorded fee differs from Stripe's (null: none seen). */
    feeMismatchesSince(sinceMs: number, stripeAccountId: string | null): FeeMismatch[] {
      return mismatchesSince
        .all(sinceMs)
        .filter((row) => stripeAccountId === null || row.stripe_account_id === stripeAccountId)
        .map((row) => ({
          saleId: row.sale_id,
          recordedFeeMinor: row.recorded_fee_minor,
          stripeFeeMinor: row.stripe_amount_minor,
        }));
    },

    /** The span of Stripe's fee objects (by `created`) the ledger has seen, or null before the first sync. */
    feeSyncState(): { fromMs: number; throughMs: number } | null {
      const row = feeSyncState.get();
      return row ? { fromMs: row.synced_from_ms, throughMs: row.synced_through_ms } : null;
    },

    /** Upserts Stripe's fee objects into the ledger and records the span they cover, in one transaction. */
    recordStripeFees(fees: readonly StripeFeeRecord[], span: { fromMs: number; throughMs: number }): void {
      db.transaction(() => {
        for (const fee of fees) {
          upsertStripeFee.run({
            key: fee.originatingChargeId ?? fee.chargeId ?? `fee:${fee.id}`,
            id: fee.id,
            stripeAccountId: fee.stripeAccountId,
            currency: fee.currency,
            amountMinor: fee.amountMinor,
            amountRefundedMinor: fee.amountRefundedMinor,
            createdAtMs: fee.createdAtMs,
          });
        }
        setFeeSyncState.run(span);
      })();
    },
  };
}

export type PlatformConsoleRepo = ReturnType<typeof createPlatformConsoleRepo>;
