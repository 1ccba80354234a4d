/**
 * The counter sign-in's constants, without zod: the counter's bundle reads them without loading the
 * schema builder (shared/src/api/auth.ts builds the schemas from them).
 */

/** A staff PIN: 4 to 8 digits. */
export const PIN_PATTERN = /^\d{4,8}$/;
/** Register codes are upper-case letters, digits and dashes, e.g. `MISSION-1`. */
export const REGISTER_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
/** Header that must echo the session's csrfToken on every mutating request. */
export const CSRF_HEADER = 'x-csrf-token';
/** HttpOnly cookie carrying the session token. */
export const SESSION_COOKIE = 'ct_session';
