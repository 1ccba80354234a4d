/**
 * Recovery's reads and writes: the unfinished sales the sweeper settles (with their journaled attempts),
 * and the payment anomalies it records (duplicate charges to refund, orphan charges, authorizations near
 * their capture deadline). Prepared statements only.
 */
import type { Db } from './open.ts';

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

interface AnomalyRow {
  id: string;
  kind: AnomalyKind;
  account_id: string;
  sale_id: string | null;
  payment_intent_id: string;
  charge_id: string | null;
  amount_minor: number;
  currency: string;
  deadline_s: number | null;
  status: 'open' | 'resolved';
  detected_at_ms: number;
  resolved_at_ms: number | null;
}

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

export function createRecoveryRepo(db: Db) {
  const unfinished = db.prepare<
    [number],
    {
      id: string;
      account_id: string;
      status: string;
      payment_intent_id: string | null;
      created_at_ms: number;
      updated_at_ms: number;
      oldest_unresolved_ms: number | null;
      last_attempt_ms: number | null;
      attempts: number;
    }
  >(
    `SELECT s.id, s.account_id, s.status, s.payment_intent_id, s.created_at_ms, s.updated_at_ms,
       (SELECT min(a.created_at_ms) FROM payment_attempts a
          WHERE a.sale_id = s.id AND a.payment_intent_id IS NULL
            AND (a.status = 'pending' OR a.error_code = 'stripe_unavailable')) AS oldest_unresolved_ms,
       (SELECT max(a.created_at_ms) FROM payment_attempts a WHERE a.sale_id = s.id) AS last_attempt_ms,
       (SELECT count(*) FROM payment_attempts a WHERE a.sale_id = s.id) AS attempts
     FROM sales s
     WHERE s.status IN ('awaiting_payment', 'processing', 'requires_capture', 'payment_failed')
       AND s.updated_at_ms <= ?
     ORDER BY s.updated_at_ms, s.id`,
  );
  const accountsWithSalesSince = db.prepare<[number], { account_id: string }>(
    'SELECT DISTINCT account_id FROM sales WHERE created_at_ms >= ? ORDER BY account_id',
  );
  const saleIdsOf = db.prepare<[string], { id: string; payment_intent_id: string | null; status: string }>(
    'SELECT id, payment_intent_id, status FROM sales WHERE account_id = ?',
  );
  const linkSale = db.prepare(
    'UPDATE sales SET payment_intent_id = ?, updated_at_ms = ? WHERE id = ? AND payment_intent_id IS NULL',
  );
  const linkAttempts = db.prepare(
    'UPDATE payment_attempts SET payment_intent_id = ?, updated_at_ms = ? WHERE sale_id = ? AND payment_intent_id IS NULL',
  );
  const cancelUnstarted = db.prepare(
    `UPDATE sales SET status = 'canceled', updated_at_ms = ?
     WHERE id = ? AND payment_intent_id IS NULL AND status IN ('open', 'awaiting_payment', 'payment_failed')`,
  );
  const cancelPendingAttempts = db.prepare(
    `UPDATE payment_attempts SET status = 'canceled', outcome = 'canceled', updated_at_ms = ?
     WHERE sale_id = ? AND status IN ('pending', 'started')`,
  );
  const insertAnomaly = db.prepare(
    `INSERT INTO payment_anomalies (id, kind, account_id, sale_id, payment_intent_id, charge_id, amount_minor,
       currency, deadline_s, detected_at_ms)
     VALUES (@id, @kind, @accountId, @saleId, @paymentIntentId, @chargeId, @amountMinor, @currency, @deadlineS,
       @nowMs)
     ON CONFLICT (kind, payment_intent_id) DO NOTHING`,
  );
  const resolveAnomaly = db.prepare(
    `UPDATE payment_anomalies SET status = 'resolved', resolved_at_ms = ?
     WHERE kind = ? AND payment_intent_id = ? AND status = 'open'`,
  );
  const listAnomalies = db.prepare<[string, string], AnomalyRow>(
    `SELECT * FROM payment_anomalies WHERE (? = '' OR status = ?) ORDER BY detected_at_ms DESC, id`,
  );
  const listAnomaliesOfAccount = db.prepare<[string, string, string], AnomalyRow>(
    `SELECT * FROM payment_anomalies WHERE account_id = ? AND (? = '' OR status = ?)
     ORDER BY detected_at_ms DESC, id`,
  );

  return {
    /** Unfinished sales last touched at or before `updatedBeforeMs` (live checkouts are left alone). */
    listUnfinishedSales(updatedBeforeMs: number): UnfinishedSale[] {
      return unfinished.all(updatedBeforeMs).map((row) => ({
        id: row.id,
        accountId: row.account_id,
        status: row.status,
        paymentIntentId: row.payment_intent_id,
        createdAtMs: row.created_at_ms,
        updatedAtMs: row.updated_at_ms,
        oldestUnresolvedAttemptMs: row.oldest_unresolved_ms,
        lastActivityMs: Math.max(row.created_at_ms, row.last_attempt_ms ?? 0),
        attempts: row.attempts,
      }));
    },
    /**
     * Records the PaymentIntent Stripe holds for a sale whose creation we never heard back about; false
     * when the sale already has one (a live checkout got there first).
     */
    linkPaymentIntent(saleId: string, paymentIntentId: string, nowMs: number): boolean {
      return db.transaction(() => {
        if (linkSale.run(paymentIntentId, nowMs, saleId).changes === 0) return false;
        linkAttempts.run(paymentIntentId, nowMs, saleId);
        return true;
      })();
    },
    /** Cancels a sale that never got a PaymentIntent (and its journaled attempts); false if it did. */
    cancelUnstartedSale(saleId: string, nowMs: number): boolean {
      return db.transaction(() => {
        if (cancelUnstarted.run(nowMs, saleId).changes === 0) return false;
        cancelPendingAttempts.run(nowMs, saleId);
        return true;
      })();
    },
    accountIdsWithSalesSince(sinceMs: number): string[] {
      return accountsWithSalesSince.all(sinceMs).map((row) => row.account_id);
    },
    /** Sale id → its recorded PaymentIntent and status, for one account. */
    salePaymentIntents(accountId: string): Map<string, { paymentIntentId: string | null; status: string }> {
      return new Map(
        saleIdsOf
          .all(accountId)
          .map((row) => [row.id, { paymentIntentId: row.payment_intent_id, status: row.status }]),
      );
    },
    /** Records an anomaly once per (kind, PaymentIntent); true when it is new. */
    recordAnomaly(anomaly: NewPaymentAnomaly, nowMs: number): boolean {
      return insertAnomaly.run({ ...anomaly, nowMs }).changes > 0;
    },
    resolveAnomaly(kind: AnomalyKind, paymentIntentId: string, nowMs: number): void {
      resolveAnomaly.run(nowMs, kind, paymentIntentId);
    },
    listAnomalies(filter: { status?: 'open' | 'resolved'; accountId?: string } = {}): PaymentAnomaly[] {
      const status = filter.status ?? '';
      const rows = filter.accountId
        ? listAnomaliesOfAccount.all(filter.accountId, status, status)
        : listAnomalies.all(status, status);
      return rows.map(toAnomaly);
    },
  };
}

export type RecoveryRepo = ReturnType<typeof createRecoveryRepo>;
