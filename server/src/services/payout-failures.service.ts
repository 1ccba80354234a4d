/**
 * Failed and canceled payouts of connected accounts. `payout.failed` / `payout.canceled` (event.account =
 * the merchant) re-read the payout from Stripe (order-safe: the latest state wins whatever the delivery
 * order; the event's own copy is the evidence only when Stripe no longer gives access to the account), record
 * it with the event claim in one transaction, then e-mail the owner once (claimed in the table; given back
 * when sending fails, so the scheduled run tries again). The merchant sees their own, the platform every
 * account's, each with Stripe's failure code in plain words (domain/payout-failures.ts). Payouts of the
 * platform's own balance (no event.account) are not a merchant's: acknowledged, not recorded.
 */
import type { PayoutFailureDto } from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { Repositories } from '../db/repositories/index.ts';
import type { PayoutFailure } from '../db/repositories/payout-failures.repo.ts';
import { payoutFailureInWords, payoutFailureMail } from '../domain/payout-failures.ts';
import type { Clock, Logger } from '../runtime.ts';
import type { PayoutEventSnapshot, WebhookEventView } from '../stripe/payments.port.ts';
import type { ReportingGateway } from '../stripe/reporting.port.ts';
import { createAccountAccess, isAccountDisconnected } from './account-access.ts';
import type { Mailer } from './mailer.ts';
import type { MerchantViewer } from './merchant-access.ts';
import { mailOwners, ownerEmails } from './owner-mail.ts';

export interface PayoutFailuresDeps {
  database: Database;
  reporting: ReportingGateway;
  mailer: Mailer;
  clock: Clock;
  log: Logger;
  publicUrl: string;
}

/** The event types this service records. */
export const PAYOUT_FAILURE_EVENTS = ['payout.failed', 'payout.canceled'] as const;

type Claim = (tx: Repositories) => Promise<void>;

const iso = (ms: number) => new Date(ms).toISOString();

export function createPayoutFailuresService(deps: PayoutFailuresDeps) {
  const { database, reporting, mailer, clock, log } = deps;
  const { repos } = database;
  const accountAccess = createAccountAccess({ database, clock, log });
  const payoutsUrl = `${deps.publicUrl.replace(/\/$/, '')}/merchant`;

  /** Stripe's payout now, or the event's copy when the account can no longer be read. */
  async function currentPayout(
    stripeAccountId: string,
    event: WebhookEventView,
  ): Promise<PayoutEventSnapshot> {
    const payoutId = event.objectId ?? '';
    try {
      const payout = await reporting.retrievePayout(stripeAccountId, payoutId);
      return {
        id: payout.id,
        status: payout.status,
        amountMinor: payout.amountMinor,
        currency: payout.currency,
        arrivalDate: payout.arrivalDate,
        automatic: payout.automatic,
        failureCode: payout.failureCode,
        failureMessage: payout.failureMessage,
      };
    } catch (error) {
      if (!isAccountDisconnected(error) || event.payout === null) throw error;
      await accountAccess.recordLost({ stripeAccountId });
      return event.payout;
    }
  }

  /** E-mails the owners about one failure, once; false when there is nobody to tell or it was sent already. */
  async function notifyOwners(failure: PayoutFailure): Promise<boolean> {
    const account = await repos.accounts.findById(failure.accountId);
    const recipients = account ? await ownerEmails(repos, account.id) : [];
    if (!account || recipients.length === 0) return false;
    if (!(await repos.payoutFailures.claimNotification(failure.payoutId, clock.nowMs()))) return false;
    try {
      await mailOwners(
        mailer,
        recipients,
        payoutFailureMail({ ...failure, businessName: account.businessName, reviewUrl: payoutsUrl }),
      );
      return true;
    } catch (error) {
      await repos.payoutFailures.releaseNotification(failure.payoutId);
      log(`payouts: could not e-mail the owner about ${failure.payoutId}: ${String(error)}`, 'warn');
      return false;
    }
  }

  async function toDto(failures: readonly PayoutFailure[]): Promise<PayoutFailureDto[]> {
    const names = new Map<string, string>();
    for (const failure of failures) {
      if (!names.has(failure.accountId)) {
        names.set(failure.accountId, (await repos.accounts.findById(failure.accountId))?.businessName ?? '');
      }
    }
    return failures.map((failure) => ({
      payoutId: failure.payoutId,
      accountId: failure.accountId,
      businessName: names.get(failure.accountId) ?? '',
      status: failure.status,
      amountMinor: failure.amountMinor,
      currency: failure.currency,
      failureCode: failure.failureCode,
      failureText: payoutFailureInWords(failure.status, failure.failureCode, failure.failureMessage),
      failureMessage: failure.failureMessage,
      arrivalDate: iso(failure.arrivalDateMs),
      automatic: failure.automatic,
      failedAt: iso(failure.happenedAtMs),
      ownerNotifiedAt: failure.notifiedAtMs === null ? null : iso(failure.notifiedAtMs),
    }));
  }

  return {
    /** `payout.failed` / `payout.canceled`: records the payout as Stripe has it now, with `claim`, then mails. */
    async handleEvent(event: WebhookEventView, claim: Claim): Promise<void> {
      const account =
        event.account === null ? undefined : await repos.accounts.findByStripeAccountId(event.account);
      if (!account || event.objectId === null) {
        await database.transaction(claim);
        return;
      }
      const payout = await currentPayout(account.stripeAccountId, event);
      if (payout.status !== 'failed' && payout.status !== 'canceled') {
        // Stripe shows it paid or pending now: an out-of-date event, nothing failed.
        await database.transaction(claim);
        return;
      }
      const status = payout.status;
      const failure = await database.transaction(async (tx) => {
        await claim(tx);
        const existing = await tx.payoutFailures.find(payout.id);
        return tx.payoutFailures.upsert(
          {
            payoutId: payout.id,
            accountId: account.id,
            status,
            amountMinor: payout.amountMinor,
            currency: payout.currency,
            failureCode: payout.failureCode,
            failureMessage: payout.failureMessage,
            arrivalDateMs: payout.arrivalDate * 1000,
            automatic: payout.automatic,
            happenedAtMs: existing?.happenedAtMs ?? event.createdMs,
          },
          clock.nowMs(),
        );
      });
      await notifyOwners(failure);
    },

    /** The scheduled catch-up: e-mails the owners about failures nobody was told about yet. */
    async notifyPending(): Promise<number> {
      let sent = 0;
      for (const failure of await repos.payoutFailures.listUnnotified(100)) {
        if (await notifyOwners(failure)) sent += 1;
      }
      return sent;
    },

    /** The merchant's failed and canceled payouts, newest first (any merchant viewer: payouts are account-wide). */
    async forMerchant(viewer: MerchantViewer): Promise<{ failures: PayoutFailureDto[] }> {
      return { failures: await toDto(await repos.payoutFailures.list(viewer.account.id, 100)) };
    },

    /** Every account's (or one account's) failed and canceled payouts, newest first. */
    async forPlatform(query: { accountId?: string | undefined; limit: number }): Promise<{
      failures: PayoutFailureDto[];
    }> {
      return { failures: await toDto(await repos.payoutFailures.list(query.accountId ?? null, query.limit)) };
    },
  };
}

export type PayoutFailuresService = ReturnType<typeof createPayoutFailuresService>;
