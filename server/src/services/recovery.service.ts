/**
 * Recovery sweeper: after a crash, a lost response or a missed webhook, brings every unfinished sale to the
 * state Stripe says it is in. For each sale not in a final state (and untouched for `settleAfterMs`, so live
 * checkouts are left alone) it retrieves the PaymentIntent and lets the checkout service settle it (captured
 * → succeeded, authorization → captured with the fee recomputed under an idempotency key derived from the
 * sale, canceled → canceled); a PaymentIntent still waiting for a card after `abandonAfterMs` without cashier
 * activity is canceled; a sale whose PaymentIntent creation was never recorded is linked to the one Stripe
 * holds (found by `metadata.sale_id`), or canceled when Stripe has none. It then scans each active account's
 * recent PaymentIntents and records anomalies: more than one succeeded PaymentIntent for one sale
 * (duplicate_charge, to refund), a succeeded PaymentIntent naming a sale we do not have (orphan_charge), and
 * authorizations still uncaptured close to `capture_before` (capture_deadline).
 *
 * Idempotent: every Stripe write carries a key derived from our ids, anomalies are recorded once, and
 * settling goes through the checkout service's per-sale lock. A failure on one sale is logged and the sweep
 * goes on.
 */
import type { Database } from '../db/database.ts';
import type { PaymentAnomaly, RecoveryRepo, UnfinishedSale } from '../db/repositories/recovery.repo.ts';
import type { Clock, IdGenerator, Logger } from '../runtime.ts';
import { type AccountContext, isGatewayError, type PaymentsGateway } from '../stripe/payments.port.ts';
import type { RecoveryGateway, RecoveryPaymentIntent } from '../stripe/recovery.port.ts';
import { createAccountAccess, isAccountDisconnected } from './account-access.ts';
import type { CheckoutService } from './checkout/checkout.service.ts';
import { accountContext, idempotencyKeys } from './checkout/keys.ts';

export type { PaymentAnomaly };

/** What the anomalies list endpoint needs. */
export type AnomalyLister = Pick<RecoveryRepo, 'listAnomalies'>;

export interface RecoveryOptions {
  /** Sales updated more recently than this are a live checkout's business (default 10 s). */
  settleAfterMs: number;
  /** A PaymentIntent still awaiting a card this long after the last attempt is canceled (default 30 min). */
  abandonAfterMs: number;
  /** Flag authorizations whose `capture_before` is closer than this (default 12 h). */
  captureWarningS: number;
  /**
   * How far back the anomaly scan reads Stripe's PaymentIntents (default 8 days: longer than a card-present
   * authorization lives, so every open authorization's deadline is seen).
   */
  scanWindowMs: number;
  /** The anomaly scan (a list of each active account's PaymentIntents) runs at most this often (5 min). */
  scanEveryMs: number;
}

export const DEFAULT_RECOVERY_OPTIONS: RecoveryOptions = {
  settleAfterMs: 10_000,
  abandonAfterMs: 30 * 60_000,
  captureWarningS: 12 * 3_600,
  scanWindowMs: 8 * 86_400_000,
  scanEveryMs: 5 * 60_000,
};

export interface RecoveryDeps {
  database: Database;
  gateway: PaymentsGateway;
  recoveryGateway: RecoveryGateway;
  checkout: CheckoutService;
  clock: Clock;
  ids: IdGenerator;
  log?: Logger;
  options?: Partial<RecoveryOptions>;
}

export interface SweepReport {
  /** Unfinished sales looked at. */
  examined: number;
  /** Sales whose status changed. */
  settled: number;
  /** Sales linked to a PaymentIntent whose creation we never recorded. */
  linked: number;
  /** PaymentIntents (or PaymentIntent-less sales) canceled as abandoned. */
  canceled: number;
  /** New anomalies recorded (duplicate charges, orphan charges, capture deadlines). */
  anomalies: number;
  /** Sales or accounts that failed this time (retried next sweep). */
  errors: number;
}

const STILL_WAITING = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);

export function createRecoveryService(deps: RecoveryDeps) {
  const { database, gateway, recoveryGateway, checkout, clock, ids } = deps;
  const { repos } = database;
  const log = deps.log ?? (() => {});
  const accountAccess = createAccountAccess({ database, clock, log });
  const options: RecoveryOptions = { ...DEFAULT_RECOVERY_OPTIONS, ...deps.options };
  let lastScanMs: number | null = null;

  async function contextOf(accountId: string): Promise<AccountContext | null> {
    const account = await repos.accounts.findById(accountId);
    return account ? accountContext(account) : null;
  }

  /**
   * Stripe's PaymentIntents naming the sale, oldest first, created since its oldest unresolved attempt was
   * journaled (minus 10 minutes of clock skew).
   */
  async function paymentIntentsOfSale(context: AccountContext, sale: UnfinishedSale, sinceMs: number) {
    const since = Math.floor(sinceMs / 1000) - 600;
    const intents = await recoveryGateway.listPaymentIntents(context, since);
    return intents.filter((intent) => intent.saleId === sale.id).sort((a, b) => a.created - b.created);
  }

  /** A sale whose PaymentIntent we never recorded: link the one Stripe has, or cancel when it has none. */
  async function recoverUnlinked(sale: UnfinishedSale, context: AccountContext, report: SweepReport) {
    const now = clock.nowMs();
    // Without an unresolved attempt no create can have reached Stripe: a created PaymentIntent is recorded
    // in the same step that got Stripe's answer.
    const intents =
      sale.oldestUnresolvedAttemptMs === null
        ? []
        : await paymentIntentsOfSale(context, sale, sale.oldestUnresolvedAttemptMs);
    const best =
      intents.find((intent) => intent.status === 'succeeded' || intent.status === 'requires_capture') ??
      intents.filter((intent) => intent.status !== 'canceled').at(-1) ??
      intents.at(-1);
    if (best) {
      if (await repos.recovery.linkPaymentIntent(sale.id, best.id, now)) {
        report.linked += 1;
        log(`recovery: linked ${sale.id} to ${best.id} (${best.status}) found on Stripe`);
      }
      await settleLinked({ ...sale, paymentIntentId: best.id }, context, report);
      return;
    }
    if (sale.attempts > 0 && now - sale.lastActivityMs >= options.abandonAfterMs) {
      if (await repos.recovery.cancelUnstartedSale(sale.id, now)) {
        report.canceled += 1;
        log(`recovery: canceled ${sale.id}: no PaymentIntent was ever created for it`);
      }
    }
  }

  async function cancelAbandoned(sale: UnfinishedSale, context: AccountContext, paymentIntentId: string) {
    const record = await repos.sales.findById(sale.id);
    const reader = record?.readerId ? await repos.readers.findById(record.readerId) : undefined;
    const attempt = await repos.payments.latestForSale(sale.id);
    if (reader?.integration === 'server_driven' && attempt) {
      const view = await gateway.retrieveReader(context, reader.stripeReaderId);
      if (view.action?.status === 'in_progress' && view.action.paymentIntentId === paymentIntentId) {
        await gateway.cancelReaderAction(context, reader.stripeReaderId, {
          idempotencyKey: idempotencyKeys.cancelAction(sale.id, attempt.attemptKey),
        });
      }
    }
    try {
      await gateway.cancelPaymentIntent(context, paymentIntentId, {
        idempotencyKey: idempotencyKeys.cancel(sale.id, paymentIntentId),
      });
    } catch (error) {
      // It moved on meanwhile (a card was presented, or it was already canceled): settling records that.
      if (!(isGatewayError(error) && error.code === 'invalid_state')) throw error;
    }
  }

  async function settleLinked(sale: UnfinishedSale, context: AccountContext, report: SweepReport) {
    const paymentIntentId = sale.paymentIntentId;
    if (!paymentIntentId) return;
    const intent = await gateway.retrievePaymentIntent(context, paymentIntentId);
    const abandoned = clock.nowMs() - sale.lastActivityMs >= options.abandonAfterMs;
    if (STILL_WAITING.has(intent.status) && abandoned) {
      await cancelAbandoned(sale, context, paymentIntentId);
      report.canceled += 1;
      log(`recovery: canceled abandoned ${paymentIntentId} of ${sale.id}`);
    }
    const settled = await checkout.settleByPaymentIntent(paymentIntentId);
    if (settled && settled.status !== sale.status) {
      report.settled += 1;
      log(`recovery: ${sale.id} ${sale.status} → ${settled.status}`);
    }
  }

  /** Duplicate charges, orphan charges and capture deadlines among one account's recent PaymentIntents. */
  async function scanAccount(accountId: string, report: SweepReport) {
    const context = await contextOf(accountId);
    if (!context) return;
    const now = clock.nowMs();
    const intents = await recoveryGateway.listPaymentIntents(
      context,
      Math.floor((now - options.scanWindowMs) / 1000),
    );
    const recorded = await repos.recovery.salePaymentIntents(accountId);
    const succeededBySale = new Map<string, RecoveryPaymentIntent[]>();
    for (const intent of intents) {
      if (intent.status === 'requires_capture' && intent.captureBefore !== null) {
        if (intent.captureBefore - now / 1000 <= options.captureWarningS) {
          await record('capture_deadline', accountId, intent, report);
        }
      } else if (intent.status !== 'requires_capture') {
        await repos.recovery.resolveAnomaly('capture_deadline', intent.id, now);
      }
      if (intent.status !== 'succeeded' || !intent.saleId) continue;
      const list = succeededBySale.get(intent.saleId) ?? [];
      list.push(intent);
      succeededBySale.set(intent.saleId, list);
    }
    for (const [saleId, succeeded] of succeededBySale) {
      const sale = recorded.get(saleId);
      // A charge no sale of ours counts: the sale is unknown, or it was closed without this money.
      if (!sale || sale.status === 'canceled') {
        for (const intent of succeeded) await record('orphan_charge', accountId, intent, report);
        continue;
      }
      const primary = sale.paymentIntentId ?? succeeded.sort((a, b) => a.created - b.created)[0]?.id;
      for (const intent of succeeded) {
        if (intent.id !== primary) await record('duplicate_charge', accountId, intent, report);
      }
    }
  }

  async function record(
    kind: 'duplicate_charge' | 'orphan_charge' | 'capture_deadline',
    accountId: string,
    intent: RecoveryPaymentIntent,
    report: SweepReport,
  ) {
    const isNew = await repos.recovery.recordAnomaly(
      {
        id: ids.newId('anom'),
        kind,
        accountId,
        saleId: intent.saleId,
        paymentIntentId: intent.id,
        chargeId: intent.latestChargeId,
        amountMinor: kind === 'capture_deadline' ? intent.amountMinor : intent.amountReceivedMinor,
        currency: intent.currency,
        deadlineS: kind === 'capture_deadline' ? intent.captureBefore : null,
      },
      clock.nowMs(),
    );
    if (isNew) {
      report.anomalies += 1;
      log(`recovery: ${kind} ${intent.id} (sale ${intent.saleId ?? 'none'}, account ${accountId})`);
    }
  }

  return {
    options,

    /**
     * One pass: settle every unfinished sale, then (at most every `scanEveryMs`) scan for anomalies. Safe to
     * run at any time.
     */
    async sweep(): Promise<SweepReport> {
      const report: SweepReport = {
        examined: 0,
        settled: 0,
        linked: 0,
        canceled: 0,
        anomalies: 0,
        errors: 0,
      };
      const now = clock.nowMs();
      for (const sale of await repos.recovery.listUnfinishedSales(now - options.settleAfterMs)) {
        report.examined += 1;
        const context = await contextOf(sale.accountId);
        if (!context) continue;
        try {
          if (sale.paymentIntentId) await settleLinked(sale, context, report);
          else await recoverUnlinked(sale, context, report);
        } catch (error) {
          report.errors += 1;
          // Stripe no longer gives access to the account: recorded (the counter then refuses card payments).
          if (isAccountDisconnected(error)) await accountAccess.recordLost(context);
          log(`recovery: ${sale.id} not settled this time: ${String(error)}`, 'warn');
        }
      }
      if (lastScanMs !== null && now - lastScanMs < options.scanEveryMs) return report;
      lastScanMs = now;
      for (const accountId of await repos.recovery.accountIdsWithSalesSince(now - options.scanWindowMs)) {
        try {
          await scanAccount(accountId, report);
        } catch (error) {
          report.errors += 1;
          log(`recovery: scan of account ${accountId} failed: ${String(error)}`, 'warn');
        }
      }
      return report;
    },

    listAnomalies: (filter?: Parameters<RecoveryRepo['listAnomalies']>[0]) =>
      repos.recovery.listAnomalies(filter),
  };
}

export type RecoveryService = ReturnType<typeof createRecoveryService>;
