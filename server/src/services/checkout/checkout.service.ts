/**
 * Card-present checkout at the counter: the catalog, the register's readers and connection tokens, sales
 * from the catalog or a keyed amount (new-sale.ts), payment attempts on a reader (attempts.ts), settlement
 * from the PaymentIntent as retrieved from Stripe (settlement.ts), and cancellation.
 *
 * Rules: every Stripe write carries an idempotency key derived from our ids (keys.ts); an attempt is
 * journaled before its Stripe call; a sale's status is always re-derived from the retrieved PaymentIntent
 * (never from event order); the database writes of one step are one transaction, never open across a
 * Stripe call. Steps for one sale hold its lock (the SaleLock port), so two requests cannot both create a
 * PaymentIntent or both capture.
 */
import type {
  AttemptResponse,
  Catalog,
  ConnectionTokenResponse,
  CounterReader,
  CreateSaleBody,
  ListSalesQuery,
  PresentCardBody,
  Sale,
  StartAttemptBody,
} from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { Account } from '../../db/repositories/accounts.repo.ts';
import type { Reader } from '../../db/repositories/readers.repo.ts';
import type { SaleRecord } from '../../db/repositories/sales.repo.ts';
import { connectionOf } from '../../domain/account-standing.ts';
import { AppError, conflict, invalidRequest, notFound } from '../../errors.ts';
import type { SaleLock } from '../../locks/sale-lock.ts';
import type { Clock, IdGenerator, Logger } from '../../runtime.ts';
import { GatewayError, type PaymentIntentView, type PaymentsGateway } from '../../stripe/payments.port.ts';
import type { ReaderSimulator } from '../../stripe/reader-simulator.port.ts';
import { createAccountAccess } from '../account-access.ts';
import type { Approvals } from '../approvals.ts';
import { type CounterContext, cannotChargeReason } from '../auth.service.ts';
import { counterCatalogOf, loadCatalog } from '../catalog/catalog-data.ts';
import { saleView, toApiSale } from './api-sale.ts';
import { createAttempts } from './attempts.ts';
import { counterErrorFromGateway } from './gateway-errors.ts';
import { accountContext, idempotencyKeys } from './keys.ts';
import { createNewSales } from './new-sale.ts';
import { createSettlement, isSettledForGood, type WithinSettlement } from './settlement.ts';
import { settleCardTender } from './tender-settlement.ts';
import { createTenders } from './tenders.ts';

export interface CheckoutDeps {
  database: Database;
  saleLock: SaleLock;
  gateway: PaymentsGateway;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  /** Emulator mode: enables presenting test cards on simulated readers through the API. */
  simulatedReaders: boolean;
  /** Emulator mode: the customer's other moves on a simulated server-driven reader (cancel). */
  readerSimulator: ReaderSimulator | null;
  approvals: Approvals;
}

/** Sale statuses a cancel can still stop. */
const CANCELABLE_STATUSES = new Set([
  'open',
  'awaiting_payment',
  'processing',
  'requires_capture',
  'payment_failed',
]);

/** The register's sales list: its last day. */
const TODAY_WINDOW_MS = 24 * 3_600_000;

export function createCheckoutService(deps: CheckoutDeps) {
  const { database, saleLock, gateway, clock, log } = deps;
  const { repos } = database;
  const settlement = createSettlement({ database, gateway, clock, log });
  const accountAccess = createAccountAccess({ database, clock, log });
  const attempts = createAttempts({
    database,
    gateway,
    settlement,
    accountAccess,
    clock,
    ids: deps.ids,
    log,
  });

  /** A failed Stripe call in the counter's words; an account Stripe says is gone is recorded as such. */
  async function counterFailure(error: unknown, account: Account): Promise<unknown> {
    return counterErrorFromGateway(await accountAccess.whenLost(account, error), account);
  }
  const newSales = createNewSales({ database, clock, ids: deps.ids, approvals: deps.approvals });
  const tenders = createTenders({
    database,
    saleLock,
    clock,
    ids: deps.ids,
    approvals: deps.approvals,
    cancelCardPart: (cardSaleId) => saleLock.withLock(cardSaleId, () => cancelLocked(cardSaleId)),
    requireCanCharge: (account) => requireCanCharge(account),
  });

  async function scopedSale(counter: CounterContext, saleId: string): Promise<SaleRecord> {
    const sale = await repos.sales.findById(saleId);
    if (!sale || sale.accountId !== counter.account.id || sale.locationId !== counter.location.id) {
      throw notFound('sale_not_found', 'No such sale at this location.');
    }
    return sale;
  }

  async function scopedReader(counter: CounterContext, readerId: string): Promise<Reader> {
    const reader = await repos.readers.findById(readerId);
    if (!reader || reader.accountId !== counter.account.id || reader.locationId !== counter.location.id) {
      throw notFound('reader_not_found', 'No such reader at this location.');
    }
    return reader;
  }

  function requireCanCharge(account: Account): void {
    const reason = cannotChargeReason(account);
    if (reason === null) return;
    const disconnected = connectionOf(account.standing) === 'disconnected';
    throw new AppError(disconnected ? 'account_disconnected' : 'account_cannot_charge', reason);
  }

  async function cancelLocked(saleId: string): Promise<Sale> {
    const sale = await repos.sales.findById(saleId);
    if (!sale) throw notFound('sale_not_found', 'No such sale.');
    if (
      sale.kind === 'sale' &&
      sale.paymentIntentId === null &&
      (await repos.tenders.listBySale(sale.id)).length > 0
    ) {
      return tenders.cancelSaleWithTenders(sale);
    }
    if (sale.status === 'canceled') {
      // Canceled elsewhere (the recovery sweeper): its tender follows.
      await database.transaction((tx) => settleCardTender(tx, sale, clock.nowMs()));
      return await saleView(repos, sale);
    }
    if (!CANCELABLE_STATUSES.has(sale.status)) {
      throw conflict(
        'sale_not_payable',
        `This sale is already ${sale.status.replaceAll('_', ' ')}; it is kept.`,
      );
    }
    if (!sale.paymentIntentId) {
      const canceled = await database.transaction(async (tx) => {
        for (const attempt of await tx.payments.listBySale(sale.id)) {
          if (attempt.status === 'pending' || attempt.status === 'started') {
            await tx.payments.update(attempt.id, { status: 'canceled' }, clock.nowMs());
          }
        }
        const updated = await tx.sales.update(sale.id, { status: 'canceled' }, clock.nowMs());
        await settleCardTender(tx, updated, clock.nowMs());
        return updated;
      });
      return await saleView(repos, canceled);
    }
    const account = await settlement.accountOf(sale);
    const context = accountContext(account);
    const paymentIntentId = sale.paymentIntentId;
    try {
      const reader = sale.readerId ? await repos.readers.findById(sale.readerId) : undefined;
      const attempt = await repos.payments.latestForSale(sale.id);
      if (reader?.integration === 'server_driven' && attempt) {
        const view = await gateway.retrieveReader(context, reader.stripeReaderId);
        if (view.action?.status === 'in_progress' && view.action.paymentIntentId === paymentIntentId) {
          await gateway.cancelReaderAction(context, reader.stripeReaderId, {
            idempotencyKey: idempotencyKeys.cancelAction(sale.id, attempt.attemptKey),
          });
        }
      }
      let intent: PaymentIntentView;
      try {
        intent = await gateway.cancelPaymentIntent(context, paymentIntentId, {
          idempotencyKey: idempotencyKeys.cancel(sale.id, paymentIntentId),
        });
      } catch (error) {
        if (!(error instanceof GatewayError && error.code === 'invalid_state')) throw error;
        intent = await gateway.retrievePaymentIntent(context, paymentIntentId);
      }
      if (intent.status !== 'canceled') {
        const settled = await settlement.settleLocked(sale.id);
        throw conflict(
          'sale_not_payable',
          settled.status === 'succeeded'
            ? 'The payment already went through, so the sale is kept. Refund it instead.'
            : `The payment could not be canceled (it is ${settled.status.replaceAll('_', ' ')}).`,
        );
      }
      return await saleView(
        repos,
        await settlement.applyPaymentIntent(sale.id, intent, null, undefined, account),
      );
    } catch (error) {
      throw await counterFailure(error, account);
    }
  }

  return {
    /** The catalog at the register's location: what is sold there, at its prices there, and its taxes. */
    async getCatalog(counter: CounterContext): Promise<Catalog> {
      return counterCatalogOf(
        await loadCatalog(repos, counter.account.id),
        counter.location,
        counter.account.currency,
      );
    },

    /** The register's location's readers, with Stripe's last known status (null when it can't be read). */
    async listReaders(counter: CounterContext): Promise<CounterReader[]> {
      const readers = (await repos.readers.listByLocation(counter.location.id)).filter(
        (reader) => reader.accountId === counter.account.id,
      );
      const context = accountContext(counter.account);
      const statuses = await Promise.allSettled(
        readers.map((reader) => gateway.retrieveReader(context, reader.stripeReaderId)),
      );
      return readers.map((reader, index) => {
        const result = statuses[index];
        return {
          id: reader.id,
          stripeReaderId: reader.stripeReaderId,
          label: reader.label,
          deviceType: reader.deviceType,
          integration: reader.integration,
          status: result?.status === 'fulfilled' ? result.value.status : null,
        };
      });
    },

    /**
     * A fresh connection token, never cached: on the connected account for direct charges, on the platform
     * for destination charges; always scoped to the register's Stripe Terminal location (a token without a
     * location would let the device connect to any reader of the account). A location without one is refused.
     */
    async createConnectionToken(counter: CounterContext): Promise<ConnectionTokenResponse> {
      const stripeLocationId = counter.location.stripeLocationId;
      if (stripeLocationId === null) {
        throw new AppError(
          'terminal_location_missing',
          `${counter.location.name} is not set up for card readers yet (it has no Stripe Terminal location). Ask the platform to finish setting up this location.`,
        );
      }
      try {
        const secret = await gateway.createConnectionToken(accountContext(counter.account), stripeLocationId);
        return { secret };
      } catch (error) {
        throw await counterFailure(error, counter.account);
      }
    },

    /** Creates the sale (or returns the one already created with this clientSaleId at this register). */
    async createSale(
      counter: CounterContext,
      body: CreateSaleBody,
    ): Promise<{ sale: Sale; created: boolean }> {
      const { sale, created } = await newSales.create(counter, body, () => requireCanCharge(counter.account));
      // A sale created just now has no tenders, card parts or refunds to read.
      return { sale: created ? toApiSale(sale) : await saleView(repos, sale), created };
    },

    /**
     * Starts (or replays) a payment attempt on one of the register's readers. The sale's PaymentIntent is
     * created once and reused by later attempts (e.g. after a decline); a server-driven reader is shown the
     * cart and handed the PaymentIntent; a JS SDK reader gets the client secret back.
     */
    async startAttempt(
      counter: CounterContext,
      saleId: string,
      body: StartAttemptBody,
    ): Promise<AttemptResponse> {
      await scopedSale(counter, saleId);
      return saleLock.withLock(saleId, async () =>
        attempts.startLocked({
          sale: await scopedSale(counter, saleId),
          reader: await scopedReader(counter, body.readerId),
          account: counter.account,
          body,
          timeZone: counter.location.timeZone,
          requireCanCharge,
        }),
      );
    },

    /** Re-reads the PaymentIntent (and reader) from Stripe, settles, and returns the truth. */
    async syncSale(counter: CounterContext, saleId: string): Promise<Sale> {
      await scopedSale(counter, saleId);
      try {
        // The session's account (loaded for this request) is the sale's: scopedSale checked it.
        return await saleView(
          repos,
          await saleLock.withLock(saleId, () => settlement.settleLocked(saleId, undefined, counter.account)),
        );
      } catch (error) {
        throw await counterFailure(error, counter.account);
      }
    },

    /**
     * Settles the sale that owns `paymentIntentId` (webhooks), re-deriving everything from the retrieved
     * PaymentIntent; `withinTransaction` runs inside the transaction that records the outcome (the webhook
     * service claims its event id there). Null when the PaymentIntent is not one of our sales'.
     */
    async settleByPaymentIntent(
      paymentIntentId: string,
      withinTransaction?: WithinSettlement,
    ): Promise<SaleRecord | null> {
      const sale = await repos.sales.findByPaymentIntentId(paymentIntentId);
      if (!sale) return null;
      // The usual late webhook (payment_intent.succeeded after the counter's sync captured): nothing to
      // settle, so no lock to wait for (a database lease on several processes) and no second read.
      if (isSettledForGood(sale)) {
        if (withinTransaction) await database.transaction(withinTransaction);
        return sale;
      }
      return saleLock.withLock(sale.id, () => settlement.settleLocked(sale.id, withinTransaction));
    },

    /** Settles one sale by id under its lock (the recovery sweeper). */
    settleSale(saleId: string): Promise<SaleRecord> {
      return saleLock.withLock(saleId, () => settlement.settleLocked(saleId));
    },

    /** Runs `work` under the sale's lock (the recovery sweeper's own steps on a sale). */
    withSaleLock<T>(saleId: string, work: () => Promise<T>): Promise<T> {
      return saleLock.withLock(saleId, work);
    },

    /**
     * Cancels the reader action and the PaymentIntent. A sale whose payment already went through is kept
     * (409 sale_not_payable says so); a sale without a PaymentIntent is simply canceled.
     */
    async cancelSale(counter: CounterContext, saleId: string): Promise<Sale> {
      await scopedSale(counter, saleId);
      return saleLock.withLock(saleId, () => cancelLocked(saleId));
    },

    /**
     * Emulator mode only: the customer on one of the location's server-driven simulated readers presents a
     * test card (Stripe's present_payment_method test helper; a tip when the reader asks for one), or
     * presses cancel. The counter then syncs the sale as usual.
     */
    async presentTestCard(counter: CounterContext, readerId: string, body: PresentCardBody): Promise<void> {
      if (!deps.simulatedReaders) {
        throw notFound('not_found', 'Simulated card presentment is only available with the emulator.');
      }
      const reader = await scopedReader(counter, readerId);
      if (reader.integration !== 'server_driven') {
        throw invalidRequest(
          'readerId: present a card on a JS SDK reader through the Terminal SDK simulator instead.',
        );
      }
      try {
        if (body.action === 'cancel') {
          if (!deps.readerSimulator) {
            throw notFound('not_found', 'A customer cancel is only available with the emulator.');
          }
          await deps.readerSimulator.customerCancel(reader.stripeReaderId);
          return;
        }
        await gateway.presentTestPaymentMethod(accountContext(counter.account), reader.stripeReaderId, {
          cardNumber: body.cardNumber,
          type: body.type,
          ...(body.tipMinor === undefined ? {} : { tipMinor: body.tipMinor }),
        });
      } catch (error) {
        throw await counterFailure(error, counter.account);
      }
    },

    async getSale(counter: CounterContext, saleId: string): Promise<Sale> {
      return await saleView(repos, await scopedSale(counter, saleId));
    },

    /** `shift`: this staff member's sales at this register since signing in; `today`: the register's last 24 h. */
    async listSales(counter: CounterContext, query: ListSalesQuery): Promise<Sale[]> {
      const sales =
        query.scope === 'shift'
          ? await repos.sales.listByRegisterSince(counter.register.id, counter.session.createdAtMs, {
              staffId: counter.staff.id,
            })
          : await repos.sales.listByRegisterSince(counter.register.id, clock.nowMs() - TODAY_WINDOW_MS);
      return Promise.all(sales.map((sale) => saleView(repos, sale)));
    },

    /** Pays part (or the rest) of a sale in cash or by card (tenders.ts). */
    addTender: tenders.addTender,

    /** Voids a sale not paid in full that took cash (the cash goes back from the drawer). */
    voidSale: tenders.voidSale,

    /** The register's unfinished sale (to resume after a reload), or null. */
    async inFlight(counter: CounterContext): Promise<Sale | null> {
      const sale = await repos.sales.findInFlight(counter.register.id);
      return sale && sale.locationId === counter.location.id ? await saleView(repos, sale) : null;
    },
  };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
