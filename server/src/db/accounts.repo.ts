/** Connected accounts (merchants): charge type, fee plan, tipping, and Stripe's capability flags. */
import type { FeePlan } from '../domain/fees.ts';
import type { Db } from './open.ts';

export type ChargeType = 'direct' | 'destination';
export type CaptureMethod = 'automatic' | 'manual';

export interface Account {
  id: string;
  stripeAccountId: string;
  businessName: string;
  country: string;
  /** Lower-case ISO currency. */
  currency: string;
  chargeType: ChargeType;
  captureMethod: CaptureMethod;
  feePlan: FeePlan;
  tipping: { enabled: boolean; percentages: number[] };
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
  payoutsEnabled: boolean;
  /** Stripe's `requirements` object as last seen (opaque JSON). */
  requirements: unknown;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface NewAccount {
  id: string;
  stripeAccountId: string;
  businessName: string;
  country: string;
  currency: string;
  chargeType: ChargeType;
  captureMethod: CaptureMethod;
  feePlan: FeePlan;
  tipping: { enabled: boolean; percentages: number[] };
}

export interface AccountStripeStatus {
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
  payoutsEnabled: boolean;
  requirements: unknown;
}

export interface AccountRow {
  id: string;
  stripe_account_id: string;
  business_name: string;
  country: string;
  currency: string;
  charge_type: ChargeType;
  capture_method: CaptureMethod;
  fee_bps: number;
  fee_fixed_minor: number;
  fee_min_minor: number;
  fee_max_minor: number | null;
  tipping_enabled: number;
  tipping_percentages_json: string;
  charges_enabled: number;
  details_submitted: number;
  payouts_enabled: number;
  requirements_json: string;
  created_at_ms: number;
  updated_at_ms: number;
}

export function toAccount(row: AccountRow): Account {
  const percentages: unknown = JSON.parse(row.tipping_percentages_json);
  return {
    id: row.id,
    stripeAccountId: row.stripe_account_id,
    businessName: row.business_name,
    country: row.country,
    currency: row.currency,
    chargeType: row.charge_type,
    captureMethod: row.capture_method,
    feePlan: {
      bps: row.fee_bps,
      fixedMinor: row.fee_fixed_minor,
      minMinor: row.fee_min_minor,
      maxMinor: row.fee_max_minor,
    },
    tipping: {
      enabled: row.tipping_enabled === 1,
      percentages: Array.isArray(percentages) ? percentages.filter((p) => typeof p === 'number') : [],
    },
    chargesEnabled: row.charges_enabled === 1,
    detailsSubmitted: row.details_submitted === 1,
    payoutsEnabled: row.payouts_enabled === 1,
    requirements: JSON.parse(row.requirements_json),
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

export function createAccountsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO accounts (id, stripe_account_id, business_name, country, currency, charge_type, capture_method,
       fee_bps, fee_fixed_minor, fee_min_minor, fee_max_minor, tipping_enabled, tipping_percentages_json,
       created_at_ms, updated_at_ms)
     VALUES (@id, @stripeAccountId, @businessName, @country, @currency, @chargeType, @captureMethod,
       @feeBps, @feeFixedMinor, @feeMinMinor, @feeMaxMinor, @tippingEnabled, @tippingPercentagesJson,
       @nowMs, @nowMs)`,
  );
  const findById = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE id = ?');
  const findByStripeId = db.prepare<[string], AccountRow>(
    'SELECT * FROM accounts WHERE stripe_account_id = ?',
  );
  const list = db.prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY created_at_ms, id');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM accounts');
  const updateStatus = db.prepare(
    `UPDATE accounts SET charges_enabled = @chargesEnabled, details_submitted = @detailsSubmitted,
       payouts_enabled = @payoutsEnabled, requirements_json = @requirementsJson, updated_at_ms = @nowMs
     WHERE stripe_account_id = @stripeAccountId`,
  );

  return {
    insert(account: NewAccount, nowMs: number): Account {
      insert.run({
        id: account.id,
        stripeAccountId: account.stripeAccountId,
        businessName: account.businessName,
        country: account.country.toUpperCase(),
        currency: account.currency.toLowerCase(),
        chargeType: account.chargeType,
        captureMethod: account.captureMethod,
        feeBps: account.feePlan.bps,
        feeFixedMinor: account.feePlan.fixedMinor,
        feeMinMinor: account.feePlan.minMinor,
        feeMaxMinor: account.feePlan.maxMinor,
        tippingEnabled: account.tipping.enabled ? 1 : 0,
        tippingPercentagesJson: JSON.stringify(account.tipping.percentages),
        nowMs,
      });
      return toAccount(findById.get(account.id)!);
    },
    findById(id: string): Account | undefined {
      const row = findById.get(id);
      return row ? toAccount(row) : undefined;
    },
    findByStripeAccountId(stripeAccountId: string): Account | undefined {
      const row = findByStripeId.get(stripeAccountId);
      return row ? toAccount(row) : undefined;
    },
    list(): Account[] {
      return list.all().map(toAccount);
    },
    count(): number {
      return count.get()?.n ?? 0;
    },
    /** Records Stripe's view of the account (from account.updated or a retrieve); false if unknown. */
    updateStripeStatus(stripeAccountId: string, status: AccountStripeStatus, nowMs: number): boolean {
      const result = updateStatus.run({
        stripeAccountId,
        chargesEnabled: status.chargesEnabled ? 1 : 0,
        detailsSubmitted: status.detailsSubmitted ? 1 : 0,
        payoutsEnabled: status.payoutsEnabled ? 1 : 0,
        requirementsJson: JSON.stringify(status.requirements ?? {}),
        nowMs,
      });
      return result.changes > 0;
    },
  };
}

export type AccountsRepo = ReturnType<typeof createAccountsRepo>;
