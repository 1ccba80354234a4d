/**
 * The refund journal (`refunds`, `refund_lines`): a card refund's row is written (status `pending`) BEFORE
 * its Stripe call, so a crash leaves a trace that a retry with the same `refund_key` resolves with the same
 * idempotency key; a cash refund is written done (`succeeded`) with its drawer movement. Refunds of a
 * window are read through `refunds.location_id` (copied from the sale when the refund is journaled), so a
 * merchant's day never walks the whole platform's refunds of that day.
 */
import type { Selectable } from 'kysely';
import type { Queryable, RefundsTable } from '../schema.ts';
import { chunks } from './reports.repo.ts';

export type JournalRefundStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

export interface JournalRefund {
  id: string;
  saleId: string;
  refundKey: string | null;
  /** The idempotency key the refund is (re)sent to Stripe with, scoped to the account (null: cash). */
  stripeIdempotencyKey: string | null;
  stripeRefundId: string | null;
  amountMinor: number;
  applicationFeeRefundedMinor: number;
  reason: string | null;
  status: JournalRefundStatus;
  requestedByStaffId: string | null;
  requestedByUserId: string | null;
  requestedByLabel: string | null;
  failureMessage: string | null;
  createdAtMs: number;
  /** From the refund's sale. */
  locationId: string;
  accountId: string;
  currency: string;
  /** `cash`: given back from a register's drawer; `card`: through Stripe. */
  method: 'card' | 'cash';
  /** The tender refunded (null: a sale paid directly by one card). */
  tenderId: string | null;
  /** The tax this refund gives back. */
  taxMinor: number;
  approvedByStaffId: string | null;
  /** The register of a counter refund. */
  registerId: string | null;
  /** The sale the customer bought: the refunded row's, or its parent's for a card part. */
  ticketSaleId: string;
}

/** Items a refund gives back: the sale line (of the ticket) and how many. */
export interface RefundLineRecord {
  refundId: string;
  saleId: string;
  position: number;
  quantity: number;
  amountMinor: number;
  taxMinor: number;
}

export interface NewJournalRefund {
  id: string;
  saleId: string;
  refundKey: string;
  /** Card refunds: the account-scoped key Stripe is asked with; cash refunds: null. */
  stripeIdempotencyKey: string | null;
  amountMinor: number;
  reason: string;
  requestedByStaffId: string | null;
  requestedByUserId: string | null;
  requestedByLabel: string;
  method?: 'card' | 'cash';
  tenderId?: string | null;
  taxMinor?: number;
  approvedByStaffId?: string | null;
  registerId?: string | null;
  /** A cash refund is done when recorded: `succeeded`. Card refunds start `pending`. */
  status?: JournalRefundStatus;
}

export interface RefundPatch {
  status: JournalRefundStatus;
  stripeRefundId?: string | null;
  applicationFeeRefundedMinor?: number;
  failureMessage?: string | null;
}

const REFUND_COLUMNS = [
  'r.id',
  'r.sale_id',
  'r.refund_key',
  'r.stripe_idempotency_key',
  'r.stripe_refund_id',
  'r.amount_minor',
  'r.application_fee_refunded_minor',
  'r.reason',
  'r.status',
  'r.requested_by_staff_id',
  'r.requested_by_user_id',
  'r.requested_by_label',
  'r.failure_message',
  'r.created_at_ms',
  's.location_id',
  's.account_id',
  's.currency',
  'r.method',
  'r.tender_id',
  'r.tax_minor',
  'r.approved_by_staff_id',
  'r.register_id',
  's.parent_sale_id',
] as const;

interface RefundRow
  extends Pick<
    Selectable<RefundsTable>,
    | 'id'
    | 'sale_id'
    | 'refund_key'
    | 'stripe_idempotency_key'
    | 'stripe_refund_id'
    | 'amount_minor'
    | 'application_fee_refunded_minor'
    | 'reason'
    | 'status'
    | 'requested_by_staff_id'
    | 'requested_by_user_id'
    | 'requested_by_label'
    | 'failure_message'
    | 'created_at_ms'
    | 'method'
    | 'tender_id'
    | 'tax_minor'
    | 'approved_by_staff_id'
    | 'register_id'
  > {
  location_id: string;
  account_id: string;
  currency: string;
  parent_sale_id: string | null;
}

function toRefund(row: RefundRow): JournalRefund {
  return {
    id: row.id,
    saleId: row.sale_id,
    refundKey: row.refund_key,
    stripeIdempotencyKey: row.stripe_idempotency_key,
    stripeRefundId: row.stripe_refund_id,
    amountMinor: row.amount_minor,
    applicationFeeRefundedMinor: row.application_fee_refunded_minor,
    reason: row.reason,
    status: row.status as JournalRefundStatus,
    requestedByStaffId: row.requested_by_staff_id,
    requestedByUserId: row.requested_by_user_id,
    requestedByLabel: row.requested_by_label,
    failureMessage: row.failure_message,
    createdAtMs: row.created_at_ms,
    locationId: row.location_id,
    accountId: row.account_id,
    currency: row.currency,
    method: row.method,
    tenderId: row.tender_id,
    taxMinor: row.tax_minor,
    approvedByStaffId: row.approved_by_staff_id,
    registerId: row.register_id,
    ticketSaleId: row.parent_sale_id ?? row.sale_id,
  };
}

export interface RefundsRepo {
  /** Refunds (any status) made in `[startMs, endMs)` of sales at the locations, oldest first. */
  refundsInWindow(
    accountId: string,
    locationIds: readonly string[],
    startMs: number,
    endMs: number,
  ): Promise<JournalRefund[]>;
  /** Refunds made at the counter of this register in `[startMs, endMs)`, oldest first. */
  refundsOfRegister(registerId: string, startMs: number, endMs: number): Promise<JournalRefund[]>;
  /** Every refund of these sales and of their card parts, all time. */
  refundsOfSales(saleIds: readonly string[]): Promise<JournalRefund[]>;
  insertRefundLines(lines: readonly RefundLineRecord[]): Promise<void>;
  /** The items refunded from a sale so far (every refund, whatever its status), by refund. */
  refundLinesOfSale(saleId: string): Promise<RefundLineRecord[]>;
  /** Σ counted (pending or succeeded) refunds per sale (its card parts' included). */
  refundedTotals(saleIds: readonly string[]): Promise<Map<string, number>>;
  findRefund(id: string): Promise<JournalRefund | undefined>;
  /** The account's refund recorded with this client key (keys are unique per account). */
  findRefundByKey(accountId: string, refundKey: string): Promise<JournalRefund | undefined>;
  findRefundByStripeId(stripeRefundId: string): Promise<JournalRefund | undefined>;
  /** Refunds Stripe has accepted but not finished, made before `createdBeforeMs`, oldest first. */
  pendingRefunds(createdBeforeMs: number): Promise<JournalRefund[]>;
  /** Journals a refund (status `pending`) before its Stripe call; its location is the sale's. */
  insertRefund(refund: NewJournalRefund, nowMs: number): Promise<JournalRefund>;
  updateRefund(id: string, patch: RefundPatch, nowMs: number): Promise<JournalRefund>;
  /** The platform's policy: do refunds return the application fee? (default yes) */
  refundsReturnApplicationFee(): Promise<boolean>;
  setRefundsReturnApplicationFee(value: boolean): Promise<void>;
}

export function createRefundsRepo(db: Queryable): RefundsRepo {
  const selectRefunds = () =>
    db.selectFrom('refunds as r').innerJoin('sales as s', 's.id', 'r.sale_id').select(REFUND_COLUMNS);
  const findRefund = async (id: string): Promise<JournalRefund | undefined> => {
    const row = await selectRefunds().where('r.id', '=', id).executeTakeFirst();
    return row ? toRefund(row as RefundRow) : undefined;
  };

  return {
    findRefund,

    async refundsInWindow(accountId, locationIds, startMs, endMs) {
      if (locationIds.length === 0) return [];
      // Through refunds_location_created: the scope's refunds only, not the platform's in the window.
      const rows = await selectRefunds()
        .where('r.location_id', 'in', locationIds)
        .where('r.created_at_ms', '>=', startMs)
        .where('r.created_at_ms', '<', endMs)
        .where('s.account_id', '=', accountId)
        .whereRef('s.location_id', '=', 'r.location_id')
        .orderBy('r.created_at_ms')
        .orderBy('r.id')
        .execute();
      return rows.map((row) => toRefund(row as RefundRow));
    },

    async refundsOfRegister(registerId, startMs, endMs) {
      const rows = await selectRefunds()
        .where('r.register_id', '=', registerId)
        .where('r.created_at_ms', '>=', startMs)
        .where('r.created_at_ms', '<', endMs)
        .orderBy('r.created_at_ms')
        .orderBy('r.id')
        .execute();
      return rows.map((row) => toRefund(row as RefundRow));
    },

    async refundsOfSales(saleIds) {
      const refunds: JournalRefund[] = [];
      for (const ids of chunks(saleIds)) {
        const rows = await selectRefunds()
          // Both sides on r.sale_id (the sales themselves, and their card parts found through
          // sales_parent), so each side is an index lookup: an OR across the two tables is a full scan.
          .where((eb) =>
            eb.or([
              eb('r.sale_id', 'in', ids),
              eb(
                'r.sale_id',
                'in',
                eb.selectFrom('sales as p').select('p.id').where('p.parent_sale_id', 'in', ids),
              ),
            ]),
          )
          .execute();
        refunds.push(...rows.map((row) => toRefund(row as RefundRow)));
      }
      return refunds.sort(
        (a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
    },

    async insertRefundLines(lines) {
      if (lines.length === 0) return;
      await db
        .insertInto('refund_lines')
        .values(
          lines.map((line) => ({
            refund_id: line.refundId,
            sale_id: line.saleId,
            position: line.position,
            quantity: line.quantity,
            amount_minor: line.amountMinor,
            tax_minor: line.taxMinor,
          })),
        )
        .execute();
    },

    async refundLinesOfSale(saleId) {
      const rows = await db
        .selectFrom('refund_lines')
        .selectAll()
        .where('sale_id', '=', saleId)
        .orderBy('refund_id')
        .orderBy('position')
        .execute();
      return rows.map((row) => ({
        refundId: row.refund_id,
        saleId: row.sale_id,
        position: row.position,
        quantity: row.quantity,
        amountMinor: row.amount_minor,
        taxMinor: row.tax_minor,
      }));
    },

    async refundedTotals(saleIds) {
      const totals = new Map<string, number>();
      for (const ids of chunks(saleIds)) {
        // The sales and their card parts (sales_parent) first, then their refunds by refunds_sale: each step
        // an index lookup (an OR across the two tables, or over a subquery, plans as a full scan).
        const parts = await db.selectFrom('sales').select('id').where('parent_sale_id', 'in', ids).execute();
        const rows = await db
          .selectFrom('refunds as r')
          .innerJoin('sales as s', 's.id', 'r.sale_id')
          .select((eb) => [
            eb.fn.coalesce('s.parent_sale_id', 's.id').as('ticket_id'),
            eb.fn.sum<number>('r.amount_minor').as('total'),
          ])
          .where('r.sale_id', 'in', [...ids, ...parts.map((part) => part.id)])
          .where('r.status', 'in', ['pending', 'succeeded'])
          .groupBy((eb) => eb.fn.coalesce('s.parent_sale_id', 's.id'))
          .execute();
        for (const row of rows) totals.set(row.ticket_id, Number(row.total));
      }
      return totals;
    },

    async findRefundByKey(accountId, refundKey) {
      const row = await selectRefunds()
        .where('r.account_id', '=', accountId)
        .where('r.refund_key', '=', refundKey)
        .executeTakeFirst();
      return row ? toRefund(row as RefundRow) : undefined;
    },

    async findRefundByStripeId(stripeRefundId) {
      const row = await selectRefunds().where('r.stripe_refund_id', '=', stripeRefundId).executeTakeFirst();
      return row ? toRefund(row as RefundRow) : undefined;
    },

    async pendingRefunds(createdBeforeMs) {
      const rows = await selectRefunds()
        .where('r.status', '=', 'pending')
        .where('r.stripe_refund_id', 'is not', null)
        .where('r.created_at_ms', '<', createdBeforeMs)
        .orderBy('r.created_at_ms')
        .orderBy('r.id')
        .execute();
      return rows.map((row) => toRefund(row as RefundRow));
    },

    async insertRefund(refund, nowMs) {
      await db
        .insertInto('refunds')
        .values({
          id: refund.id,
          sale_id: refund.saleId,
          refund_key: refund.refundKey,
          stripe_idempotency_key: refund.stripeIdempotencyKey,
          amount_minor: refund.amountMinor,
          reason: refund.reason,
          status: refund.status ?? 'pending',
          method: refund.method ?? 'card',
          tender_id: refund.tenderId ?? null,
          tax_minor: refund.taxMinor ?? 0,
          approved_by_staff_id: refund.approvedByStaffId ?? null,
          register_id: refund.registerId ?? null,
          requested_by_staff_id: refund.requestedByStaffId,
          requested_by_user_id: refund.requestedByUserId,
          requested_by_label: refund.requestedByLabel,
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
          location_id: (eb) => eb.selectFrom('sales').select('location_id').where('id', '=', refund.saleId),
          account_id: (eb) => eb.selectFrom('sales').select('account_id').where('id', '=', refund.saleId),
        })
        .execute();
      const stored = await findRefund(refund.id);
      if (!stored) throw new Error(`refund ${refund.id} was not stored`);
      return stored;
    },

    async updateRefund(id, patch, nowMs) {
      const current = await findRefund(id);
      if (!current) throw new Error(`No refund ${id}`);
      await db
        .updateTable('refunds')
        .set({
          status: patch.status,
          stripe_refund_id:
            patch.stripeRefundId === undefined ? current.stripeRefundId : patch.stripeRefundId,
          application_fee_refunded_minor:
            patch.applicationFeeRefundedMinor ?? current.applicationFeeRefundedMinor,
          failure_message: patch.failureMessage === undefined ? current.failureMessage : patch.failureMessage,
          updated_at_ms: nowMs,
        })
        .where('id', '=', id)
        .execute();
      return (await findRefund(id)) as JournalRefund;
    },

    async refundsReturnApplicationFee() {
      const row = await db
        .selectFrom('platform_settings')
        .select('refund_application_fee')
        .where('id', '=', 1)
        .executeTakeFirst();
      return row === undefined ? true : row.refund_application_fee === 1;
    },

    async setRefundsReturnApplicationFee(value) {
      await db
        .updateTable('platform_settings')
        .set({ refund_application_fee: value ? 1 : 0 })
        .where('id', '=', 1)
        .execute();
    },
  };
}
