/**
 * Failure texts. Cashier wording for API error codes (`describeError`; the UI switches on `code`, never on
 * the server's message text), and the plain message the consoles show (`errorText`).
 */
import { ApiError } from './api-client.ts';

const WORDS: Record<string, string> = {
  invalid_pin: 'That PIN is not right. Try again.',
  register_not_found: 'This register code is not known. Check it with your manager.',
  unauthenticated: 'You have been signed out. Sign in again.',
  csrf_failed: 'Your session needs refreshing. Sign in again.',
  forbidden: 'You are not allowed to do that.',
  network_error: 'Cannot reach the server. Check the network, then try again.',
  reader_not_found: 'That reader is not at this location any more.',
  reader_offline: 'The reader is offline. Check its power and network.',
  reader_busy: 'The reader is busy with another payment.',
  sale_not_payable: 'This sale cannot be paid any more.',
  account_cannot_charge: 'This business cannot take card payments yet.',
  stripe_unavailable: 'Stripe could not be reached. Check again in a moment.',
  stripe_error: 'Stripe returned an error. Try again.',
};

export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) {
    return { code: error.code, message: WORDS[error.code] ?? error.message };
  }
  return { code: 'unexpected', message: error instanceof Error ? error.message : 'Something went wrong.' };
}

/** The cashier's wording of a failure (for hooks that take a `describeFailure`). */
export function cashierText(failure: unknown): string {
  return describeError(failure).message;
}

/** The failure's own message (an Error's `message`, else the value as text), as the consoles show it. */
export function errorText(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}
