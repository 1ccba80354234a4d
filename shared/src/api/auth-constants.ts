/**
 * The counter sign-in's constants, without zod: the counter's bundle reads them without loading the
 * schema builder (shared/src/api/auth.ts builds the schemas from them).
 */

/** A staff PIN: 4 to 8 digits. */
export const PIN_PATTERN = /^\d{4,8}$/;
/** Register codes (a register's short name, not a secret) are upper-case letters, digits and dashes, e.g. `MISSION-1`. */
export const REGISTER_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
/** Pairing codes: 8 characters without look-alikes (no 0/O, 1/I/L), shown as `7KQ4-M2XH`. */
export const PAIRING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PAIRING_CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;
/** A pairing code as typed (any case, with or without the dash and spaces), as the server reads it. */
export function normalizePairingCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}
/** Header that must echo the session's csrfToken on every mutating request. */
export const CSRF_HEADER = 'x-csrf-token';
/**
 * HttpOnly cookie carrying the session token. Over https every cookie name gets the `__Host-` prefix
 * (`__Host-ct_session`); the client never reads cookies, so it never needs their names.
 */
export const SESSION_COOKIE = 'ct_session';
/** HttpOnly cookie of a paired register device (its register token; only its hash is stored). */
export const REGISTER_DEVICE_COOKIE = 'ct_register';
