/**
 * Settling a sale from Stripe's truth: retrieve its PaymentIntent (and the server-driven reader's action),
 * capture an authorization for the whole authorized amount (tip included) with the fee recomputed on it,
 * and record the outcome (domain/settlement.ts) in one transaction. Every function here runs under the
 * sale's lock (checkout.service.ts takes it).
 */
import type { Database } from '../../db/database.ts';
import type { Account } from '../../db/repositories/accounts.repo.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { SaleRecord } from '../../db/repositories/sales.repo.ts';
import { applicationFeeMinor } from '../../domain/fees.ts';
import { settleSale } from '../../domain/settlement.ts';
import { notFound } from '../../errors.ts';
import type { Clock, Logger } from '../../runtime.ts';
import {
  isGatewayError,
  type PaymentIntentView,
  type PaymentsGateway,
  type ReaderActionView,
} from '../../stripe/payments.port.ts';
import { accountContext, idempotencyKeys } from './keys.ts';
import { settleCardTender } from './tender-settlement.ts';

/** Sale statuses whose PaymentIntent has succeeded (captured): no later PaymentIntent state can move them. */
const CAPTURED_STATUSES = new Set(['succeeded', 'partially_refunded', 'refunded']);

/**
 * A sale whose payment is captured is final as far as its PaymentIntent goes (refunds are recorded by the
 * refunds service): settling it again could change nothing, so a late webhook or a sync after a capture
 * needs no Stripe call. Final once true, so a read outside the sale's lock may rely on it.
 */
export function isSettledForGood(sale: SaleRecord): boolean {
  return sale.paymentIntentId !== null && CAPTURED_STATUSES.has(sale.status);
}

/** Work that must commit with the settlement (e.g. claiming a webhook event id), inside its transaction. */
export type WithinSettlement = (tx: Repositories) => Promise<void>;

export interface SettlementDeps {
  database: Database;
  gateway: PaymentsGateway;
  clock: Clock;
  log: Logger;
}

export function createSettlement({ database, gateway, clock, log }: SettlementDeps) {
  const { repos } = database;

  async function accountOf(sale: SaleRecord, known?: Account): Promise<Account> {
    if (known?.id === sale.accountId) return known;
    const account = await repos.accounts.findById(sale.accountId);
    if (!account) throw new Error(`Sale ${sale.id} has no account ${sale.accountId}`);
    return account;
  }

  /**
   * Records what the retrieved PaymentIntent (and the reader's action) says on the sale and its latest
   * attempt, in one transaction. Never moves a sale backwards.
   */
  async function applyPaymentIntent(
    saleId: string,
    intent: PaymentIntentView,
    readerAction: ReaderActionView | null,
    withinTransaction?: WithinSettlement,
    knownAccount?: Account,
  ): Promise<SaleRecord> {
    return database.transaction(async (tx) => {
      await withinTransaction?.(tx);
      const sale = await tx.sales.findById(saleId);
      if (!sale) throw new Error(`No sale ${saleId}`);
      const account =
        knownAccount?.id === sale.accountId ? knownAccount : await tx.accounts.findById(sale.accountId);
      if (!account) throw new Error(`Sale ${sale.id} has no account ${sale.accountId}`);
      const nowMs = clock.nowMs();
      const settlement = settleSale({
        sale,
        attempts: await tx.payments.listBySale(sale.id),
        intent,
        readerAction,
        feePlan: account.feePlan,
        nowMs,
      });
      const updated = await tx.sales.update(sale.id, settlement.salePatch, nowMs, sale);
      if (settlement.attempt)
        await tx.payments.update(settlement.attempt.id, settlement.attempt.patch, nowMs);
      // A card part's outcome moves its tender, and may complete its sale, in this same transaction.
      await settleCardTender(tx, updated, nowMs);
      return updated;
    });
  }

  /** The server-driven reader's current action, when the sale is on one (null when it can't be read). */
  async function readerActionFor(sale: SaleRecord, account: Account): Promise<ReaderActionView | null> {
    if (!sale.readerId) return null;
    const reader = await repos.readers.findById(sale.readerId);
    if (reader?.integration !== 'server_driven') return null;
    try {
      return (await gateway.retrieveReader(accountContext(account), reader.stripeReaderId)).action;
    } catch (error) {
      log(
        `checkout: could not read reader ${reader.stripeReaderId} for ${sale.id}: ${String(error)}`,
        'warn',
      );
      return null;
    }
  }

  /**
   * Retrieves the sale's PaymentIntent and settles: an authorization (`requires_capture`) is captured for
   * the whole authorized amount (tip included) with the fee recomputed on it; anything else is recorded.
   */
  async function settleLocked(
    saleId: string,
    withinTransaction?: WithinSettlement,
    knownAccount?: Account,
  ): Promise<SaleRecord> {
    const sale = await repos.sales.findById(saleId);
    if (!sale) throw notFound('sale_not_found', 'No such sale.');
    // Checked under the sale's lock, so a settlement in progress has finished.
    if (!sale.paymentIntentId || isSettledForGood(sale)) {
      if (withinTransaction) await database.transaction(withinTransaction);
      return sale;
    }
    const account = await accountOf(sale, knownAccount);
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
          await applyPaymentIntent(sale.id, authorized, null, undefined, account);
          throw error;
        }
        intent = await gateway.retrievePaymentIntent(context, intent.id);
      }
    }
    const action = intent.status === 'succeeded' ? null : await readerActionFor(sale, account);
    return applyPaymentIntent(sale.id, intent, action, withinTransaction, account);
  }

  return { applyPaymentIntent, settleLocked, accountOf };
}

export type Settlement = ReturnType<typeof createSettlement>;
