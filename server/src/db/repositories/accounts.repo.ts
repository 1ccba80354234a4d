/**
 * Connected accounts (merchants): charge type, fee plan, tipping, Stripe's capability flags, and whether the
 * platform still has the account (disconnected or rejected, with when and why).
 */
import type { Selectable } from 'kysely';
import type { AccountStanding } from '../../domain/account-standing.ts';
import type { FeePlan } from '../../domain/fees.ts';
import { reusableQuery } from '../reusable-query.ts';
import type { AccountsTable, Queryable } from '../schema.ts';

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
  /** Disconnected from the platform or rejected, when and why (all null while connected). */
  standing: AccountStanding;
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

export interface AccountsRepo {
  insert(account: NewAccount, nowMs: number): Promise<Account>;
  findById(id: string): Promise<Account | undefined>;
  findByStripeAccountId(stripeAccountId: string): Promise<Account | undefined>;
  list(): Promise<Account[]>;
  count(): Promise<number>;
  /** Records Stripe's view of the account (from account.updated or a retrieve); false if unknown. */
  updateStripeStatus(stripeAccountId: string, status: AccountStripeStatus, nowMs: number): Promise<boolean>;
  /**
   * Marks the account disconnected from the platform, unless it already is (the first time is kept; the
   * deauthorization event, the better evidence, replaces an earlier `access_revoked`); false when nothing
   * changed.
   */
  markDisconnected(
    stripeAccountId: string,
    reason: 'deauthorized' | 'access_revoked',
    atMs: number,
    nowMs: number,
  ): Promise<boolean>;
  /**
   * Records Stripe's rejection (`rejected.*`), keeping the time it was first seen while the reason stays the
   * same; `null` clears it (the account was unrejected). False when nothing changed.
   */
  setRejection(stripeAccountId: string, reason: string | null, atMs: number, nowMs: number): Promise<boolean>;
  /**
   * Inside a transaction: holds the account's row until the transaction ends, serializing checks over the
   * account's sales (daily risk limits) across connections (PostgreSQL `FOR UPDATE`; SQLite's one
   * connection runs one transaction at a time already).
   */
  lockForUpdate(id: string): Promise<void>;
}

export type AccountRow = Selectable<AccountsTable>;

/** Read by settlements and webhooks: compiled once (db/reusable-query.ts). */
const accountById = reusableQuery((db: Queryable, id: string) =>
  db.selectFrom('accounts').selectAll().where('id', '=', id),
);

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
    standing: {
      disconnectedAtMs: row.disconnected_at_ms,
      disconnectedReason: row.disconnected_reason,
      rejectedAtMs: row.rejected_at_ms,
      rejectedReason: row.rejected_reason,
    },
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

export function createAccountsRepo(db: Queryable, dialect: 'sqlite' | 'postgres'): AccountsRepo {
  return {
    async insert(account, nowMs) {
      const row = await db
        .insertInto('accounts')
        .values({
          id: account.id,
          stripe_account_id: account.stripeAccountId,
          business_name: account.businessName,
          country: account.country.toUpperCase(),
          currency: account.currency.toLowerCase(),
          charge_type: account.chargeType,
          capture_method: account.captureMethod,
          fee_bps: account.feePlan.bps,
          fee_fixed_minor: account.feePlan.fixedMinor,
          fee_min_minor: account.feePlan.minMinor,
          fee_max_minor: account.feePlan.maxMinor,
          tipping_enabled: account.tipping.enabled ? 1 : 0,
          tipping_percentages_json: JSON.stringify(account.tipping.percentages),
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAccount(row);
    },
    async findById(id) {
      const row = (await accountById(db, id)).rows[0];
      return row ? toAccount(row) : undefined;
    },
    async findByStripeAccountId(stripeAccountId) {
      const row = await db
        .selectFrom('accounts')
        .selectAll()
        .where('stripe_account_id', '=', stripeAccountId)
        .executeTakeFirst();
      return row ? toAccount(row) : undefined;
    },
    async list() {
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .orderBy('created_at_ms')
        .orderBy('id')
        .execute();
      return rows.map(toAccount);
    },
    async count() {
      const row = await db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async lockForUpdate(id) {
      if (dialect === 'postgres') {
        await db.selectFrom('accounts').select('id').where('id', '=', id).forUpdate().execute();
      }
    },
    async markDisconnected(stripeAccountId, reason, atMs, nowMs) {
      const result = await db
        .updateTable('accounts')
        .set({ disconnected_at_ms: atMs, disconnected_reason: reason, updated_at_ms: nowMs })
        .where('stripe_account_id', '=', stripeAccountId)
        .where((eb) =>
          reason === 'deauthorized'
            ? eb.or([eb('disconnected_at_ms', 'is', null), eb('disconnected_reason', '=', 'access_revoked')])
            : eb('disconnected_at_ms', 'is', null),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async setRejection(stripeAccountId, reason, atMs, nowMs) {
      const result = await db
        .updateTable('accounts')
        .set({
          rejected_at_ms: reason === null ? null : atMs,
          rejected_reason: reason,
          updated_at_ms: nowMs,
        })
        .where('stripe_account_id', '=', stripeAccountId)
        .where((eb) =>
          reason === null
            ? eb('rejected_reason', 'is not', null)
            : eb.or([eb('rejected_reason', 'is', null), eb('rejected_reason', '!=', reason)]),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async updateStripeStatus(stripeAccountId, status, nowMs) {
      const result = await db
        .updateTable('accounts')
        .set({
          charges_enabled: status.chargesEnabled ? 1 : 0,
          details_submitted: status.detailsSubmitted ? 1 : 0,
          payouts_enabled: status.payoutsEnabled ? 1 : 0,
          requirements_json: JSON.stringify(status.requirements ?? {}),
          updated_at_ms: nowMs,
        })
        .where('stripe_account_id', '=', stripeAccountId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
