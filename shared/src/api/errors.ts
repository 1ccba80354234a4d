import { z } from 'zod';

/**
 * The API's error contract: every 4xx/5xx response body is `{ error: { code, message } }`.
 * Clients switch on `code` (a stable snake_case id), never on `message` (human text that may change).
 */

/** Every error code the server may return, with the HTTP status it is sent with. */
export const ERROR_STATUS = {
  /** 400: the request body, query or path failed validation; the message names the first bad field. */
  invalid_request: 400,
  /** 401: no valid counter session (missing, expired, or signed out); sign in again. */
  unauthenticated: 401,
  /** 401: the PIN did not match the selected staff member. */
  invalid_pin: 401,
  /** 403: signed in, but not allowed to do this (role, location, or revoked register). */
  forbidden: 403,
  /** 403: a mutating request with a session lacked a matching `x-csrf-token` header. */
  csrf_failed: 403,
  /** 404: no such route or resource. */
  not_found: 404,
  /** 404: the register code is unknown or the register has been revoked. */
  register_not_found: 404,
  /**
   * 404: this device is not paired with a register (no register cookie, or the register was unpaired or
   * removed): enter a pairing code from the console. The counter's sign-in screen answers nothing else.
   */
  register_not_paired: 404,
  /** 404: the pairing code is unknown, expired or already used. */
  pairing_code_invalid: 404,
  /** 404: the sale does not exist (or belongs to another account). */
  sale_not_found: 404,
  /** 404: the reader does not exist at this register's location. */
  reader_not_found: 404,
  /** 409: the request conflicts with the current state (e.g. a reused idempotency key with other data). */
  conflict: 409,
  /** 409: the sale is not in a state that can be paid (already paid, canceled, or processing). */
  sale_not_payable: 409,
  /** 409: the reader is busy with another action. */
  reader_busy: 409,
  /** 409: the reader is offline. */
  reader_offline: 409,
  /** 402: the card was declined; see the sale's lastError for the decline code. */
  card_declined: 402,
  /** 402: the payment failed for another reason (expired card, incorrect CVC, processing error). */
  payment_failed: 402,
  /** 409: the merchant's Stripe account cannot take charges yet (onboarding incomplete). */
  account_cannot_charge: 409,
  /**
   * 409: the merchant's Stripe account is no longer connected to the platform (the owner disconnected it, or
   * Stripe no longer gives the platform access): card payments and everything else on Stripe are off.
   */
  account_disconnected: 409,
  /** 409: the sale's payment was charged back by the cardholder's bank (a dispute), so it cannot be refunded. */
  charge_disputed: 409,
  /** 404: no such dispute (or not one this viewer may see). */
  dispute_not_found: 404,
  /** 409: the dispute takes no more evidence: its deadline passed, it is closed, or evidence is under review. */
  dispute_not_answerable: 409,
  /** 400: an evidence file that is not a PDF, JPEG or PNG (checked by its content), or is empty. */
  evidence_file_invalid: 400,
  /** 413: an evidence file over 5 MB (Stripe's limit for dispute evidence). */
  evidence_file_too_large: 413,
  /** 409: Interac payments are refunded in person: present the card on a reader at the counter. */
  refund_requires_reader: 409,
  /**
   * 429: too many failed attempts (PINs, console passwords, pairing codes): wait the `Retry-After` seconds
   * (the wait doubles with each further failure, at most 15 minutes), or — at a register — ask a manager.
   */
  too_many_attempts: 429,
  /** 502: Stripe (or the emulator) returned an unexpected error. */
  stripe_error: 502,
  /** 503: Stripe could not be reached; the outcome is unknown, sync the sale to learn the truth. */
  stripe_unavailable: 503,
  /** 401: console sign-in with an unknown email or a wrong password (never says which). */
  invalid_credentials: 401,
  /** 404: no such merchant account (or not one this console user may see). */
  account_not_found: 404,
  /** 409: the sale would exceed a risk limit the platform set for this account (per sale or per day). */
  risk_limit_exceeded: 409,
  /** 409: the register's location has no Stripe Terminal location, so no reader can be connected there. */
  terminal_location_missing: 409,
  /** 502: the mail server refused the message or could not be reached (SMTP_URL). */
  mail_failed: 502,
  /**
   * 403: this needs a permission the signed-in staff member's role lacks (a custom discount, a refund,
   * the cash drawer): send `approval` with the PIN of someone whose role has it.
   */
  approval_required: 403,
  /** 403: the approving PIN is wrong, or that person may not approve this (role, location, inactive). */
  invalid_approval: 403,
  /** 409: no cash drawer is open at this register: open one (with its float) before taking cash. */
  drawer_closed: 409,
  /** 409: this register's cash drawer is already open (close it first). */
  drawer_already_open: 409,
  /** 400: a catalog CSV import was refused: nothing was written; `error.rows` lists each row's problem. */
  csv_invalid: 400,
  /** 500: an unexpected server error; details are logged, never sent. */
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The body of every error response. `code` is parsed as a plain string so a client built against an
 * older contract still reads codes added later; compare it against `ErrorCode` values.
 */
export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** `csv_invalid` only: each refused row (the header is row 1) and what is wrong with it. */
    rows: z.array(z.object({ row: z.number().int(), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** Narrows a raw code string to a known `ErrorCode`. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, code);
}
