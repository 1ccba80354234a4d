/**
 * Webhook events about a connected account itself, each applied with the event claim in one transaction:
 *
 * - `account.updated`: the account is re-read from Stripe (order-safe: a late or repeated delivery records
 *   the truth now, not the payload's past) and its capability flags stored; `requirements.disabled_reason`
 *   `rejected.*` records the rejection (when first seen, and why), anything else clears it. Stripe refusing
 *   access (403 `account_invalid`) is itself the news: the account is recorded as disconnected.
 * - `account.application.deauthorized` (event.account = the account; the object is our Application): the
 *   account's owner removed the platform's access. The account can no longer be read, so the event is the
 *   evidence; it is recorded as disconnected at the event's time.
 *
 * The counter then refuses card payments (auth.service.ts `cannotChargeReason`) and the console says what
 * happened and when (`PlatformAccount.standing`).
 */
import type { Database } from '../db/database.ts';
import type { Repositories } from '../db/repositories/index.ts';
import { isRejectionReason } from '../domain/account-standing.ts';
import type { Clock, Logger } from '../runtime.ts';
import type { ConnectedAccountView, ConnectGateway } from '../stripe/connect.port.ts';
import type { WebhookEventView } from '../stripe/payments.port.ts';
import { isAccountDisconnected } from './account-access.ts';
import { storedStripeStatus } from './platform-accounts.service.ts';

type Claim = (tx: Repositories) => Promise<void>;

export function createAccountEvents({
  database,
  connect,
  clock,
  log,
}: {
  database: Database;
  connect: ConnectGateway;
  clock: Clock;
  log: Logger;
}) {
  const { repos } = database;

  async function markDisconnected(
    stripeAccountId: string,
    reason: 'deauthorized' | 'access_revoked',
    atMs: number,
    claim: Claim,
  ): Promise<void> {
    await database.transaction(async (tx) => {
      await claim(tx);
      if (await tx.accounts.markDisconnected(stripeAccountId, reason, atMs, clock.nowMs())) {
        log(`accounts: ${stripeAccountId} disconnected from the platform (${reason})`);
      }
    });
  }

  return {
    async accountUpdated(event: WebhookEventView, claim: Claim): Promise<void> {
      const stripeAccountId = event.objectType === 'account' ? event.objectId : null;
      const account =
        stripeAccountId === null ? undefined : await repos.accounts.findByStripeAccountId(stripeAccountId);
      if (!account) {
        await database.transaction(claim);
        return;
      }
      let live: ConnectedAccountView;
      try {
        live = await connect.retrieveAccount(account.stripeAccountId);
      } catch (error) {
        if (!isAccountDisconnected(error)) throw error;
        await markDisconnected(account.stripeAccountId, 'access_revoked', event.createdMs, claim);
        return;
      }
      const disabledReason = live.requirements.disabledReason;
      await database.transaction(async (tx) => {
        await claim(tx);
        const nowMs = clock.nowMs();
        await tx.accounts.updateStripeStatus(account.stripeAccountId, storedStripeStatus(live), nowMs);
        const rejection = isRejectionReason(disabledReason) ? disabledReason : null;
        if (await tx.accounts.setRejection(account.stripeAccountId, rejection, event.createdMs, nowMs)) {
          log(
            `accounts: ${account.stripeAccountId} ${rejection === null ? 'no longer rejected' : `rejected (${rejection})`}`,
          );
        }
      });
    },

    async deauthorized(event: WebhookEventView, claim: Claim): Promise<void> {
      if (event.account === null) {
        await database.transaction(claim);
        return;
      }
      await markDisconnected(event.account, 'deauthorized', event.createdMs, claim);
    },

    /**
     * Any other event whose handling met Stripe's refusal of the event's account: record it, so Stripe does not
     * retry an event nothing can apply any more.
     */
    async accessLost(event: WebhookEventView, claim: Claim): Promise<void> {
      if (event.account === null) throw new Error(`event ${event.id}: access refused without an account`);
      await markDisconnected(event.account, 'access_revoked', clock.nowMs(), claim);
    },
  };
}

export type AccountEvents = ReturnType<typeof createAccountEvents>;
