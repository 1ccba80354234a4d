// Which connected accounts the platform's key can act on, and Stripe's refusal otherwise. A `Stripe-Account`
// header (or an /v1/accounts/:id path) naming an account that does not exist, was deleted, or whose
// connection to the platform was revoked (deauthorized) gets one and the same answer from Stripe: HTTP 403,
// `type: invalid_request_error`, `code: account_invalid`, "The provided key 'sk_test_***…' does not have
// access to account 'acct_…' (or that account does not exist). Application access may have been revoked."
// (https://docs.stripe.com/error-codes#account-invalid: "The account ID provided as a value for the
// Stripe-Account header is invalid"; the 403 and the message are what real responses carry, which stripe-node
// surfaces as StripePermissionError.) The message cannot tell the three cases apart, and neither can a client.
import { StripeError } from './errors.ts';
import type { Store } from './store.ts';

const revokedKey = (accountId: string) => `account_access_revoked:${accountId}`;

/** The key as Stripe prints it in errors: its prefix, asterisks, and its last four characters. */
export function maskApiKey(key: string): string {
  if (key.length <= 12) return key;
  return `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

/** Whether the platform can act on `accountId`: a connected account of it, not deleted, not deauthorized. */
export function canAccessAccount(store: Store, platformId: string, accountId: string): boolean {
  return (
    accountId !== platformId &&
    store.exists('account', accountId, platformId) &&
    store.getKv(revokedKey(accountId)) === undefined
  );
}

/** Revokes the platform's access to a connected account (the account disconnected from the platform). */
export function revokeAccountAccess(store: Store, accountId: string): void {
  store.setKv(revokedKey(accountId), '1');
}

export function isAccountAccessRevoked(store: Store, accountId: string): boolean {
  return store.getKv(revokedKey(accountId)) !== undefined;
}

/** 403 `account_invalid` for an account the key cannot act on. */
export function accountInvalid(apiKey: string | null, accountId: string): StripeError {
  return new StripeError(403, {
    type: 'invalid_request_error',
    code: 'account_invalid',
    doc_url: 'https://stripe.com/docs/error-codes/account-invalid',
    message: `The provided key '${maskApiKey(apiKey ?? '')}' does not have access to account '${accountId}' (or that account does not exist). Application access may have been revoked.`,
  });
}
