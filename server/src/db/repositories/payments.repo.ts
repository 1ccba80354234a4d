/**
 * Payment attempts: the journal of every try at paying a sale. A row is written (status `pending`) BEFORE
 * the Stripe call it describes, so a crash mid-call leaves a trace that a retry or a sync can resolve;
 * `attempt_key` (the client's uuid) makes a retried request find the same attempt.
 */
import { type Selectable, sql, type Updateable } from 'kysely';
import { reusableQuery, reusableUpdateById } from '../reusable-query.ts';
import type { PaymentAttemptsTable, Queryable } from '../schema.ts';
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

export type AttemptPatch = Partial<
  Pick<
    PaymentAttempt,
    'paymentIntentId' | 'status' | 'errorCode' | 'declineCode' | 'errorMessage' | 'failedChargeId'
  >
>;

export interface PaymentsRepo {
  /** Journals an attempt (numbered after the sale's earlier ones) before its Stripe call. */
  insert(attempt: NewPaymentAttempt, nowMs: number): Promise<PaymentAttempt>;
  findById(id: string): Promise<PaymentAttempt | undefined>;
  findByAttemptKey(attemptKey: string): Promise<PaymentAttempt | undefined>;
  /** The sale's attempts, oldest first. */
  listBySale(saleId: string): Promise<PaymentAttempt[]>;
  /** The sale's most recent attempt. */
  latestForSale(saleId: string): Promise<PaymentAttempt | undefined>;
  update(id: string, patch: AttemptPatch, nowMs: number): Promise<PaymentAttempt>;
}

export interface NewPaymentAttempt {
  id: string;
  saleId: string;
  attemptKey: string;
  readerId: string;
  integration: ReaderIntegration;
}

type AttemptRow = Selectable<PaymentAttemptsTable>;

function toAttempt(row: AttemptRow): PaymentAttempt {
  return {
    id: row.id,
    saleId: row.sale_id,
    attemptKey: row.attempt_key,
    paymentIntentId: row.payment_intent_id,
    readerId: row.reader_id,
    integration: row.integration,
    status: row.status as AttemptStatus,
    errorCode: row.error_code,
    declineCode: row.decline_code,
    errorMessage: row.error_message,
    failedChargeId: row.failed_charge_id,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

// The lookups every checkout makes, compiled once (db/reusable-query.ts).
const attemptById = reusableQuery((db: Queryable, id: string) =>
  db.selectFrom('payment_attempts').selectAll().where('id', '=', id),
);
const attemptByKey = reusableQuery((db: Queryable, attemptKey: string) =>
  db.selectFrom('payment_attempts').selectAll().where('attempt_key', '=', attemptKey),
);
const attemptsOfSale = reusableQuery((db: Queryable, saleId: string) =>
  db.selectFrom('payment_attempts').selectAll().where('sale_id', '=', saleId).orderBy('attempt_number'),
);

/** One compiled UPDATE … RETURNING per set of columns written (a checkout writes a few different sets). */
const updateAttemptColumns = reusableUpdateById('payment_attempts', 'row');

export function createPaymentsRepo(db: Queryable): PaymentsRepo {
  return {
    async insert(attempt, nowMs) {
      await db
        .insertInto('payment_attempts')
        .values({
          id: attempt.id,
          sale_id: attempt.saleId,
          attempt_key: attempt.attemptKey,
          reader_id: attempt.readerId,
          integration: attempt.integration,
          status: 'pending',
          stripe_request_started_at_ms: nowMs,
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
          attempt_number: sql<number>`(SELECT coalesce(max(attempt_number), 0) + 1 FROM payment_attempts WHERE sale_id = ${attempt.saleId})`,
        })
        .execute();
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
    async findById(id) {
      const row = (await attemptById(db, id)).rows[0];
      return row ? toAttempt(row) : undefined;
    },
    async findByAttemptKey(attemptKey) {
      const row = (await attemptByKey(db, attemptKey)).rows[0];
      return row ? toAttempt(row) : undefined;
    },
    async listBySale(saleId) {
      return (await attemptsOfSale(db, saleId)).rows.map(toAttempt);
    },
    async latestForSale(saleId) {
      const row = await db
        .selectFrom('payment_attempts')
        .selectAll()
        .where('sale_id', '=', saleId)
        .orderBy('attempt_number', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toAttempt(row) : undefined;
    },
    async update(id, patch, nowMs) {
      // One statement: the fields the patch sets (undefined = unchanged), the row as stored after it.
      const values: Updateable<PaymentAttemptsTable> = { updated_at_ms: nowMs };
      if (patch.paymentIntentId !== undefined) values.payment_intent_id = patch.paymentIntentId;
      if (patch.status !== undefined) {
        values.status = patch.status;
        values.outcome = patch.status;
      }
      if (patch.errorCode !== undefined) values.error_code = patch.errorCode;
      if (patch.declineCode !== undefined) values.decline_code = patch.declineCode;
      if (patch.errorMessage !== undefined) values.error_message = patch.errorMessage;
      if (patch.failedChargeId !== undefined) values.failed_charge_id = patch.failedChargeId;
      const row = (await updateAttemptColumns(db, id, values)).rows[0];
      if (!row) throw new Error(`No payment attempt ${id}`);
      return toAttempt(row);
    },
  };
}
