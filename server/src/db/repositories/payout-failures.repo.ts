/**
 * Payouts of connected accounts that failed or were canceled (`payout.failed`, `payout.canceled`), as Stripe
 * last showed them, and whether the owner was e-mailed.
 */
import type { Selectable } from 'kysely';
import type { PayoutFailuresTable, Queryable } from '../schema.ts';

export interface PayoutFailure {
  payoutId: string;
  accountId: string;
  status: 'failed' | 'canceled';
  amountMinor: number;
  currency: string;
  failureCode: string | null;
  failureMessage: string | null;
  arrivalDateMs: number;
  automatic: boolean;
  /** When it failed or was canceled (the event's time). */
  happenedAtMs: number;
  recordedAtMs: number;
  notifiedAtMs: number | null;
}

export type NewPayoutFailure = Omit<PayoutFailure, 'recordedAtMs' | 'notifiedAtMs'>;

export interface PayoutFailuresRepo {
  /** Inserts the failure or updates it with Stripe's latest (the first `happenedAtMs` is kept). */
  upsert(failure: NewPayoutFailure, nowMs: number): Promise<PayoutFailure>;
  find(payoutId: string): Promise<PayoutFailure | undefined>;
  /** Newest first; one account, or every account (null). */
  list(accountId: string | null, limit: number): Promise<PayoutFailure[]>;
  /** Failures nobody was told about yet, oldest first. */
  listUnnotified(limit: number): Promise<PayoutFailure[]>;
  /** Claims the owner's e-mail for this failure: true once, for the caller that sends it. */
  claimNotification(payoutId: string, nowMs: number): Promise<boolean>;
  /** Gives the claim back after the e-mail could not be sent (the next run tries again). */
  releaseNotification(payoutId: string): Promise<void>;
}

type Row = Selectable<PayoutFailuresTable>;

function toPayoutFailure(row: Row): PayoutFailure {
  return {
    payoutId: row.payout_id,
    accountId: row.account_id,
    status: row.status,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    arrivalDateMs: Number(row.arrival_date_ms),
    automatic: row.automatic === 1,
    happenedAtMs: Number(row.happened_at_ms),
    recordedAtMs: Number(row.recorded_at_ms),
    notifiedAtMs: row.notified_at_ms === null ? null : Number(row.notified_at_ms),
  };
}

export function createPayoutFailuresRepo(db: Queryable): PayoutFailuresRepo {
  const find = async (payoutId: string) => {
    const row = await db
      .selectFrom('payout_failures')
      .selectAll()
      .where('payout_id', '=', payoutId)
      .executeTakeFirst();
    return row ? toPayoutFailure(row) : undefined;
  };
  return {
    find,
    async upsert(failure, nowMs) {
      const changes = {
        status: failure.status,
        amount_minor: failure.amountMinor,
        currency: failure.currency,
        failure_code: failure.failureCode,
        failure_message: failure.failureMessage,
        arrival_date_ms: failure.arrivalDateMs,
        automatic: failure.automatic ? (1 as const) : (0 as const),
      };
      await db
        .insertInto('payout_failures')
        .values({
          payout_id: failure.payoutId,
          account_id: failure.accountId,
          ...changes,
          happened_at_ms: failure.happenedAtMs,
          recorded_at_ms: nowMs,
          notified_at_ms: null,
        })
        .onConflict((oc) => oc.column('payout_id').doUpdateSet(changes))
        .execute();
      const stored = await find(failure.payoutId);
      if (!stored) throw new Error(`payout failure ${failure.payoutId} was not stored`);
      return stored;
    },
    async list(accountId, limit) {
      let query = db.selectFrom('payout_failures').selectAll();
      if (accountId !== null) query = query.where('account_id', '=', accountId);
      const rows = await query
        .orderBy('happened_at_ms', 'desc')
        .orderBy('payout_id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toPayoutFailure);
    },
    async listUnnotified(limit) {
      const rows = await db
        .selectFrom('payout_failures')
        .selectAll()
        .where('notified_at_ms', 'is', null)
        .orderBy('happened_at_ms')
        .orderBy('payout_id')
        .limit(limit)
        .execute();
      return rows.map(toPayoutFailure);
    },
    async claimNotification(payoutId, nowMs) {
      const result = await db
        .updateTable('payout_failures')
        .set({ notified_at_ms: nowMs })
        .where('payout_id', '=', payoutId)
        .where('notified_at_ms', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async releaseNotification(payoutId) {
      await db
        .updateTable('payout_failures')
        .set({ notified_at_ms: null })
        .where('payout_id', '=', payoutId)
        .execute();
    },
  };
}
