/**
 * Recovery's reads and writes: the unfinished sales the sweeper settles (with their journaled attempts),
 * and the payment anomalies it records (duplicate charges to refund, orphan charges, authorizations near
 * their capture deadline). Prepared statements only.
 */
import type { Selectable } from 'kysely';
import type { PaymentAnomaliesTable, Queryable } from '../schema.ts';
import { atomically } from './atomically.ts';

export type AnomalyKind = 'duplicate_charge' | 'orphan_charge' | 'capture_deadline';

export interface PaymentAnomaly {
  id: string;
  kind: AnomalyKind;
  accountId: string;
  saleId: string | null;
  paymentIntentId: string;
  chargeId: string | null;
  amountMinor: number;
  currency: string;
  deadlineS: number | null;
  status: 'open' | 'resolved';
  detectedAtMs: number;
  resolvedAtMs: number | null;
}

export type NewPaymentAnomaly = Omit<PaymentAnomaly, 'status' | 'detectedAtMs' | 'resolvedAtMs'>;

export interface RecoveryRepo {
  /** Unfinished sales last touched at or before `updatedBeforeMs` (live checkouts are left alone). */
  listUnfinishedSales(updatedBeforeMs: number): Promise<UnfinishedSale[]>;
  /**
   * Records the PaymentIntent Stripe holds for a sale whose creation we never heard back about; false
   * when the sale already has one (a live checkout got there first).
   */
  linkPaymentIntent(saleId: string, paymentIntentId: string, nowMs: number): Promise<boolean>;
  /**
   * Cancels a sale that never got a PaymentIntent (with its journaled attempts, and for a card part its
   * tender); false if it did.
   */
  cancelUnstartedSale(saleId: string, nowMs: number): Promise<boolean>;
  accountIdsWithSalesSince(sinceMs: number): Promise<string[]>;
  /** Sale id → its recorded PaymentIntent and status, for one account. */
  salePaymentIntents(
    accountId: string,
  ): Promise<Map<string, { paymentIntentId: string | null; status: string }>>;
  /** Records an anomaly once per (kind, PaymentIntent); true when it is new. */
  recordAnomaly(anomaly: NewPaymentAnomaly, nowMs: number): Promise<boolean>;
  resolveAnomaly(kind: AnomalyKind, paymentIntentId: string, nowMs: number): Promise<void>;
  listAnomalies(filter?: { status?: 'open' | 'resolved'; accountId?: string }): Promise<PaymentAnomaly[]>;
}

/** A sale the sweeper looks at: not in a final state. */
export interface UnfinishedSale {
  id: string;
  accountId: string;
  status: string;
  paymentIntentId: string | null;
  createdAtMs: number;
  updatedAtMs: number;
  /** The oldest journaled attempt still without a PaymentIntent (pending or ambiguous), if any. */
  oldestUnresolvedAttemptMs: number | null;
  /** When the cashier last started an attempt (the sale's creation when none). */
  lastActivityMs: number;
  attempts: number;
}

type AnomalyRow = Selectable<PaymentAnomaliesTable>;

function toAnomaly(row: AnomalyRow): PaymentAnomaly {
  return {
    id: row.id,
    kind: row.kind,
    accountId: row.account_id,
    saleId: row.sale_id,
    paymentIntentId: row.payment_intent_id,
    chargeId: row.charge_id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    deadlineS: row.deadline_s,
    status: row.status,
    detectedAtMs: row.detected_at_ms,
    resolvedAtMs: row.resolved_at_ms,
  };
}

export function createRecoveryRepo(db: Queryable): RecoveryRepo {
  return {
    async listUnfinishedSales(updatedBeforeMs) {
      const rows = await db
        .selectFrom('sales as s')
        .select([
          's.id',
          's.account_id',
          's.status',
          's.payment_intent_id',
          's.created_at_ms',
          's.updated_at_ms',
        ])
        .select((eb) => [
          eb
            .selectFrom('payment_attempts as a')
            .select((inner) => inner.fn.min('a.created_at_ms').as('ms'))
            .whereRef('a.sale_id', '=', 's.id')
            .where('a.payment_intent_id', 'is', null)
            .where((inner) =>
              inner.or([inner('a.status', '=', 'pending'), inner('a.error_code', '=', 'stripe_unavailable')]),
            )
            .as('oldest_unresolved_ms'),
          eb
            .selectFrom('payment_attempts as a')
            .select((inner) => inner.fn.max('a.created_at_ms').as('ms'))
            .whereRef('a.sale_id', '=', 's.id')
            .as('last_attempt_ms'),
          eb
            .selectFrom('payment_attempts as a')
            .select((inner) => inner.fn.countAll<number>().as('n'))
            .whereRef('a.sale_id', '=', 's.id')
            .as('attempts'),
        ])
        .where('s.status', 'in', ['awaiting_payment', 'processing', 'requires_capture', 'payment_failed'])
        .where('s.updated_at_ms', '<=', updatedBeforeMs)
        // A sale paid by tenders has no card payment of its own (its card parts are swept).
        .where((eb) =>
          eb.not(
            eb.exists(eb.selectFrom('sale_tenders as t').select('t.id').whereRef('t.sale_id', '=', 's.id')),
          ),
        )
        .orderBy('s.updated_at_ms')
        .orderBy('s.id')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        accountId: row.account_id,
        status: row.status,
        paymentIntentId: row.payment_intent_id,
        createdAtMs: row.created_at_ms,
        updatedAtMs: row.updated_at_ms,
        oldestUnresolvedAttemptMs:
          row.oldest_unresolved_ms === null ? null : Number(row.oldest_unresolved_ms),
        lastActivityMs: Math.max(row.created_at_ms, Number(row.last_attempt_ms ?? 0)),
        attempts: Number(row.attempts ?? 0),
      }));
    },
    linkPaymentIntent(saleId, paymentIntentId, nowMs) {
      return atomically(db, async (tx) => {
        const linked = await tx
          .updateTable('sales')
          .set({ payment_intent_id: paymentIntentId, updated_at_ms: nowMs })
          .where('id', '=', saleId)
          .where('payment_intent_id', 'is', null)
          .executeTakeFirst();
        if (linked.numUpdatedRows === 0n) return false;
        await tx
          .updateTable('payment_attempts')
          .set({ payment_intent_id: paymentIntentId, updated_at_ms: nowMs })
          .where('sale_id', '=', saleId)
          .where('payment_intent_id', 'is', null)
          .execute();
        return true;
      });
    },
    cancelUnstartedSale(saleId, nowMs) {
      return atomically(db, async (tx) => {
        const canceled = await tx
          .updateTable('sales')
          .set({ status: 'canceled', updated_at_ms: nowMs })
          .where('id', '=', saleId)
          .where('payment_intent_id', 'is', null)
          .where('status', 'in', ['open', 'awaiting_payment', 'payment_failed'])
          .executeTakeFirst();
        if (canceled.numUpdatedRows === 0n) return false;
        await tx
          .updateTable('payment_attempts')
          .set({ status: 'canceled', outcome: 'canceled', updated_at_ms: nowMs })
          .where('sale_id', '=', saleId)
          .where('status', 'in', ['pending', 'started'])
          .execute();
        // A card part's tender is given up with it (its sale's amount is due again).
        await tx
          .updateTable('sale_tenders')
          .set({ status: 'canceled', updated_at_ms: nowMs })
          .where('card_sale_id', '=', saleId)
          .where('status', '=', 'pending')
          .execute();
        return true;
      });
    },
    async accountIdsWithSalesSince(sinceMs) {
      const rows = await db
        .selectFrom('sales')
        .select('account_id')
        .distinct()
        .where('created_at_ms', '>=', sinceMs)
        .orderBy('account_id')
        .execute();
      return rows.map((row) => row.account_id);
    },
    async salePaymentIntents(accountId) {
      const rows = await db
        .selectFrom('sales')
        .select(['id', 'payment_intent_id', 'status'])
        .where('account_id', '=', accountId)
        .execute();
      return new Map(
        rows.map((row) => [row.id, { paymentIntentId: row.payment_intent_id, status: row.status }]),
      );
    },
    async recordAnomaly(anomaly, nowMs) {
      const result = await db
        .insertInto('payment_anomalies')
        .values({
          id: anomaly.id,
          kind: anomaly.kind,
          account_id: anomaly.accountId,
          sale_id: anomaly.saleId,
          payment_intent_id: anomaly.paymentIntentId,
          charge_id: anomaly.chargeId,
          amount_minor: anomaly.amountMinor,
          currency: anomaly.currency,
          deadline_s: anomaly.deadlineS,
          detected_at_ms: nowMs,
        })
        .onConflict((oc) => oc.columns(['kind', 'payment_intent_id']).doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },
    async resolveAnomaly(kind, paymentIntentId, nowMs) {
      await db
        .updateTable('payment_anomalies')
        .set({ status: 'resolved', resolved_at_ms: nowMs })
        .where('kind', '=', kind)
        .where('payment_intent_id', '=', paymentIntentId)
        .where('status', '=', 'open')
        .execute();
    },
    async listAnomalies(filter = {}) {
      let query = db.selectFrom('payment_anomalies').selectAll();
      if (filter.accountId) query = query.where('account_id', '=', filter.accountId);
      if (filter.status) query = query.where('status', '=', filter.status);
      const rows = await query.orderBy('detected_at_ms', 'desc').orderBy('id').execute();
      return rows.map(toAnomaly);
    },
  };
}
