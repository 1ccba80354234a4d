/**
 * Failure texts. Cashier wording for API error codes (`describeError`; the UI switches on `code`, never on
 * the server's message text), in the UI language; and the plain message the consoles show (`errorText`).
 */
import { ApiError } from './api-client.ts';
import { i18n, t } from './i18n/i18n.ts';

export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) {
    const key = `common:errors.${error.code}`;
    return { code: error.code, message: i18n.exists(key) ? t(key) : error.message };
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

/** The failure's own message (an Error's `message`, else the value as text), as the consoles show it. */
export function errorText(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}
