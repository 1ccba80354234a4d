/**
 * Payment attempts: the journal of every try at paying a sale. A row is written (status `pending`) BEFORE
 * the Stripe call it describes, so a crash mid-call leaves a trace that a retry or a sync can resolve;
 * `attempt_key` (the client's uuid) makes a retried request find the same attempt.
 */

import type { Db } from './open.ts';
import type { ReaderIntegration } from './readers.repo.ts';

/**
 * pending: journaled, Stripe has not (definitely) answered; started: the PaymentIntent is ready (and on the
 * reader); start_failed: Stripe definitely refused to start it (e.g. reader busy); then the payment's
 * outcome: succeeded, failed (declined), canceled.
 */
export type AttemptStatus = 'pending' | 'started' | 'start_failed' | 'succeeded' | 'failed' | 'canceled';

export interface PaymentAttempt {
  id: string;
  saleId: string;
  attemptKey: string;
  paymentIntentId: string | null;
  readerId: string | null;
  integration: ReaderIntegration;
  status: AttemptStatus;
  errorCode: string | null;
  declineCode: string | null;
  errorMessage: string | null;
  failedChargeId: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface NewPaymentAttempt {
  id: string;
  saleId: string;
  attemptKey: string;
  readerId: string;
  integration: ReaderIntegration;
}

interface AttemptRow {
  id: string;
  sale_id: string;
  attempt_key: string;
  payment_intent_id: string | null;
  reader_id: string | null;
  integration: ReaderIntegration;
  status: AttemptStatus;
  error_code: string | null;
  decline_code: string | null;
  error_message: string | null;
  failed_charge_id: string | null;
  created_at_ms: number;
  updated_at_ms: number;
}

function toAttempt(row: AttemptRow): PaymentAttempt {
  return {
    id: row.id,
    saleId: row.sale_id,
    attemptKey: row.attempt_key,
    paymentIntentId: row.payment_intent_id,
    readerId: row.reader_id,
    integration: row.integration,
    status: row.status,
    errorCode: row.error_code,
    declineCode: row.decline_code,
    errorMessage: row.error_message,
    failedChargeId: row.failed_charge_id,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

export function createPaymentsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO payment_attempts (id, sale_id, attempt_key, reader_id, integration, status,
       stripe_request_started_at_ms, created_at_ms, updated_at_ms)
     VALUES (@id, @saleId, @attemptKey, @readerId, @integration, 'pending', @nowMs, @nowMs, @nowMs)`,
  );
  const byId = db.prepare<[string], AttemptRow>('SELECT * FROM payment_attempts WHERE id = ?');
  const byKey = db.prepare<[string], AttemptRow>('SELECT * FROM payment_attempts WHERE attempt_key = ?');
  const bySale = db.prepare<[string], AttemptRow>(
    'SELECT * FROM payment_attempts WHERE sale_id = ? ORDER BY created_at_ms, rowid',
  );
  const update = db.prepare(
    `UPDATE payment_attempts SET payment_intent_id = @paymentIntentId, status = @status, outcome = @status,
       error_code = @errorCode, decline_code = @declineCode, error_message = @errorMessage, failed_charge_id = @failedChargeId,
       updated_at_ms = @nowMs
     WHERE id = @id`,
  );

  return {
    /** Journals an attempt before its Stripe call. */
    insert(attempt: NewPaymentAttempt, nowMs: number): PaymentAttempt {
      insert.run({ ...attempt, nowMs });
      // What the INSERT stored (no read-back): pending, no PaymentIntent or error yet.
      return {
        id: attempt.id,
        saleId: attempt.saleId,
        attemptKey: attempt.attemptKey,
        paymentIntentId: null,
        readerId: attempt.readerId,
        integration: attempt.integration,
        status: 'pending',
        errorCode: null,
        declineCode: null,
        errorMessage: null,
        failedChargeId: null,
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
      };
    },
    findById(id: string): PaymentAttempt | undefined {
      const row = byId.get(id);
      return row ? toAttempt(row) : undefined;
    },
    findByAttemptKey(attemptKey: string): PaymentAttempt | undefined {
      const row = byKey.get(attemptKey);
      return row ? toAttempt(row) : undefined;
    },
    listBySale(saleId: string): PaymentAttempt[] {
      return bySale.all(saleId).map(toAttempt);
    },
    /** The sale's most recent attempt. */
    latestForSale(saleId: string): PaymentAttempt | undefined {
      return bySale.all(saleId).map(toAttempt).at(-1);
    },
    update(
      id: string,
      patch: Partial<
        Pick<
          PaymentAttempt,
          'paymentIntentId' | 'status' | 'errorCode' | 'declineCode' | 'errorMessage' | 'failedChargeId'
        >
      >,
      nowMs: number,
    ): PaymentAttempt {
      const current = byId.get(id);
      if (!current) throw new Error(`No payment attempt ${id}`);
      const next: PaymentAttempt = { ...toAttempt(current), ...patch, updatedAtMs: nowMs };
      update.run({
        id,
        paymentIntentId: next.paymentIntentId,
        status: next.status,
        errorCode: next.errorCode,
        declineCode: next.declineCode,
        errorMessage: next.errorMessage,
        failedChargeId: next.failedChargeId,
        nowMs,
      });
      return next;
    },
  };
}

export type PaymentsRepo = ReturnType<typeof createPaymentsRepo>;
