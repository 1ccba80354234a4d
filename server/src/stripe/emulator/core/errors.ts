// Stripe's error envelope `{ error: { type, code, message, param, decline_code, … } }` with Stripe's HTTP
// statuses (400 invalid request, 401 auth, 402 card, 404 missing, 409 idempotency conflict, 500 api error),
// so stripe-node maps every failure to the same error class it would for real Stripe. Does NOT emulate
// doc_url pages or request_log_url dashboards (they are generated strings only).

type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error'
  | 'authentication_error'
  | 'rate_limit_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  payment_method_type?: string;
  request_log_url?: string;
}

/** Throw this from any handler; the core renders it with its status (and rolls the transaction back). */
export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

function withDocUrl(body: StripeErrorBody): StripeErrorBody {
  return body.code
    ? { ...body, doc_url: `https://stripe.com/docs/error-codes/${body.code.replace(/_/g, '-')}` }
    : body;
}

export function invalidRequest(message: string, opts: { code?: string; param?: string } = {}): StripeError {
  return new StripeError(400, withDocUrl({ type: 'invalid_request_error', message, ...opts }));
}

export function parameterMissing(param: string): StripeError {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

export function parameterUnknown(param: string): StripeError {
  return invalidRequest(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });
}

export function parameterInvalidInteger(param: string, value: string): StripeError {
  return invalidRequest(`Invalid integer: ${value}`, { code: 'parameter_invalid_integer', param });
}

export function parameterInvalidEmpty(param: string): StripeError {
  return invalidRequest(
    `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
    { code: 'parameter_invalid_empty', param },
  );
}

export function invalidEnum(param: string, allowed: readonly string[]): StripeError {
  const list =
    allowed.length > 1
      ? `${allowed.slice(0, -1).join(', ')}, or ${allowed[allowed.length - 1]}`
      : allowed.join('');
  return invalidRequest(`Invalid ${param}: must be one of ${list}`, { param });
}

/** 404 `No such payment_intent: 'pi_x'`. `objectName` is Stripe's noun (payment_intent, charge, account…). */
export function resourceMissing(objectName: string, id: string, param = 'id'): StripeError {
  return new StripeError(
    404,
    withDocUrl({
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such ${objectName}: '${id}'`,
      param,
    }),
  );
}

export function unexpectedState(message: string, extra: Partial<StripeErrorBody> = {}): StripeError {
  return new StripeError(
    400,
    withDocUrl({ type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message, ...extra }),
  );
}

export function authenticationError(message: string): StripeError {
  return new StripeError(401, { type: 'invalid_request_error', message });
}

export function idempotencyMismatch(key: string): StripeError {
  return new StripeError(400, {
    type: 'idempotency_error',
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  });
}

export function idempotencyEndpointMismatch(key: string, path: string, firstPath: string): StripeError {
  return new StripeError(400, {
    type: 'idempotency_error',
    message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${path}' vs '${firstPath}'). Try using a key other than '${key}' if you meant to execute a different request.`,
  });
}

export function idempotencyInUse(key: string): StripeError {
  return new StripeError(
    409,
    withDocUrl({
      type: 'invalid_request_error',
      code: 'idempotency_key_in_use',
      message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
    }),
  );
}

export function apiError(message = 'An unknown error occurred'): StripeError {
  return new StripeError(500, { type: 'api_error', message });
}

/**
 * The Stripe error a failure answers with: itself when it is one, else a 500 `api_error` — and then it is a
 * bug in the emulator, so it is logged with its stack.
 */
export function toStripeError(err: unknown, log: (line: string) => void): StripeError {
  if (err instanceof StripeError) return err;
  log(`emulator error: ${err instanceof Error ? (err.stack ?? String(err)) : String(err)}`);
  return apiError();
}

export function errorEnvelope(err: StripeError): { error: StripeErrorBody } {
  return { error: err.body };
}
