/**
 * Keeping the disputes table in step with Stripe. Every `charge.dispute.*` event re-reads its dispute from
 * Stripe where it lives (event.account set: the connected account's, a direct charge; null: the platform's, a
 * destination charge), finds our sale through the charge's PaymentIntent (or the account through the event or
 * the charge's destination) and records it with the event claim in one transaction: a status never moves
 * backwards (an older read never replaces a newer one: domain/disputes.ts), balance transactions are added by
 * id. The first time a dispute is recorded the owner is told (dispute-notices.ts), after the commit.
 */
import type { Database } from '../../db/database.ts';
import type { Account } from '../../db/repositories/accounts.repo.ts';
import type { DisputeRecord } from '../../db/repositories/disputes.repo.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { SaleRecord } from '../../db/repositories/sales.repo.ts';
import { isDisputeOpen, isNewerDisputeState } from '../../domain/disputes.ts';
import type { Clock, Logger } from '../../runtime.ts';
import type { DisputeScope, DisputesGateway, DisputeView } from '../../stripe/disputes.port.ts';
import type { WebhookEventView } from '../../stripe/payments.port.ts';
import type { ReportingGateway } from '../../stripe/reporting.port.ts';

type Within = (tx: Repositories) => Promise<void>;

/** The event types that re-read and record a dispute. */
export const DISPUTE_EVENTS = [
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
] as const;

/** Where a dispute of this account's charges lives. */
export function disputeScopeOf(account: Pick<Account, 'chargeType' | 'stripeAccountId'>): DisputeScope {
  return account.chargeType === 'direct' ? account.stripeAccountId : null;
}

export interface DisputeRecordsDeps {
  database: Database;
  disputes: DisputesGateway;
  reporting: ReportingGateway;
  clock: Clock;
  log: Logger;
  /** Called after a dispute was recorded for the first time (the owner's e-mail). */
  onOpened: (dispute: DisputeRecord) => Promise<void>;
}

export function createDisputeRecords(deps: DisputeRecordsDeps) {
  const { database, disputes, reporting, clock, log } = deps;
  const { repos } = database;

  /** The account whose charge was disputed (and our sale), or null when it is not one of ours. */
  async function locate(
    view: DisputeView,
    scope: DisputeScope,
  ): Promise<{ account: Account; sale: SaleRecord | undefined } | null> {
    const sale = view.paymentIntentId
      ? await repos.sales.findByPaymentIntentId(view.paymentIntentId)
      : undefined;
    let account = sale ? await repos.accounts.findById(sale.accountId) : undefined;
    if (!account && scope !== null) account = await repos.accounts.findByStripeAccountId(scope);
    if (!account && scope === null) {
      // A platform charge: the destination names the merchant it paid.
      const charge = await reporting.retrieveCharge(
        { stripeAccountId: '', chargeType: 'destination' },
        view.chargeId,
      );
      if (charge.destination !== null)
        account = await repos.accounts.findByStripeAccountId(charge.destination);
    }
    if (!account || disputeScopeOf(account) !== scope) return null;
    return { account, sale: sale?.accountId === account.id ? sale : undefined };
  }

  /**
   * Records the dispute as `view` shows it (read from Stripe just now) unless what is stored is newer;
   * `within` runs in the same transaction (the webhook's claim, an audit entry).
   */
  async function record(
    view: DisputeView,
    scope: DisputeScope,
    options: { within?: Within; atMs?: number } = {},
  ): Promise<{ dispute: DisputeRecord; created: boolean } | null> {
    const located = await locate(view, scope);
    if (located === null) {
      log(`disputes: ${view.id} (charge ${view.chargeId}) is not on a charge of ours; not recorded`);
      if (options.within) await database.transaction(options.within);
      return null;
    }
    const { account, sale } = located;
    const nowMs = clock.nowMs();
    return database.transaction(async (tx) => {
      if (options.within) await options.within(tx);
      // Balance transactions are added by id whatever the read's age (after the dispute's row exists).
      const addTransactions = () =>
        tx.disputes.addBalanceTransactions(
          view.balanceTransactions.map((transaction) => ({
            id: transaction.id,
            disputeId: view.id,
            reportingCategory: transaction.reportingCategory,
            amountMinor: transaction.amountMinor,
            feeMinor: transaction.feeMinor,
            netMinor: transaction.netMinor,
            currency: transaction.currency,
            stripeCreatedAtMs: transaction.createdMs,
          })),
        );
      const stored = await tx.disputes.find(view.id);
      if (stored && !isNewerDisputeState(stored, view)) {
        await addTransactions();
        return { dispute: stored, created: false };
      }
      const closedAtMs = isDisputeOpen(view.status)
        ? null
        : stored && !isDisputeOpen(stored.status)
          ? stored.closedAtMs
          : (options.atMs ?? nowMs);
      const { created } = await tx.disputes.save(
        {
          id: view.id,
          accountId: account.id,
          saleId: sale?.id ?? null,
          locationId: sale?.locationId ?? null,
          carriedBy: scope === null ? 'platform' : 'connected_account',
          chargeId: view.chargeId,
          paymentIntentId: view.paymentIntentId,
          amountMinor: view.amountMinor,
          currency: view.currency,
          reason: view.reason,
          status: view.status,
          evidenceDueByMs: view.evidenceDueByMs,
          hasEvidence: view.hasEvidence,
          pastDue: view.pastDue,
          submissionCount: view.submissionCount,
          chargeRefundable: view.isChargeRefundable,
          evidence: view.evidence,
          stripeCreatedAtMs: view.createdMs,
          closedAtMs,
        },
        nowMs,
      );
      await addTransactions();
      const dispute = await tx.disputes.find(view.id);
      if (!dispute) throw new Error(`dispute ${view.id} was not stored`);
      return { dispute, created };
    });
  }

  return {
    record,

    /** A `charge.dispute.*` event: re-read the dispute where it lives, record it with `claim`, tell the owner. */
    async handleEvent(event: WebhookEventView, claim: Within): Promise<void> {
      if (event.objectType !== 'dispute' || event.objectId === null) {
        await database.transaction(claim);
        return;
      }
      const view = await disputes.retrieveDispute(event.account, event.objectId);
      const recorded = await record(view, event.account, { within: claim, atMs: event.createdMs });
      if (recorded?.created) {
        try {
          await deps.onOpened(recorded.dispute);
        } catch (error) {
          log(
            `disputes: could not tell the owner about ${recorded.dispute.id} (the scheduled run retries): ${String(error)}`,
          );
        }
      }
    },
  };
}

export type DisputeRecords = ReturnType<typeof createDisputeRecords>;
