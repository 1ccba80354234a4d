/**
 * Disputes as Stripe last showed them (every charge.dispute.* event re-reads one), the money each moved (its
 * balance transactions), the e-mails sent about each (once per kind), and the evidence files merchants
 * uploaded for them.
 */
import type { DisputeStatus } from '@countertop/shared';
import type { Selectable } from 'kysely';
import type {
  DisputeBalanceTransactionsTable,
  DisputeEvidenceFilesTable,
  DisputesTable,
  Queryable,
} from '../schema.ts';

export type DisputeCarrier = 'platform' | 'connected_account';
export type DisputeNoticeKind = 'opened' | 'deadline_reminder';

export interface DisputeRecord {
  id: string;
  accountId: string;
  saleId: string | null;
  locationId: string | null;
  carriedBy: DisputeCarrier;
  chargeId: string;
  paymentIntentId: string | null;
  amountMinor: number;
  currency: string;
  reason: string;
  status: DisputeStatus;
  evidenceDueByMs: number | null;
  hasEvidence: boolean;
  pastDue: boolean;
  submissionCount: number;
  chargeRefundable: boolean;
  /** Stripe's `evidence` as last read (text fields and file ids). */
  evidence: Record<string, string | null>;
  stripeCreatedAtMs: number;
  closedAtMs: number | null;
  recordedAtMs: number;
  updatedAtMs: number;
}

export type DisputeState = Omit<DisputeRecord, 'recordedAtMs' | 'updatedAtMs'>;

export interface DisputeBalanceTransaction {
  id: string;
  disputeId: string;
  reportingCategory: string;
  amountMinor: number;
  feeMinor: number;
  netMinor: number;
  currency: string;
  stripeCreatedAtMs: number;
}

export interface DisputeNotice {
  disputeId: string;
  kind: DisputeNoticeKind;
  recipients: string[];
  sentAtMs: number;
}

export interface EvidenceFile {
  id: string;
  disputeId: string;
  stripeFileId: string;
  field: string;
  fileName: string;
  fileType: string;
  sizeBytes: number;
  uploadedByLabel: string;
  uploadedAtMs: number;
}

export interface DisputeListFilter {
  /** One account, or every account (undefined). */
  accountId?: string;
  /** Only disputes of sales at these locations; undefined: every dispute of the account(s). */
  locationIds?: readonly string[];
  statuses?: readonly DisputeStatus[];
  limit: number;
}

export interface DisputesRepo {
  find(id: string): Promise<DisputeRecord | undefined>;
  /** Inserts the dispute or replaces its state; `created` is true the first time. */
  save(state: DisputeState, nowMs: number): Promise<{ created: boolean }>;
  /** Adds balance transactions not recorded yet (by id). */
  addBalanceTransactions(transactions: readonly DisputeBalanceTransaction[]): Promise<void>;
  balanceTransactionsOf(disputeIds: readonly string[]): Promise<DisputeBalanceTransaction[]>;
  /** Newest first. */
  list(filter: DisputeListFilter): Promise<DisputeRecord[]>;
  findBySale(saleId: string): Promise<DisputeRecord[]>;
  /** Disputes of the account opened, or closed, in [startMs, endMs). */
  openedOrClosedInWindow(accountId: string, startMs: number, endMs: number): Promise<DisputeRecord[]>;
  /** The account's dispute balance transactions created in [startMs, endMs), with their dispute's location. */
  transactionsInWindow(
    accountId: string,
    startMs: number,
    endMs: number,
  ): Promise<(DisputeBalanceTransaction & { locationId: string | null })[]>;

  /** Records that `kind` was sent: true once, for the caller that sends it. */
  claimNotice(
    disputeId: string,
    kind: DisputeNoticeKind,
    recipients: readonly string[],
    nowMs: number,
  ): Promise<boolean>;
  /** Gives a claim back (the e-mail could not be sent; the next run tries again). */
  releaseNotice(disputeId: string, kind: DisputeNoticeKind): Promise<void>;
  noticesOf(disputeId: string): Promise<DisputeNotice[]>;
  /**
   * Disputes in `statuses` without a notice of `kind` yet (oldest first); with `dueWithin`, only those whose
   * evidence deadline is after `afterMs` and at or before `untilMs`.
   */
  withoutNotice(
    kind: DisputeNoticeKind,
    statuses: readonly DisputeStatus[],
    limit: number,
    dueWithin?: { afterMs: number; untilMs: number },
  ): Promise<DisputeRecord[]>;

  insertEvidenceFile(file: EvidenceFile): Promise<void>;
  evidenceFilesOf(disputeId: string): Promise<EvidenceFile[]>;
}

type Row = Selectable<DisputesTable>;
type TransactionRow = Selectable<DisputeBalanceTransactionsTable>;
type FileRow = Selectable<DisputeEvidenceFilesTable>;

const flag = (value: boolean) => (value ? (1 as const) : (0 as const));
const nullableNumber = (value: number | null) => (value === null ? null : Number(value));

function toDispute(row: Row): DisputeRecord {
  const evidence: unknown = JSON.parse(row.evidence_json);
  return {
    id: row.id,
    accountId: row.account_id,
    saleId: row.sale_id,
    locationId: row.location_id,
    carriedBy: row.carried_by,
    chargeId: row.charge_id,
    paymentIntentId: row.payment_intent_id,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    reason: row.reason,
    status: row.status,
    evidenceDueByMs: nullableNumber(row.evidence_due_by_ms),
    hasEvidence: row.has_evidence === 1,
    pastDue: row.past_due === 1,
    submissionCount: Number(row.submission_count),
    chargeRefundable: row.charge_refundable === 1,
    evidence:
      typeof evidence === 'object' && evidence !== null ? (evidence as Record<string, string | null>) : {},
    stripeCreatedAtMs: Number(row.stripe_created_at_ms),
    closedAtMs: nullableNumber(row.closed_at_ms),
    recordedAtMs: Number(row.recorded_at_ms),
    updatedAtMs: Number(row.updated_at_ms),
  };
}

function toTransaction(row: TransactionRow): DisputeBalanceTransaction {
  return {
    id: row.id,
    disputeId: row.dispute_id,
    reportingCategory: row.reporting_category,
    amountMinor: Number(row.amount_minor),
    feeMinor: Number(row.fee_minor),
    netMinor: Number(row.net_minor),
    currency: row.currency,
    stripeCreatedAtMs: Number(row.stripe_created_at_ms),
  };
}

function toEvidenceFile(row: FileRow): EvidenceFile {
  return {
    id: row.id,
    disputeId: row.dispute_id,
    stripeFileId: row.stripe_file_id,
    field: row.field,
    fileName: row.file_name,
    fileType: row.file_type,
    sizeBytes: Number(row.size_bytes),
    uploadedByLabel: row.uploaded_by_label,
    uploadedAtMs: Number(row.uploaded_at_ms),
  };
}

export function createDisputesRepo(db: Queryable): DisputesRepo {
  const find = async (id: string) => {
    const row = await db.selectFrom('disputes').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDispute(row) : undefined;
  };
  return {
    find,
    async save(state, nowMs) {
      const columns = {
        account_id: state.accountId,
        sale_id: state.saleId,
        location_id: state.locationId,
        carried_by: state.carriedBy,
        charge_id: state.chargeId,
        payment_intent_id: state.paymentIntentId,
        amount_minor: state.amountMinor,
        currency: state.currency,
        reason: state.reason,
        status: state.status,
        evidence_due_by_ms: state.evidenceDueByMs,
        has_evidence: flag(state.hasEvidence),
        past_due: flag(state.pastDue),
        submission_count: state.submissionCount,
        charge_refundable: flag(state.chargeRefundable),
        evidence_json: JSON.stringify(state.evidence),
        stripe_created_at_ms: state.stripeCreatedAtMs,
        closed_at_ms: state.closedAtMs,
        updated_at_ms: nowMs,
      };
      const inserted = await db
        .insertInto('disputes')
        .values({ id: state.id, ...columns, recorded_at_ms: nowMs })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) return { created: true };
      await db.updateTable('disputes').set(columns).where('id', '=', state.id).execute();
      return { created: false };
    },
    async addBalanceTransactions(transactions) {
      if (transactions.length === 0) return;
      await db
        .insertInto('dispute_balance_transactions')
        .values(
          transactions.map((transaction) => ({
            id: transaction.id,
            dispute_id: transaction.disputeId,
            reporting_category: transaction.reportingCategory,
            amount_minor: transaction.amountMinor,
            fee_minor: transaction.feeMinor,
            net_minor: transaction.netMinor,
            currency: transaction.currency,
            stripe_created_at_ms: transaction.stripeCreatedAtMs,
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
    async balanceTransactionsOf(disputeIds) {
      if (disputeIds.length === 0) return [];
      const rows = await db
        .selectFrom('dispute_balance_transactions')
        .selectAll()
        .where('dispute_id', 'in', [...disputeIds])
        .orderBy('stripe_created_at_ms')
        .orderBy('id')
        .execute();
      return rows.map(toTransaction);
    },
    async list(filter) {
      let query = db.selectFrom('disputes').selectAll();
      if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
      if (filter.locationIds !== undefined) {
        if (filter.locationIds.length === 0) return [];
        query = query.where('location_id', 'in', [...filter.locationIds]);
      }
      if (filter.statuses !== undefined) {
        if (filter.statuses.length === 0) return [];
        query = query.where('status', 'in', [...filter.statuses]);
      }
      const rows = await query
        .orderBy('stripe_created_at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.limit)
        .execute();
      return rows.map(toDispute);
    },
    async findBySale(saleId) {
      const rows = await db
        .selectFrom('disputes')
        .selectAll()
        .where('sale_id', '=', saleId)
        .orderBy('id')
        .execute();
      return rows.map(toDispute);
    },
    async openedOrClosedInWindow(accountId, startMs, endMs) {
      const rows = await db
        .selectFrom('disputes')
        .selectAll()
        .where('account_id', '=', accountId)
        .where((eb) =>
          eb.or([
            eb.and([eb('stripe_created_at_ms', '>=', startMs), eb('stripe_created_at_ms', '<', endMs)]),
            eb.and([eb('closed_at_ms', '>=', startMs), eb('closed_at_ms', '<', endMs)]),
          ]),
        )
        .orderBy('stripe_created_at_ms')
        .orderBy('id')
        .execute();
      return rows.map(toDispute);
    },
    async transactionsInWindow(accountId, startMs, endMs) {
      const rows = await db
        .selectFrom('dispute_balance_transactions as t')
        .innerJoin('disputes as d', 'd.id', 't.dispute_id')
        .selectAll('t')
        .select('d.location_id')
        .where('d.account_id', '=', accountId)
        .where('t.stripe_created_at_ms', '>=', startMs)
        .where('t.stripe_created_at_ms', '<', endMs)
        .orderBy('t.stripe_created_at_ms')
        .orderBy('t.id')
        .execute();
      return rows.map((row) => ({ ...toTransaction(row), locationId: row.location_id }));
    },

    async claimNotice(disputeId, kind, recipients, nowMs) {
      const result = await db
        .insertInto('dispute_notifications')
        .values({ dispute_id: disputeId, kind, recipients: recipients.join(', '), sent_at_ms: nowMs })
        .onConflict((oc) => oc.columns(['dispute_id', 'kind']).doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },
    async releaseNotice(disputeId, kind) {
      await db
        .deleteFrom('dispute_notifications')
        .where('dispute_id', '=', disputeId)
        .where('kind', '=', kind)
        .execute();
    },
    async noticesOf(disputeId) {
      const rows = await db
        .selectFrom('dispute_notifications')
        .selectAll()
        .where('dispute_id', '=', disputeId)
        .orderBy('sent_at_ms')
        .execute();
      return rows.map((row) => ({
        disputeId: row.dispute_id,
        kind: row.kind,
        recipients: row.recipients === '' ? [] : row.recipients.split(', '),
        sentAtMs: Number(row.sent_at_ms),
      }));
    },
    async withoutNotice(kind, statuses, limit, dueWithin) {
      if (statuses.length === 0) return [];
      let query = db.selectFrom('disputes as d').selectAll('d');
      if (dueWithin !== undefined) {
        query = query
          .where('d.evidence_due_by_ms', '>', dueWithin.afterMs)
          .where('d.evidence_due_by_ms', '<=', dueWithin.untilMs);
      }
      const rows = await query
        .where('d.status', 'in', [...statuses])
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('dispute_notifications as n')
                .select('n.dispute_id')
                .whereRef('n.dispute_id', '=', 'd.id')
                .where('n.kind', '=', kind),
            ),
          ),
        )
        .orderBy('d.stripe_created_at_ms')
        .orderBy('d.id')
        .limit(limit)
        .execute();
      return rows.map(toDispute);
    },

    async insertEvidenceFile(file) {
      await db
        .insertInto('dispute_evidence_files')
        .values({
          id: file.id,
          dispute_id: file.disputeId,
          stripe_file_id: file.stripeFileId,
          field: file.field,
          file_name: file.fileName,
          file_type: file.fileType,
          size_bytes: file.sizeBytes,
          uploaded_by_label: file.uploadedByLabel,
          uploaded_at_ms: file.uploadedAtMs,
        })
        .execute();
    },
    async evidenceFilesOf(disputeId) {
      const rows = await db
        .selectFrom('dispute_evidence_files')
        .selectAll()
        .where('dispute_id', '=', disputeId)
        .orderBy('uploaded_at_ms')
        .orderBy('id')
        .execute();
      return rows.map(toEvidenceFile);
    },
  };
}
