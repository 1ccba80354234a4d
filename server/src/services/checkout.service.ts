/**
 * Card-present checkout (interfaces §F): sales built from the catalog or a keyed amount, payment attempts
 * on a register's readers (JS SDK or server-driven), settlement from the PaymentIntent as retrieved from
 * Stripe (capture with the tip and the fee recomputed on the final amount), and cancellation.
 *
 * Rules: every Stripe write carries an idempotency key derived from our ids; an attempt is journaled before
 * its Stripe call; a sale's status is always re-derived from the retrieved PaymentIntent (never from event
 * order); database writes for one step happen in one SQLite transaction. Calls for one sale are serialized
 * in-process so two requests cannot both create a PaymentIntent or both capture.
 */
import {
  type AttemptResponse,
  type Catalog,
  type ConnectionTokenResponse,
  type CounterReader,
  type CreateSaleBody,
  ERROR_STATUS,
  type ErrorCode,
  isSalePayable,
  type ListSalesQuery,
  type PresentCardBody,
  type Sale,
  type StartAttemptBody,
} from '@countertop/shared';
import type { Account, AccountsRepo } from '../db/accounts.repo.ts';
import type { LocationsRepo } from '../db/locations.repo.ts';
import type { Db } from '../db/open.ts';
import type { PaymentAttempt, PaymentsRepo } from '../db/payments.repo.ts';
import type { ProductsRepo } from '../db/products.repo.ts';
import type { Reader, ReadersRepo } from '../db/readers.repo.ts';
import type { NewSale, SaleLineRecord, SaleRecord, SaleStatePatch, SalesRepo } from '../db/sales.repo.ts';
import { cashierMessage } from '../domain/decline-messages.ts';
import { applicationFeeMinor } from '../domain/fees.ts';
import { nextSaleStatus, saleStatusForPaymentIntent } from '../domain/sale-state.ts';
import { computeSaleTotals, TotalsError } from '../domain/totals.ts';
import { AppError, conflict, invalidRequest, notFound } from '../errors.ts';
import type { Clock, IdGenerator, Logger } from '../runtime.ts';
import {
  type AccountContext,
  GatewayError,
  isGatewayError,
  type PaymentIntentView,
  type PaymentsGateway,
  type ReaderView,
} from '../stripe/gateway.ts';
import { type CounterContext, cannotChargeReason } from './auth.service.ts';
import { enforceRiskLimits } from './risk-limits.ts';

export interface CheckoutRepos {
  accounts: AccountsRepo;
  locations: LocationsRepo;
  readers: ReadersRepo;
  products: ProductsRepo;
  sales: SalesRepo;
  payments: PaymentsRepo;
}

export interface CheckoutDeps {
  db: Db;
  repos: CheckoutRepos;
  gateway: PaymentsGateway;
  clock: Clock;
  ids: IdGenerator;
  log?: Logger;
  /** Emulator mode: enables presenting test cards on simulated readers through the API. */
  simulatedReaders?: boolean;
}

/** Reader failures that stop an attempt before the payment reaches the reader. */
const READER_UNAVAILABLE = new Set(['reader_busy', 'reader_offline', 'reader_timeout']);

/** Sale statuses whose PaymentIntent has succeeded (captured): no later PaymentIntent state can move them. */
const CAPTURED_STATUSES = new Set(['succeeded', 'partially_refunded', 'refunded']);

/** Description of the single line of a keyed-amount sale when the cashier typed none. */
export const KEYED_SALE_DESCRIPTION = 'Custom amount';

// ---------------------------------------------------------------------------------------------
// Idempotency keys: derived from our ids only, so a retry of the same step always reuses its key.

export const idempotencyKeys = {
  createPaymentIntent: (saleId: string, attemptKey: string) => `${saleId}-attempt_${attemptKey}-create`,
  setReaderDisplay: (saleId: string, attemptKey: string) => `${saleId}-attempt_${attemptKey}-display`,
  updatePaymentIntent: (saleId: string, attemptKey: string) => `${saleId}-attempt_${attemptKey}-update`,
  process: (saleId: string, attemptKey: string) => `${saleId}-attempt_${attemptKey}-process`,
  capture: (saleId: string, paymentIntentId: string) => `${saleId}-${paymentIntentId}-capture`,
  cancelAction: (saleId: string, attemptKey: string) => `${saleId}-attempt_${attemptKey}-cancel_action`,
  cancel: (saleId: string, paymentIntentId: string) => `${saleId}-${paymentIntentId}-cancel`,
};

export function accountContext(account: Account): AccountContext {
  return { stripeAccountId: account.stripeAccountId, chargeType: account.chargeType };
}

/** The API shape of a stored sale. */
export function toApiSale(sale: SaleRecord): Sale {
  return {
    id: sale.id,
    clientSaleId: sale.clientSaleId,
    status: sale.status,
    currency: sale.currency,
    lines: sale.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      amountMinor: line.amountMinor,
    })),
    subtotalMinor: sale.subtotalMinor,
    taxMinor: sale.taxMinor,
    tipMinor: sale.tipMinor,
    totalMinor: sale.totalMinor,
    applicationFeeMinor: sale.applicationFeeMinor,
    createdAt: new Date(sale.createdAtMs).toISOString(),
    staffId: sale.staffId,
    readerId: sale.readerId,
    paymentIntentId: sale.paymentIntentId,
    lastError: sale.lastError,
    card: sale.card,
  };
}

/** Turns a gateway failure into the API error the counter shows. */
export function toAppError(error: unknown): unknown {
  if (!isGatewayError(error)) return error;
  const options = { cause: error };
  switch (error.code) {
    case 'reader_busy':
      return new AppError(
        'reader_busy',
        'The reader is busy with another action. Finish or cancel it on the reader, then try again.',
        options,
      );
    case 'reader_offline':
      return new AppError('reader_offline', 'The reader is offline. Check its power and network.', options);
    case 'reader_timeout':
      return new AppError('reader_offline', 'The reader did not respond in time. Try again.', options);
    case 'card_declined':
      return new AppError('card_declined', cashierMessage(error.stripeCode, error.declineCode), options);
    case 'payment_failed':
      return new AppError('payment_failed', cashierMessage(error.stripeCode, error.declineCode), options);
    case 'unavailable':
    case 'rate_limited':
      return new AppError(
        'stripe_unavailable',
        'Stripe could not be reached. The payment may or may not have started; check the sale before retrying.',
        options,
      );
    default:
      return new AppError('stripe_error', `Stripe refused the request: ${error.message}`, options);
  }
}

export function createCheckoutService(deps: CheckoutDeps) {
  const { db, repos, gateway, clock, ids } = deps;
  const log = deps.log ?? (() => {});

  // One in-process queue per sale: steps for the same sale never interleave across awaits.
  const saleQueues = new Map<string, Promise<unknown>>();
  async function withSaleLock<T>(saleId: string, work: () => Promise<T>): Promise<T> {
    const previous = saleQueues.get(saleId) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    saleQueues.set(saleId, settled);
    try {
      return await run;
    } finally {
      if (saleQueues.get(saleId) === settled) saleQueues.delete(saleId);
    }
  }

  function scopedSale(counter: CounterContext, saleId: string): SaleRecord {
    const sale = repos.sales.findById(saleId);
    if (!sale || sale.accountId !== counter.account.id || sale.locationId !== counter.location.id) {
      throw notFound('sale_not_found', 'No such sale at this location.');
    }
    return sale;
  }

  function scopedReader(counter: CounterContext, readerId: string): Reader {
    const reader = repos.readers.findById(readerId);
    if (!reader || reader.accountId !== counter.account.id || reader.locationId !== counter.location.id) {
      throw notFound('reader_not_found', 'No such reader at this location.');
    }
    return reader;
  }

  function requireCanCharge(account: Account): void {
    const reason = cannotChargeReason(account);
    if (reason) throw new AppError('account_cannot_charge', reason);
  }

  function accountOf(sale: SaleRecord): Account {
    const account = repos.accounts.findById(sale.accountId);
    if (!account) throw new Error(`Sale ${sale.id} has no account ${sale.accountId}`);
    return account;
  }

  /**
   * Applies what the retrieved PaymentIntent (and, for server-driven readers, the reader's action) says
   * to the sale and its latest attempt, in one transaction. Never moves a sale backwards.
   */
  function applyPaymentIntent(
    saleId: string,
    intent: PaymentIntentView,
    readerAction: ReaderView['action'] | null,
    withinTransaction?: () => void,
    knownAccount?: Account,
  ): SaleRecord {
    return db.transaction(() => {
      withinTransaction?.();
      const sale = repos.sales.findById(saleId)!;
      // The caller's copy of the sale's account (read for this same step) saves a read.
      const account = knownAccount?.id === sale.accountId ? knownAccount : accountOf(sale);
      const attempts = repos.payments.listBySale(sale.id);
      const attempt = attempts
        .filter((a) => a.status !== 'start_failed')
        .filter((a) => a.paymentIntentId === intent.id || a.paymentIntentId === null)
        .at(-1);
      const actionForIntent =
        readerAction && readerAction.paymentIntentId === intent.id ? readerAction : null;

      let failure = intent.status === 'requires_payment_method' ? intent.lastPaymentError : null;
      const failedChargeId = failure ? (failure.chargeId ?? intent.latestCharge?.id ?? null) : null;
      // A decline already recorded on an earlier attempt is history, not news about the current one.
      if (
        failedChargeId &&
        attempts.some((a) => a.id !== attempt?.id && a.failedChargeId === failedChargeId)
      ) {
        failure = null;
      }
      // A reader still waiting for a card means the sale awaits payment, whatever the last decline was.
      if (actionForIntent?.status === 'in_progress') failure = null;
      if (intent.status === 'requires_payment_method' && !failure && actionForIntent?.status === 'failed') {
        failure = {
          code: actionForIntent.error?.code ?? actionForIntent.failureCode ?? 'reader_action_failed',
          declineCode: actionForIntent.error?.declineCode ?? null,
          message:
            actionForIntent.error?.message ?? actionForIntent.failureMessage ?? 'The reader action failed.',
        };
      }
      const observed = saleStatusForPaymentIntent(intent.status, failure !== null);
      const status = nextSaleStatus(sale.status, observed);
      const lastError = failure
        ? {
            code: failure.code,
            declineCode: failure.declineCode,
            message: cashierMessage(failure.code, failure.declineCode),
          }
        : null;

      const patch: SaleStatePatch = { status };
      if (sale.paymentIntentId === null) patch.paymentIntentId = intent.id;
      if (status === 'payment_failed' && lastError) patch.lastError = lastError;
      if (status !== 'payment_failed' && status === observed) patch.lastError = null;
      const charge = intent.latestCharge;
      if (charge?.card && (status === 'succeeded' || status === 'requires_capture')) {
        patch.chargeId = charge.id;
        patch.cardDetails = charge.card;
        patch.card =
          charge.card.brand && charge.card.last4
            ? { brand: charge.card.brand, last4: charge.card.last4, readMethod: charge.card.readMethod }
            : null;
      }
      if (status === 'requires_capture') patch.tipMinor = intent.tipMinor;
      if (status === 'succeeded' && sale.status !== 'succeeded') {
        const totalMinor = intent.amountReceivedMinor > 0 ? intent.amountReceivedMinor : intent.amountMinor;
        patch.totalMinor = totalMinor;
        patch.tipMinor = Math.max(intent.tipMinor, totalMinor - (sale.subtotalMinor + sale.taxMinor), 0);
        patch.applicationFeeMinor =
          intent.applicationFeeMinor ?? applicationFeeMinor(totalMinor, account.feePlan);
        patch.capturedAtMs = clock.nowMs();
      }
      const updated = repos.sales.update(sale.id, patch, clock.nowMs());

      if (attempt) {
        if (status === 'succeeded' || status === 'requires_capture') {
          repos.payments.update(
            attempt.id,
            { paymentIntentId: intent.id, status: 'succeeded' },
            clock.nowMs(),
          );
        } else if (status === 'canceled') {
          repos.payments.update(
            attempt.id,
            { paymentIntentId: intent.id, status: 'canceled' },
            clock.nowMs(),
          );
        } else if (status === 'payment_failed' && lastError) {
          repos.payments.update(
            attempt.id,
            {
              paymentIntentId: intent.id,
              status: 'failed',
              errorCode: lastError.code,
              declineCode: lastError.declineCode,
              errorMessage: lastError.message,
              failedChargeId,
            },
            clock.nowMs(),
          );
        }
      }
      return updated;
    })();
  }

  async function readerActionFor(sale: SaleRecord, account: Account): Promise<ReaderView['action'] | null> {
    if (!sale.readerId) return null;
    const reader = repos.readers.findById(sale.readerId);
    if (reader?.integration !== 'server_driven') return null;
    try {
      return (await gateway.retrieveReader(accountContext(account), reader.stripeReaderId)).action;
    } catch (error) {
      log(`checkout: could not read reader ${reader.stripeReaderId} for ${sale.id}: ${String(error)}`);
      return null;
    }
  }

  /**
   * Retrieves the sale's PaymentIntent and settles: an authorization (`requires_capture`) is captured for
   * the whole authorized amount (tip included) with the fee recomputed on it; anything else is recorded.
   * Must run under the sale's lock.
   */
  async function reconcileLocked(
    saleId: string,
    withinTransaction?: () => void,
    knownAccount?: Account,
  ): Promise<SaleRecord> {
    const sale = repos.sales.findById(saleId);
    if (!sale) throw notFound('sale_not_found', 'No such sale.');
    // A captured sale is final as far as its PaymentIntent goes (refunds are recorded by the refunds
    // service): re-reading it could change nothing, so a late webhook or a sync after a webhook's capture
    // costs no Stripe call. Checked under the sale's lock, so a settlement in progress has finished.
    if (!sale.paymentIntentId || CAPTURED_STATUSES.has(sale.status)) {
      if (withinTransaction) db.transaction(withinTransaction)();
      return sale;
    }
    const account = knownAccount?.id === sale.accountId ? knownAccount : accountOf(sale);
    const context = accountContext(account);
    let intent = await gateway.retrievePaymentIntent(context, sale.paymentIntentId);
    if (intent.status === 'requires_capture') {
      const authorized = intent;
      const amountToCaptureMinor = intent.amountCapturableMinor;
      try {
        intent = await gateway.capturePaymentIntent(context, intent.id, {
          amountToCaptureMinor,
          applicationFeeMinor: applicationFeeMinor(amountToCaptureMinor, account.feePlan),
          idempotencyKey: idempotencyKeys.capture(sale.id, intent.id),
        });
      } catch (error) {
        // Someone else (a webhook, another tab) may have captured or canceled it meanwhile: re-read.
        if (
          !(
            isGatewayError(error) &&
            (error.code === 'invalid_state' || error.code === 'idempotency_conflict')
          )
        ) {
          // The capture failed: record the authorization, so the sale shows it (sync, a webhook or the
          // recovery sweeper captures later). When the capture works, the captured state is written once.
          applyPaymentIntent(sale.id, authorized, null, undefined, account);
          throw error;
        }
        intent = await gateway.retrievePaymentIntent(context, intent.id);
      }
    }
    const action = intent.status === 'succeeded' ? null : await readerActionFor(sale, account);
    return applyPaymentIntent(sale.id, intent, action, withinTransaction, account);
  }

  function buildLines(counter: CounterContext, body: CreateSaleBody): Omit<SaleLineRecord, 'amountMinor'>[] {
    if (body.keyedAmountMinor !== undefined) {
      return [
        {
          position: 0,
          productId: null,
          description: body.description ?? KEYED_SALE_DESCRIPTION,
          quantity: 1,
          unitPriceMinor: body.keyedAmountMinor,
        },
      ];
    }
    return (body.items ?? []).map((item, position) => {
      const product = repos.products.findById(item.productId);
      if (!product || product.accountId !== counter.account.id || !product.active) {
        throw invalidRequest(
          `items.${position}.productId: no such product in this catalog (${item.productId})`,
        );
      }
      return {
        position,
        productId: product.id,
        description: product.name,
        quantity: item.quantity,
        unitPriceMinor: product.priceMinor,
      };
    });
  }

  /** Whether a replayed create-sale body asks for the sale already recorded under its clientSaleId. */
  function sameRequest(sale: SaleRecord, body: CreateSaleBody): boolean {
    if (body.keyedAmountMinor !== undefined) {
      const [line] = sale.lines;
      return (
        sale.lines.length === 1 && line?.productId === null && line.unitPriceMinor === body.keyedAmountMinor
      );
    }
    const items = body.items ?? [];
    return (
      sale.lines.length === items.length &&
      sale.lines.every(
        (line, index) =>
          line.productId === items[index]?.productId && line.quantity === items[index]?.quantity,
      )
    );
  }

  async function createOrReplayPaymentIntent(
    sale: SaleRecord,
    account: Account,
    attempt: PaymentAttempt,
  ): Promise<PaymentIntentView> {
    const context = accountContext(account);
    const createWith = (keyAttempt: PaymentAttempt) =>
      gateway.createTerminalPaymentIntent({
        account: context,
        amountMinor: sale.totalMinor,
        currency: sale.currency,
        applicationFeeMinor: sale.applicationFeeMinor,
        captureMethod: sale.captureMethod,
        description: `${account.businessName} sale ${sale.id}`,
        metadata: { sale_id: sale.id, attempt: keyAttempt.id },
        idempotencyKey: idempotencyKeys.createPaymentIntent(sale.id, keyAttempt.attemptKey),
      });
    // An earlier attempt whose create may have committed without us hearing back: replay its key first,
    // so an ambiguous create can never leave the sale with two PaymentIntents.
    const ambiguous = repos.payments
      .listBySale(sale.id)
      .filter((earlier) => earlier.id !== attempt.id && earlier.paymentIntentId === null)
      .filter((earlier) => earlier.status === 'pending' || earlier.errorCode === 'stripe_unavailable');
    for (const earlier of ambiguous.reverse().slice(0, 3)) {
      try {
        return await createWith(earlier);
      } catch (error) {
        log(`checkout: replaying create for ${sale.id}/${earlier.id} failed: ${String(error)}`);
      }
    }
    return createWith(attempt);
  }

  async function startAttemptLocked(
    counter: CounterContext,
    saleId: string,
    body: StartAttemptBody,
  ): Promise<AttemptResponse> {
    let sale = scopedSale(counter, saleId);
    const reader = scopedReader(counter, body.readerId);
    const account = counter.account;
    const context = accountContext(account);

    let attempt = repos.payments.findByAttemptKey(body.attemptKey);
    if (attempt && attempt.saleId !== sale.id) {
      throw conflict('conflict', 'This attemptKey was already used for another sale.');
    }
    if (attempt && attempt.readerId !== reader.id) {
      throw conflict('conflict', 'This attemptKey was already used with another reader.');
    }
    if (attempt?.status === 'start_failed') {
      // A retried request that failed definitively the first time fails the same way.
      const code =
        attempt.errorCode && attempt.errorCode in ERROR_STATUS
          ? (attempt.errorCode as ErrorCode)
          : 'stripe_error';
      throw new AppError(code, attempt.errorMessage ?? 'This payment attempt could not start.');
    }
    if (attempt && attempt.paymentIntentId === null && !isSalePayable(sale.status)) {
      // reliability: a replayed attempt that never got a PaymentIntent must not start one on a sale settled
      // meanwhile (e.g. canceled by the recovery sweeper as abandoned).
      throw conflict(
        'sale_not_payable',
        `This sale is ${sale.status.replaceAll('_', ' ')} and cannot take a payment.`,
      );
    }
    if (attempt && attempt.status !== 'pending' && attempt.paymentIntentId) {
      // A retried request: answer as the first time, with the current truth.
      const intent = await gateway.retrievePaymentIntent(context, attempt.paymentIntentId);
      return {
        sale: toApiSale(repos.sales.findById(sale.id)!),
        attempt: {
          id: attempt.id,
          paymentIntentId: attempt.paymentIntentId,
          clientSecret: attempt.integration === 'js_sdk' ? intent.clientSecret : null,
          integration: attempt.integration,
        },
      };
    }

    if (!attempt) {
      if (!isSalePayable(sale.status)) {
        throw conflict(
          'sale_not_payable',
          `This sale is ${sale.status.replaceAll('_', ' ')} and cannot take a payment.`,
        );
      }
      requireCanCharge(account);
      const newAttempt = {
        id: ids.newId('att'),
        saleId: sale.id,
        attemptKey: body.attemptKey,
        readerId: reader.id,
        integration: reader.integration,
      };
      // Journal first: the attempt exists before any Stripe call is made for it.
      const journaled = db.transaction(() => {
        const inserted = repos.payments.insert(newAttempt, clock.nowMs());
        const updated = repos.sales.update(
          sale.id,
          { status: nextSaleStatus(sale.status, 'awaiting_payment'), readerId: reader.id },
          clock.nowMs(),
        );
        return { inserted, updated };
      })();
      attempt = journaled.inserted;
      sale = journaled.updated;
    }
    const current = attempt;

    const markStarted = (intent: PaymentIntentView): AttemptResponse => {
      const { started, updated } = db.transaction(() => {
        const before = repos.sales.findById(sale.id)!;
        const status = nextSaleStatus(before.status, 'awaiting_payment');
        // A first attempt's sale is already awaiting payment with no error: nothing to write on it then.
        const updated =
          status === before.status && before.lastError === null
            ? before
            : repos.sales.update(sale.id, { status, lastError: null }, clock.nowMs());
        const started = repos.payments.update(
          current.id,
          { paymentIntentId: intent.id, status: 'started' },
          clock.nowMs(),
        );
        return { started, updated };
      })();
      return {
        sale: toApiSale(updated),
        attempt: {
          id: started.id,
          paymentIntentId: intent.id,
          clientSecret: reader.integration === 'js_sdk' ? intent.clientSecret : null,
          integration: reader.integration,
        },
      };
    };

    /** After an unanswered reader request: did the reader get the payment anyway? */
    const startedDespiteNoAnswer = async (): Promise<AttemptResponse | null> => {
      const paymentIntentId = repos.payments.findById(current.id)?.paymentIntentId;
      if (reader.integration !== 'server_driven' || !paymentIntentId) return null;
      try {
        const view = await gateway.retrieveReader(context, reader.stripeReaderId);
        if (
          view.action?.type !== 'process_payment_intent' ||
          view.action.paymentIntentId !== paymentIntentId
        ) {
          return null;
        }
        return markStarted(await gateway.retrievePaymentIntent(context, paymentIntentId));
      } catch {
        return null;
      }
    };

    // Showing the cart on a server-driven reader does not need the PaymentIntent, so on a first attempt it
    // runs while the PaymentIntent is created: one Stripe round trip less before the customer can tap.
    const displayCart = (): Promise<unknown> =>
      gateway
        .setReaderDisplay(context, reader.stripeReaderId, {
          cart: {
            currency: sale.currency,
            lineItems: sale.lines.map((line) => ({
              description: line.description,
              amountMinor: line.amountMinor,
              quantity: line.quantity,
            })),
            taxMinor: sale.taxMinor,
            totalMinor: sale.totalMinor,
          },
          idempotencyKey: idempotencyKeys.setReaderDisplay(sale.id, current.attemptKey),
        })
        .catch((error: unknown) => {
          // The cart display is a courtesy; only a busy, offline or unresponsive reader stops the payment.
          if (isGatewayError(error) && READER_UNAVAILABLE.has(error.code)) throw error;
          log(`checkout: set_reader_display failed for ${sale.id}: ${String(error)}`);
        });
    let cartDisplayed: Promise<unknown> | null = null;

    try {
      let intent: PaymentIntentView;
      if (sale.paymentIntentId === null) {
        if (reader.integration === 'server_driven') {
          cartDisplayed = displayCart();
          // Awaited below; this handler only keeps a failed create from leaving it unobserved.
          cartDisplayed.catch(() => undefined);
        }
        intent = await createOrReplayPaymentIntent(sale, account, current);
        db.transaction(() => {
          repos.sales.update(sale.id, { paymentIntentId: intent.id }, clock.nowMs());
          repos.payments.update(current.id, { paymentIntentId: intent.id }, clock.nowMs());
        })();
      } else {
        intent = await gateway.retrievePaymentIntent(context, sale.paymentIntentId);
        repos.payments.update(current.id, { paymentIntentId: intent.id }, clock.nowMs());
        if (intent.status === 'requires_payment_method') {
          // Reusing the sale's PaymentIntent for a new attempt (e.g. after a decline): tag it with the attempt;
          // the update also clears Stripe's last_payment_error from the previous card.
          intent = await gateway.updatePaymentIntent(context, intent.id, {
            metadata: { sale_id: sale.id, attempt: current.id },
            idempotencyKey: idempotencyKeys.updatePaymentIntent(sale.id, current.attemptKey),
          });
        }
      }
      if (
        intent.status === 'succeeded' ||
        intent.status === 'requires_capture' ||
        intent.status === 'canceled'
      ) {
        const settled = await reconcileLocked(sale.id);
        throw conflict('sale_not_payable', `This sale is already ${settled.status.replaceAll('_', ' ')}.`);
      }

      if (reader.integration === 'server_driven') {
        await (cartDisplayed ?? displayCart());
        await gateway.processPaymentIntentOnReader(context, reader.stripeReaderId, {
          paymentIntentId: intent.id,
          skipTipping: !account.tipping.enabled,
          enableCustomerCancellation: true,
          idempotencyKey: idempotencyKeys.process(sale.id, current.attemptKey),
        });
      }

      return markStarted(intent);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const appError = toAppError(error);
      if (isGatewayError(error)) {
        const ambiguous =
          error.code === 'unavailable' || error.code === 'rate_limited' || error.code === 'unknown';
        if (ambiguous) {
          const started = await startedDespiteNoAnswer();
          if (started) return started;
        }
        repos.payments.update(
          current.id,
          ambiguous
            ? { errorCode: 'stripe_unavailable', errorMessage: error.message }
            : {
                status: 'start_failed',
                errorCode: appError instanceof AppError ? appError.code : 'stripe_error',
                declineCode: error.declineCode,
                errorMessage: appError instanceof Error ? appError.message : error.message,
              },
          clock.nowMs(),
        );
      }
      throw appError;
    }
  }

  return {
    getCatalog(counter: CounterContext): Catalog {
      return {
        currency: counter.account.currency,
        taxRateBps: counter.location.taxRateBps,
        products: repos.products.listActive(counter.account.id).map((product) => ({
          id: product.id,
          name: product.name,
          priceMinor: product.priceMinor,
          category: product.category,
        })),
      };
    },

    /** The register's location's readers, with Stripe's last known status (null when it can't be read). */
    async listReaders(counter: CounterContext): Promise<CounterReader[]> {
      const readers = repos.readers
        .listByLocation(counter.location.id)
        .filter((reader) => reader.accountId === counter.account.id);
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
     * for destination charges; scoped to the register's Stripe location when it has one.
     */
    async createConnectionToken(counter: CounterContext): Promise<ConnectionTokenResponse> {
      try {
        const secret = await gateway.createConnectionToken(
          accountContext(counter.account),
          counter.location.stripeLocationId,
        );
        return { secret };
      } catch (error) {
        throw toAppError(error);
      }
    },

    /** Creates the sale (or returns the one already created with this clientSaleId at this register). */
    createSale(counter: CounterContext, body: CreateSaleBody): { sale: Sale; created: boolean } {
      const existing = repos.sales.findByClientSaleId(counter.register.id, body.clientSaleId);
      if (existing) {
        if (!sameRequest(existing, body)) {
          throw conflict('conflict', 'This clientSaleId was already used for a different sale.');
        }
        return { sale: toApiSale(existing), created: false };
      }
      const lines = buildLines(counter, body);
      requireCanCharge(counter.account);
      const account = counter.account;
      let totals: ReturnType<typeof computeSaleTotals>;
      try {
        totals = computeSaleTotals({
          lines,
          // A keyed amount is what the cashier charges: it is taken as final, tax included.
          taxRateBps: body.keyedAmountMinor !== undefined ? 0 : counter.location.taxRateBps,
          currency: account.currency,
        });
      } catch (error) {
        if (error instanceof TotalsError) throw invalidRequest(error.message, error);
        throw error;
      }
      // Platform risk limits (per sale, per day): 409 risk_limit_exceeded with a message for the counter.
      enforceRiskLimits(db, {
        accountId: account.id,
        businessName: account.businessName,
        currency: account.currency,
        locationId: counter.location.id,
        timeZone: counter.location.timeZone,
        totalMinor: totals.totalMinor,
        nowMs: clock.nowMs(),
      });
      const newSale: NewSale = {
        id: ids.newId('sale'),
        accountId: account.id,
        locationId: counter.location.id,
        registerId: counter.register.id,
        staffId: counter.staff.id,
        clientSaleId: body.clientSaleId,
        status: 'open',
        currency: account.currency,
        description: body.description ?? null,
        captureMethod: account.captureMethod,
        subtotalMinor: totals.subtotalMinor,
        taxMinor: totals.taxMinor,
        tipMinor: 0,
        totalMinor: totals.totalMinor,
        applicationFeeMinor: applicationFeeMinor(totals.totalMinor, account.feePlan),
        createdAtMs: clock.nowMs(),
        lines: totals.lines.map((line, position) => ({
          position,
          productId: lines[position]?.productId ?? null,
          description: line.description,
          quantity: line.quantity,
          unitPriceMinor: line.unitPriceMinor,
          amountMinor: line.amountMinor,
        })),
      };
      const sale = db.transaction(() => repos.sales.insert(newSale))();
      return { sale: toApiSale(sale), created: true };
    },

    /**
     * Starts (or replays) a payment attempt on one of the register's readers. The sale's PaymentIntent is
     * created once and reused by later attempts (e.g. after a decline); a server-driven reader is shown the
     * cart and handed the PaymentIntent; a JS SDK reader gets the client secret back.
     */
    startAttempt(counter: CounterContext, saleId: string, body: StartAttemptBody): Promise<AttemptResponse> {
      scopedSale(counter, saleId);
      return withSaleLock(saleId, () => startAttemptLocked(counter, saleId, body));
    },

    /** Re-reads the PaymentIntent (and reader) from Stripe, settles, and returns the truth. */
    async syncSale(counter: CounterContext, saleId: string): Promise<Sale> {
      scopedSale(counter, saleId);
      try {
        // The session's account (loaded for this request) is the sale's: scopedSale checked it.
        return toApiSale(
          await withSaleLock(saleId, () => reconcileLocked(saleId, undefined, counter.account)),
        );
      } catch (error) {
        throw toAppError(error);
      }
    },

    /**
     * Settles the sale that owns `paymentIntentId` (webhooks), re-deriving everything from the retrieved
     * PaymentIntent; `withinTransaction` runs inside the transaction that records the outcome (the webhook
     * service claims its event id there). Null when the PaymentIntent is not one of our sales'.
     */
    async reconcileByPaymentIntent(
      paymentIntentId: string,
      withinTransaction?: () => void,
    ): Promise<SaleRecord | null> {
      const sale = repos.sales.findByPaymentIntentId(paymentIntentId);
      if (!sale) return null;
      return withSaleLock(sale.id, () => reconcileLocked(sale.id, withinTransaction));
    },

    /**
     * Cancels the reader action and the PaymentIntent. A sale whose payment already went through is kept
     * (409 sale_not_payable says so); a sale without a PaymentIntent is simply canceled.
     */
    async cancelSale(counter: CounterContext, saleId: string): Promise<Sale> {
      scopedSale(counter, saleId);
      return withSaleLock(saleId, async () => {
        const sale = repos.sales.findById(saleId)!;
        if (sale.status === 'canceled') return toApiSale(sale);
        if (
          !['open', 'awaiting_payment', 'processing', 'requires_capture', 'payment_failed'].includes(
            sale.status,
          )
        ) {
          throw conflict(
            'sale_not_payable',
            `This sale is already ${sale.status.replaceAll('_', ' ')}; it is kept.`,
          );
        }
        if (!sale.paymentIntentId) {
          const canceled = db.transaction(() => {
            for (const attempt of repos.payments.listBySale(sale.id)) {
              if (attempt.status === 'pending' || attempt.status === 'started') {
                repos.payments.update(attempt.id, { status: 'canceled' }, clock.nowMs());
              }
            }
            return repos.sales.update(sale.id, { status: 'canceled' }, clock.nowMs());
          })();
          return toApiSale(canceled);
        }
        const account = accountOf(sale);
        const context = accountContext(account);
        const paymentIntentId = sale.paymentIntentId;
        try {
          const reader = sale.readerId ? repos.readers.findById(sale.readerId) : undefined;
          const attempt = repos.payments.latestForSale(sale.id);
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
            const settled = await reconcileLocked(sale.id);
            throw conflict(
              'sale_not_payable',
              settled.status === 'succeeded'
                ? 'The payment already went through, so the sale is kept. Refund it instead.'
                : `The payment could not be canceled (it is ${settled.status.replaceAll('_', ' ')}).`,
            );
          }
          return toApiSale(applyPaymentIntent(sale.id, intent, null, undefined, account));
        } catch (error) {
          throw toAppError(error);
        }
      });
    },

    /**
     * Emulator mode only: the customer presents a test card on one of the location's server-driven readers
     * (Stripe's present_payment_method test helper). The counter then syncs the sale as usual.
     */
    async presentTestCard(counter: CounterContext, readerId: string, body: PresentCardBody): Promise<void> {
      if (!deps.simulatedReaders)
        throw notFound('not_found', 'Simulated card presentment is only available with the emulator.');
      const reader = scopedReader(counter, readerId);
      if (reader.integration !== 'server_driven') {
        throw invalidRequest(
          'readerId: present a card on a JS SDK reader through the Terminal SDK simulator instead.',
        );
      }
      try {
        await gateway.presentTestPaymentMethod(accountContext(counter.account), reader.stripeReaderId, {
          cardNumber: body.cardNumber,
          type: body.type,
          ...(body.tipMinor === undefined ? {} : { tipMinor: body.tipMinor }),
        });
      } catch (error) {
        throw toAppError(error);
      }
    },

    getSale(counter: CounterContext, saleId: string): Sale {
      return toApiSale(scopedSale(counter, saleId));
    },

    /** `shift`: this staff member's sales at this register since signing in; `today`: the register's last 24 h. */
    listSales(counter: CounterContext, query: ListSalesQuery): Sale[] {
      const sales =
        query.scope === 'shift'
          ? repos.sales.listByRegisterSince(counter.register.id, counter.session.createdAtMs, {
              staffId: counter.staff.id,
            })
          : repos.sales.listByRegisterSince(counter.register.id, clock.nowMs() - 24 * 3_600_000);
      return sales.map(toApiSale);
    },

    /** The register's unfinished sale (to resume after a reload), or null. */
    inFlight(counter: CounterContext): Sale | null {
      const sale = repos.sales.findInFlight(counter.register.id);
      return sale && sale.locationId === counter.location.id ? toApiSale(sale) : null;
    },
  };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
