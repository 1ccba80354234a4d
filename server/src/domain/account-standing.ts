/**
 * Whether the platform still has a merchant's Stripe account (pure): connected, disconnected (the owner
 * revoked the platform's access — `account.application.deauthorized` — or Stripe answers 403
 * `account_invalid` for it), or rejected (Stripe or the platform closed it for payments:
 * `requirements.disabled_reason` `rejected.*`). What the counter tells a cashier, and what the console shows.
 */

export type DisconnectedReason = 'deauthorized' | 'access_revoked';

export interface AccountStanding {
  disconnectedAtMs: number | null;
  disconnectedReason: DisconnectedReason | null;
  rejectedAtMs: number | null;
  /** Stripe's `requirements.disabled_reason`, e.g. `rejected.fraud`. */
  rejectedReason: string | null;
}

export type AccountConnection = 'connected' | 'disconnected' | 'rejected';

export const CONNECTED: AccountStanding = {
  disconnectedAtMs: null,
  disconnectedReason: null,
  rejectedAtMs: null,
  rejectedReason: null,
};

/** Disconnection wins: a disconnected account cannot even be read any more. */
export function connectionOf(standing: AccountStanding): AccountConnection {
  if (standing.disconnectedAtMs !== null) return 'disconnected';
  if (standing.rejectedAtMs !== null) return 'rejected';
  return 'connected';
}

/** Whether `requirements.disabled_reason` says the account was rejected. */
export function isRejectionReason(disabledReason: string | null | undefined): disabledReason is string {
  return typeof disabledReason === 'string' && disabledReason.startsWith('rejected.');
}

const REJECTION_WORDS: Record<string, string> = {
  'rejected.fraud': 'suspected fraud',
  'rejected.terms_of_service': "a breach of Stripe's terms of service",
  'rejected.listed': 'the business appearing on a prohibited or sanctions list',
  'rejected.incomplete_verification': 'verification that was never completed',
  'rejected.other': 'a reason Stripe did not give',
};

/** Why the account was rejected, in words ("suspected fraud"). */
export function rejectionInWords(reason: string | null): string {
  if (reason === null) return 'a reason Stripe did not give';
  return REJECTION_WORDS[reason] ?? `a reason Stripe gives as "${reason.slice('rejected.'.length)}"`;
}

function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** One sentence for the platform console: what happened and when, or null while connected. */
export function standingInWords(standing: AccountStanding): string | null {
  if (standing.disconnectedAtMs !== null) {
    const when = utcMinute(standing.disconnectedAtMs);
    return standing.disconnectedReason === 'deauthorized'
      ? `Disconnected on ${when}: the account's owner removed the platform's access in Stripe. Counters refuse card payments; the account has to connect to the platform again.`
      : `Disconnected on ${when}: Stripe no longer gives the platform access to this account (it was disconnected or deleted). Counters refuse card payments.`;
  }
  if (standing.rejectedAtMs !== null) {
    return `Rejected on ${utcMinute(standing.rejectedAtMs)} for ${rejectionInWords(standing.rejectedReason)}: Stripe turned off payments and payouts. Counters refuse card payments.`;
  }
  return null;
}

/** What the counter tells a cashier when the account is gone, or null while connected. */
export function counterRefusal(businessName: string, standing: AccountStanding): string | null {
  switch (connectionOf(standing)) {
    case 'disconnected':
      return `${businessName} is no longer connected to the platform, so card payments are off. Take cash or ask the owner.`;
    case 'rejected':
      return `Stripe has closed ${businessName}'s account for payments, so card payments are off. Take cash or ask the owner.`;
    case 'connected':
      return null;
  }
}

/** The standing as the console's API shows it (`PlatformAccount.standing`). */
export function standingView(standing: AccountStanding) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    connection: connectionOf(standing),
    disconnectedAt: iso(standing.disconnectedAtMs),
    disconnectedReason: standing.disconnectedReason,
    rejectedAt: iso(standing.rejectedAtMs),
    rejectedReason: standing.rejectedReason,
    text: standingInWords(standing),
  };
}
