/**
 * Paying a sale by tenders: cash (into the register's open drawer, change given, paid at once) and card
 * (a card part: a `card_part` row of `sales` for the card's amount, paid through the ordinary card
 * endpoints — its PaymentIntent is for that amount only, with its own idempotency keys and the platform's
 * fee on it alone). The sale is paid when its tenders cover its amount due (tender-settlement.ts); a sale
 * whose only tenders are cash never reaches Stripe. Canceling a sale cancels its unpaid card tenders; a
 * sale that took cash is voided instead (the cash goes back out of the drawer; needs `refunds`).
 *
 * Each step runs under the sale's lock, and writes in one transaction holding the sale's row (and, for
 * cash, the drawer shift's), so two tenders cannot both take what is left, and a drawer being closed
 * cannot miss a cash sale.
 */
import {
  type AddTenderBody,
  changeDueMinor,
  type Sale,
  type TenderResponse,
  type VoidSaleBody,
} from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { Account } from '../../db/repositories/accounts.repo.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { SaleRecord } from '../../db/repositories/sales.repo.ts';
import type { TenderRecord } from '../../db/repositories/tenders.repo.ts';
import { applicationFeeMinor } from '../../domain/fees.ts';
import { nextSaleStatus } from '../../domain/sale-state.ts';
import { AppError, conflict, invalidRequest, notFound } from '../../errors.ts';
import type { SaleLock } from '../../locks/sale-lock.ts';
import type { Clock, IdGenerator } from '../../runtime.ts';
import type { Approvals } from '../approvals.ts';
import type { CounterContext } from '../auth.service.ts';
import { saleView, toApiSale } from './api-sale.ts';
import { completeIfPaid } from './tender-settlement.ts';

export interface TendersDeps {
  database: Database;
  saleLock: SaleLock;
  clock: Clock;
  ids: IdGenerator;
  approvals: Approvals;
  /** Cancels a card part's payment (reader action and PaymentIntent), under its own lock. */
  cancelCardPart(cardSaleId: string): Promise<Sale>;
  /** Refuses when the account cannot take card payments now. */
  requireCanCharge(account: Account): void;
}

const TENDERABLE = new Set(['open', 'awaiting_payment']);

export const DRAWER_CLOSED_MESSAGE =
  'The cash drawer is not open at this register. Open it (count the float) before taking cash.';

export function createTenders(deps: TendersDeps) {
  const { database, saleLock, clock, ids, approvals } = deps;
  const { repos } = database;

  async function scopedSale(counter: CounterContext, saleId: string): Promise<SaleRecord> {
    const sale = await repos.sales.findById(saleId);
    if (!sale || sale.accountId !== counter.account.id || sale.locationId !== counter.location.id) {
      throw notFound('sale_not_found', 'No such sale at this location.');
    }
    if (sale.kind !== 'sale') {
      throw invalidRequest('This is the card part of a sale: add tenders to the sale itself.');
    }
    return sale;
  }

  async function respond(tender: TenderRecord): Promise<TenderResponse> {
    const sale = await repos.sales.findById(tender.saleId);
    if (!sale) throw new Error(`tender ${tender.id} has no sale`);
    const view = await saleView(repos, sale);
    const card = tender.cardSaleId === null ? undefined : await repos.sales.findById(tender.cardSaleId);
    const tenderView = view.tenders.find((candidate) => candidate.id === tender.id);
    if (!tenderView) throw new Error(`tender ${tender.id} missing from its sale`);
    return { sale: view, tender: tenderView, cardSale: card ? await saleView(repos, card) : null };
  }

  /** What is left to pay after the tenders paid or being paid (card tenders not yet paid included). */
  function leftToTender(sale: SaleRecord, tenders: readonly TenderRecord[]): number {
    const taken = tenders
      .filter((tender) => tender.status === 'paid' || tender.status === 'pending')
      .reduce((sum, tender) => sum + tender.amountMinor, 0);
    return Math.max(0, sale.totalMinor - sale.tipMinor - taken);
  }

  /** The checks of a new tender, inside its transaction with the sale's row held. */
  async function checkedAmount(
    tx: Repositories,
    sale: SaleRecord,
    asked: number | undefined,
  ): Promise<number> {
    const current = await tx.sales.findById(sale.id);
    if (!current || !TENDERABLE.has(current.status)) {
      throw conflict(
        'sale_not_payable',
        `This sale is ${(current?.status ?? 'gone').replaceAll('_', ' ')} and cannot take a payment.`,
      );
    }
    if (current.paymentIntentId !== null || (await tx.payments.listBySale(current.id)).length > 0) {
      throw conflict(
        'sale_not_payable',
        'This sale is being paid by card on its own. Cancel it and ring it up again to split the payment.',
      );
    }
    const left = leftToTender(current, await tx.tenders.listBySale(current.id));
    const amount = asked ?? left;
    if (left === 0) throw conflict('sale_not_payable', 'Nothing is left to pay on this sale.');
    if (amount > left) throw invalidRequest(`At most ${left} (minor units) is left to pay on this sale.`);
    return amount;
  }

  async function addCash(
    counter: CounterContext,
    sale: SaleRecord,
    body: Extract<AddTenderBody, { method: 'cash' }>,
  ) {
    return database.transaction(async (tx) => {
      await tx.sales.lockForUpdate(sale.id);
      const amountMinor = await checkedAmount(tx, sale, body.amountMinor);
      if (body.tenderedMinor < amountMinor) {
        throw invalidRequest(
          'The cash handed over is less than the amount: take more, or take less in cash.',
        );
      }
      const shift = await tx.drawer.findOpenShift(counter.register.id);
      if (!shift) throw new AppError('drawer_closed', DRAWER_CLOSED_MESSAGE);
      await tx.drawer.lockShift(shift.id);
      if ((await tx.drawer.findShift(shift.id))?.closedAtMs !== null) {
        throw new AppError('drawer_closed', DRAWER_CLOSED_MESSAGE);
      }
      const nowMs = clock.nowMs();
      const tender = await tx.tenders.insert({
        id: ids.newId('tnd'),
        saleId: sale.id,
        tenderKey: body.tenderKey,
        method: 'cash',
        amountMinor,
        status: 'paid',
        tenderedMinor: body.tenderedMinor,
        changeMinor: changeDueMinor(amountMinor, body.tenderedMinor),
        shiftId: shift.id,
        cardSaleId: null,
        staffId: counter.staff.id,
        createdAtMs: nowMs,
      });
      if (!tender) throw conflict('conflict', 'This tenderKey was already used.');
      await tx.drawer.insertMovement({
        id: ids.newId('mov'),
        shiftId: shift.id,
        movementKey: null,
        kind: 'cash_sale',
        amountMinor,
        reason: null,
        staffId: counter.staff.id,
        saleId: sale.id,
        createdAtMs: nowMs,
      });
      await tx.sales.update(sale.id, { status: nextSaleStatus(sale.status, 'awaiting_payment') }, nowMs);
      await completeIfPaid(tx, sale.id, nowMs);
      return tender;
    });
  }

  async function addCard(
    counter: CounterContext,
    sale: SaleRecord,
    body: Extract<AddTenderBody, { method: 'card' }>,
  ) {
    deps.requireCanCharge(counter.account);
    const account = counter.account;
    return database.transaction(async (tx) => {
      await tx.sales.lockForUpdate(sale.id);
      const amountMinor = await checkedAmount(tx, sale, body.amountMinor);
      const nowMs = clock.nowMs();
      const cardSaleId = ids.newId('sale');
      const part = await tx.sales.insert({
        id: cardSaleId,
        accountId: account.id,
        locationId: counter.location.id,
        registerId: counter.register.id,
        staffId: counter.staff.id,
        clientSaleId: `${sale.clientSaleId}:card:${body.tenderKey}`,
        status: 'open',
        currency: sale.currency,
        description: `Card payment of sale ${sale.receiptNumber ?? sale.id}`,
        captureMethod: account.captureMethod,
        subtotalMinor: amountMinor,
        taxMinor: 0,
        tipMinor: 0,
        totalMinor: amountMinor,
        // The platform's fee is on card payments only: this card part's amount.
        applicationFeeMinor: applicationFeeMinor(amountMinor, account.feePlan),
        createdAtMs: nowMs,
        kind: 'card_part',
        parentSaleId: sale.id,
        lines: [
          {
            position: 0,
            productId: null,
            description: `Part of sale ${sale.receiptNumber ?? sale.id}`,
            quantity: 1,
            unitPriceMinor: amountMinor,
            amountMinor,
          },
        ],
      });
      if (!part) throw conflict('conflict', 'This tenderKey was already used.');
      const tender = await tx.tenders.insert({
        id: ids.newId('tnd'),
        saleId: sale.id,
        tenderKey: body.tenderKey,
        method: 'card',
        amountMinor,
        status: 'pending',
        tenderedMinor: null,
        changeMinor: null,
        shiftId: null,
        cardSaleId,
        staffId: counter.staff.id,
        createdAtMs: nowMs,
      });
      if (!tender) throw conflict('conflict', 'This tenderKey was already used.');
      await tx.sales.update(sale.id, { status: nextSaleStatus(sale.status, 'awaiting_payment') }, nowMs);
      return tender;
    });
  }

  /** Cancels the sale's unpaid card tenders (through Stripe when a payment started). */
  async function cancelPendingCards(saleId: string): Promise<void> {
    for (const tender of await repos.tenders.listBySale(saleId)) {
      if (tender.method === 'card' && tender.status === 'pending' && tender.cardSaleId !== null) {
        await deps.cancelCardPart(tender.cardSaleId);
      }
    }
  }

  return {
    /** Adds a cash or card tender (or answers a replay of the same tenderKey as the first time). */
    async addTender(
      counter: CounterContext,
      saleId: string,
      body: AddTenderBody,
    ): Promise<{ result: TenderResponse; created: boolean }> {
      const sale = await scopedSale(counter, saleId);
      return saleLock.withLock(sale.id, async () => {
        const existing = await repos.tenders.findByKey(body.tenderKey);
        if (existing) {
          if (existing.saleId !== sale.id || existing.method !== body.method) {
            throw conflict('conflict', 'This tenderKey was already used for another tender.');
          }
          return { result: await respond(existing), created: false };
        }
        const tender =
          body.method === 'cash' ? await addCash(counter, sale, body) : await addCard(counter, sale, body);
        return { result: await respond(tender), created: true };
      });
    },

    /**
     * Cancels a sale paid by tenders: its unpaid card tenders first (a card that went through keeps the
     * sale: 409, refund it instead). A sale that took cash is voided, not canceled.
     */
    async cancelSaleWithTenders(sale: SaleRecord): Promise<Sale> {
      const tenders = await repos.tenders.listBySale(sale.id);
      if (tenders.some((tender) => tender.status === 'paid')) {
        throw conflict(
          'sale_not_payable',
          tenders.some((tender) => tender.status === 'paid' && tender.method === 'cash')
            ? 'This sale took cash: void it instead, so the drawer gives the cash back.'
            : 'A card has paid part of this sale: refund that card instead.',
        );
      }
      await cancelPendingCards(sale.id);
      const canceled = await database.transaction(async (tx) => {
        await tx.sales.lockForUpdate(sale.id);
        const current = await tx.sales.findById(sale.id);
        if (!current) throw notFound('sale_not_found', 'No such sale.');
        if ((await tx.tenders.listBySale(sale.id)).some((tender) => tender.status === 'paid')) {
          throw conflict('sale_not_payable', 'A card has paid part of this sale: refund that card instead.');
        }
        return tx.sales.update(
          sale.id,
          { status: nextSaleStatus(current.status, 'canceled') },
          clock.nowMs(),
        );
      });
      return saleView(repos, canceled);
    },

    /**
     * Voids a sale not paid in full: unpaid card tenders are canceled, cash it took goes back out of this
     * register's drawer. Needs `refunds` (or an approval). A sale a card has paid is refunded instead.
     */
    async voidSale(counter: CounterContext, saleId: string, body: VoidSaleBody): Promise<Sale> {
      const sale = await scopedSale(counter, saleId);
      await approvals.authorize(counter, 'refunds', body.approval);
      return saleLock.withLock(sale.id, async () => {
        const current = (await repos.sales.findById(sale.id)) ?? sale;
        if (current.status === 'canceled') return saleView(repos, current);
        if (!TENDERABLE.has(current.status)) {
          throw conflict('sale_not_payable', 'This sale is paid: refund it instead.');
        }
        if (current.paymentIntentId !== null) {
          throw conflict('sale_not_payable', 'This sale is paid by card on its own: cancel it instead.');
        }
        await cancelPendingCards(sale.id);
        const voided = await database.transaction(async (tx) => {
          await tx.sales.lockForUpdate(sale.id);
          const tenders = await tx.tenders.listBySale(sale.id);
          if (tenders.some((tender) => tender.method === 'card' && tender.status === 'paid')) {
            throw conflict(
              'sale_not_payable',
              'A card has paid part of this sale: refund that card, then void it.',
            );
          }
          const cash = tenders.filter((tender) => tender.method === 'cash' && tender.status === 'paid');
          const nowMs = clock.nowMs();
          if (cash.length > 0) {
            const shift = await tx.drawer.findOpenShift(counter.register.id);
            if (!shift) throw new AppError('drawer_closed', DRAWER_CLOSED_MESSAGE);
            await tx.drawer.lockShift(shift.id);
            for (const tender of cash) {
              await tx.tenders.setStatus(tender.id, 'voided', nowMs);
              await tx.drawer.insertMovement({
                id: ids.newId('mov'),
                shiftId: shift.id,
                movementKey: null,
                kind: 'cash_void',
                amountMinor: -tender.amountMinor,
                reason: body.reason,
                staffId: counter.staff.id,
                saleId: sale.id,
                createdAtMs: nowMs,
              });
            }
          }
          const stored = await tx.sales.findById(sale.id);
          return tx.sales.update(
            sale.id,
            { status: nextSaleStatus(stored?.status ?? 'open', 'canceled') },
            nowMs,
          );
        });
        return toApiSale(voided, {
          tenders: await repos.tenders.listBySale(sale.id),
          cardParts: await repos.sales.listCardParts(sale.id),
          refunds: [],
        });
      });
    },
  };
}

export type Tenders = ReturnType<typeof createTenders>;
