/**
 * Payment attempts: starting (or replaying) a payment of a sale on one of the register's readers. The
 * attempt is journaled before any Stripe call made for it; the sale's PaymentIntent is created once (an
 * earlier attempt whose create may have gone through unheard is replayed first) and reused by later
 * attempts; a server-driven reader is shown the cart and handed the PaymentIntent, a JS SDK reader gets
 * the client secret back. Runs under the sale's lock (checkout.service.ts takes it).
 */
import {
  type AttemptResponse,
  ERROR_STATUS,
  type ErrorCode,
  isSalePayable,
  type StartAttemptBody,
} from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { Account } from '../../db/repositories/accounts.repo.ts';
import type { PaymentAttempt } from '../../db/repositories/payments.repo.ts';
import type { Reader } from '../../db/repositories/readers.repo.ts';
import type { SaleRecord } from '../../db/repositories/sales.repo.ts';
import { nextSaleStatus } from '../../domain/sale-state.ts';
import { AppError, conflict } from '../../errors.ts';
import type { Clock, IdGenerator, Logger } from '../../runtime.ts';
import { isGatewayError, type PaymentIntentView, type PaymentsGateway } from '../../stripe/payments.port.ts';
import type { AccountAccess } from '../account-access.ts';
import { enforceRiskLimits } from '../risk-limits.ts';
import { saleView } from './api-sale.ts';
import { counterErrorFromGateway } from './gateway-errors.ts';
import { accountContext, idempotencyKeys } from './keys.ts';
import type { Settlement } from './settlement.ts';

/** Reader failures that stop an attempt before the payment reaches the reader. */
const READER_UNAVAILABLE = new Set(['reader_busy', 'reader_offline', 'reader_timeout']);

/** At most this many earlier unanswered creates are replayed before a new one. */
const MAX_REPLAYED_CREATES = 3;

export interface AttemptsDeps {
  database: Database;
  gateway: PaymentsGateway;
  settlement: Settlement;
  accountAccess: AccountAccess;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
}

export interface AttemptStart {
  sale: SaleRecord;
  reader: Reader;
  account: Account;
  body: StartAttemptBody;
  /** The register location's time zone (the risk limits' day). */
  timeZone: string;
  /** Refuses when the account cannot take card payments now. */
  requireCanCharge(account: Account): void;
}

export function createAttempts({
  database,
  gateway,
  settlement,
  accountAccess,
  clock,
  ids,
  log,
}: AttemptsDeps) {
  const { repos } = database;

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
    const ambiguous = (await repos.payments.listBySale(sale.id))
      .filter((earlier) => earlier.id !== attempt.id && earlier.paymentIntentId === null)
      .filter((earlier) => earlier.status === 'pending' || earlier.errorCode === 'stripe_unavailable');
    for (const earlier of ambiguous.reverse().slice(0, MAX_REPLAYED_CREATES)) {
      try {
        return await createWith(earlier);
      } catch (error) {
        log(`checkout: replaying create for ${sale.id}/${earlier.id} failed: ${String(error)}`, 'warn');
      }
    }
    return createWith(attempt);
  }

  /** The attempt of this `attemptKey`, journaled now when it is new; or the answer to a replayed request. */
  async function journalAttempt(
    start: AttemptStart,
  ): Promise<{ attempt: PaymentAttempt; sale: SaleRecord } | { replayed: AttemptResponse }> {
    const { sale, reader, account, body } = start;
    const attempt = await repos.payments.findByAttemptKey(body.attemptKey);
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
      // A replayed attempt that never got a PaymentIntent must not start one on a sale settled meanwhile
      // (e.g. canceled by the recovery sweeper as abandoned).
      throw conflict(
        'sale_not_payable',
        `This sale is ${sale.status.replaceAll('_', ' ')} and cannot take a payment.`,
      );
    }
    if (attempt && attempt.status !== 'pending' && attempt.paymentIntentId) {
      // A retried request: answer as the first time, with the current truth.
      const intent = await gateway.retrievePaymentIntent(accountContext(account), attempt.paymentIntentId);
      const current = await repos.sales.findById(sale.id);
      return {
        replayed: {
          sale: await saleView(repos, current ?? sale),
          attempt: {
            id: attempt.id,
            paymentIntentId: attempt.paymentIntentId,
            clientSecret: attempt.integration === 'js_sdk' ? intent.clientSecret : null,
            integration: attempt.integration,
          },
        },
      };
    }
    if (attempt) return { attempt, sale };

    if (!isSalePayable(sale.status)) {
      throw conflict(
        'sale_not_payable',
        `This sale is ${sale.status.replaceAll('_', ' ')} and cannot take a payment.`,
      );
    }
    if (sale.kind === 'sale' && (await repos.tenders.listBySale(sale.id)).length > 0) {
      // A sale is paid directly by one card, or by tenders: its card tenders have card parts of their own.
      throw conflict(
        'sale_not_payable',
        'This sale is being paid by tenders: take the card on its card tender (the card part), not on the sale.',
      );
    }
    start.requireCanCharge(account);
    const newAttempt = {
      id: ids.newId('att'),
      saleId: sale.id,
      attemptKey: body.attemptKey,
      readerId: reader.id,
      integration: reader.integration,
    };
    // Journal first: the attempt exists before any Stripe call is made for it. The sale starts to count
    // toward the account's daily risk limit now (an open sale does not), so the limit is checked again
    // here, in the same transaction, under the account's row lock. A card part is not checked: its sale
    // (paid by tenders) counted when it was priced, and card parts stay out of the day's total.
    return database.transaction(async (tx) => {
      if (sale.status === 'open' && sale.kind === 'sale') {
        await enforceRiskLimits(tx, {
          accountId: account.id,
          businessName: account.businessName,
          currency: account.currency,
          locationId: sale.locationId,
          timeZone: start.timeZone,
          totalMinor: sale.totalMinor,
          nowMs: clock.nowMs(),
        });
      }
      const inserted = await tx.payments.insert(newAttempt, clock.nowMs());
      const updated = await tx.sales.update(
        sale.id,
        { status: nextSaleStatus(sale.status, 'awaiting_payment'), readerId: reader.id },
        clock.nowMs(),
      );
      return { attempt: inserted, sale: updated };
    });
  }

  async function startLocked(start: AttemptStart): Promise<AttemptResponse> {
    const journaled = await journalAttempt(start);
    if ('replayed' in journaled) return journaled.replayed;
    const { reader, account } = start;
    const { attempt: current, sale } = journaled;
    const context = accountContext(account);

    const markStarted = async (intent: PaymentIntentView): Promise<AttemptResponse> => {
      const { started, updated } = await database.transaction(async (tx) => {
        const before = await tx.sales.findById(sale.id);
        if (!before) throw new Error(`No sale ${sale.id}`);
        const status = nextSaleStatus(before.status, 'awaiting_payment');
        // A first attempt's sale is already awaiting payment with no error: nothing to write on it then.
        const updated =
          status === before.status && before.lastError === null
            ? before
            : await tx.sales.update(sale.id, { status, lastError: null }, clock.nowMs(), before);
        const started = await tx.payments.update(
          current.id,
          { paymentIntentId: intent.id, status: 'started' },
          clock.nowMs(),
        );
        return { started, updated };
      });
      return {
        sale: await saleView(repos, updated),
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
      const paymentIntentId = (await repos.payments.findById(current.id))?.paymentIntentId;
      if (reader.integration !== 'server_driven' || !paymentIntentId) return null;
      try {
        const view = await gateway.retrieveReader(context, reader.stripeReaderId);
        if (
          view.action?.type !== 'process_payment_intent' ||
          view.action.paymentIntentId !== paymentIntentId
        ) {
          return null;
        }
        return await markStarted(await gateway.retrievePaymentIntent(context, paymentIntentId));
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
          log(`checkout: set_reader_display failed for ${sale.id}: ${String(error)}`, 'warn');
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
        await database.transaction(async (tx) => {
          await tx.sales.update(sale.id, { paymentIntentId: intent.id }, clock.nowMs());
          await tx.payments.update(current.id, { paymentIntentId: intent.id }, clock.nowMs());
        });
      } else {
        intent = await gateway.retrievePaymentIntent(context, sale.paymentIntentId);
        await repos.payments.update(current.id, { paymentIntentId: intent.id }, clock.nowMs());
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
        const settled = await settlement.settleLocked(sale.id);
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

      return await markStarted(intent);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const appError = counterErrorFromGateway(await accountAccess.whenLost(account, error), account);
      if (isGatewayError(error)) {
        const ambiguous =
          error.code === 'unavailable' || error.code === 'rate_limited' || error.code === 'unknown';
        if (ambiguous) {
          const started = await startedDespiteNoAnswer();
          if (started) return started;
        }
        await repos.payments.update(
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

  return { startLocked };
}
