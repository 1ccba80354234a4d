/**
 * Failure texts. Cashier wording for API error codes (`describeError`; the UI switches on `code`, never on
 * the server's message text), in the UI language; and the plain message the consoles show (`errorText`).
 * A 429 (`too_many_attempts`) says how long to wait, from its `Retry-After`.
 */
import { ApiError } from './api-client.ts';
import { i18n, t } from './i18n/i18n.ts';

/** A wait in words, in the UI language: "30 seconds", "2 minutes" (a few minutes when unknown). */
export function waitText(seconds: number | null): string {
  if (seconds === null) return t('common:wait.unknown');
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return t('common:wait.seconds', { count: whole });
  return t('common:wait.minutes', { count: Math.ceil(whole / 60) });
}

/**
 * An error code's wording: `keys` may word some codes for the screen at hand (e.g. too_many_attempts at the
 * PIN pad, which can also say a manager may approve the device); else `common:errors.<code>`; else the
 * server's message.
 */
export function describeError(
  error: unknown,
  keys: Readonly<Record<string, string>> = {},
): { code: string; message: string } {
  if (error instanceof ApiError) {
    const key = keys[error.code] ?? `common:errors.${error.code}`;
    const message = i18n.exists(key) ? t(key, { wait: waitText(error.retryAfterSeconds) }) : error.message;
    return { code: error.code, message };
  }
  return {
    code: 'unexpected',
    message: error instanceof Error ? error.message : t('common:errors.unexpected'),
  };
}

/** The cashier's wording of a failure (for hooks that take a `describeFailure`). */
export function cashierText(failure: unknown): string {
  return describeError(failure).message;
}

/** `cashierText` with some codes worded for one screen (`describeError`'s `keys`). */
export function cashierTextWith(keys: Readonly<Record<string, string>>): (failure: unknown) => string {
  return (failure) => describeError(failure, keys).message;
}

/** The failure's own message (an Error's `message`, else the value as text), as the consoles show it. */
export function errorText(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}
