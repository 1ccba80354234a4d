/**
 * The one way every service treats a merchant's Stripe account the platform has lost: Stripe answers a
 * GatewayError `account_disconnected` (403 `account_invalid`: the account was disconnected from the
 * platform, deleted, or never existed). The service that got it records the account as disconnected (once;
 * only writes, jobs and webhooks do — a GET never writes) and answers its audience with the AppError
 * `account_disconnected` (409) in words people understand. Deauthorization webhooks record it too
 * (webhooks.service.ts), usually first.
 */
import type { Database } from '../db/database.ts';
import type { Account } from '../db/repositories/accounts.repo.ts';
import { counterRefusal } from '../domain/account-standing.ts';
import { AppError } from '../errors.ts';
import type { Clock, Logger } from '../runtime.ts';
import { type GatewayError, isGatewayError } from '../stripe/payments.port.ts';

type Named = Pick<Account, 'businessName'>;

export function isAccountDisconnected(error: unknown): error is GatewayError {
  return isGatewayError(error) && error.code === 'account_disconnected';
}

/** The counter's (and the merchant's) words: "<Business> is no longer connected to the platform, …". */
export function accountDisconnectedError(account: Named, cause?: unknown): AppError {
  const message =
    counterRefusal(account.businessName, {
      disconnectedAtMs: 0,
      disconnectedReason: 'access_revoked',
      rejectedAtMs: null,
      rejectedReason: null,
    }) ?? `${account.businessName} is no longer connected to the platform.`;
  return new AppError('account_disconnected', message, { cause });
}

/** The platform console's words, for an account named by its Stripe id. */
export function consoleAccountDisconnectedError(cause?: unknown): AppError {
  return new AppError(
    'account_disconnected',
    'Stripe no longer gives the platform access to this account: it was disconnected from the platform or deleted. Its page says when.',
    { cause },
  );
}

export function createAccountAccess({
  database,
  clock,
  log = () => {},
}: {
  database: Database;
  clock: Clock;
  log?: Logger;
}) {
  /**
   * Stripe refused access to this account: record it as disconnected (the first time is kept). Writes: call
   * it from writes, jobs and webhooks only, never while answering a GET.
   */
  async function recordLost(account: Pick<Account, 'stripeAccountId'>): Promise<void> {
    const nowMs = clock.nowMs();
    const changed = await database.repos.accounts.markDisconnected(
      account.stripeAccountId,
      'access_revoked',
      nowMs,
      nowMs,
    );
    if (changed) log(`accounts: Stripe refused access to ${account.stripeAccountId}; marked disconnected`);
  }

  return {
    recordLost,

    /**
     * For a write's catch block: when `error` says the account is gone, records it and answers the AppError
     * the caller throws; any other error comes back as it was.
     */
    async whenLost(
      account: Pick<Account, 'stripeAccountId' | 'businessName'>,
      error: unknown,
    ): Promise<unknown> {
      if (!isAccountDisconnected(error)) return error;
      await recordLost(account);
      return accountDisconnectedError(account, error);
    },
  };
}

export type AccountAccess = ReturnType<typeof createAccountAccess>;
