/**
 * The server's one structured logger: pino, one JSON line per event with `level` (a word), `time` (ISO
 * 8601), `msg`, and `reqId` on every line logged while handling a request. Services keep the plain
 * `Logger` function type (runtime.ts); `createServerLog` is such a function with pino underneath, and
 * while a request is handled (`requestScope`, set by the request-log middleware) it writes through that
 * request's child logger, so a service's line carries the request id without knowing about requests.
 *
 * Secrets never reach the log: structured fields named like secrets (cookies, authorization and CSRF
 * headers, tokens, passwords, PINs, card numbers, e-mail bodies) are replaced by `[redacted]`, and every
 * message string is scrubbed of card numbers, Stripe keys, bearer tokens and cookie values.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { Logger, LogLevel } from '../runtime.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];
export type StructuredLogger = PinoLogger;

export const REDACTED = '[redacted]';

/** Field names whose values are secrets, wherever they appear (top level or one object down). */
const SECRET_KEYS = [
  'cookie',
  'set-cookie',
  'authorization',
  'x-csrf-token',
  'csrfToken',
  'token',
  'password',
  'pin',
  'secret',
  'apiKey',
  'cardNumber',
  'number',
  'cvc',
  'exp_month',
  'exp_year',
  'body',
  'html',
  'text',
];
const REDACT_PATHS = [
  ...SECRET_KEYS.map((key) => (/^[A-Za-z_]+$/.test(key) ? key : `["${key}"]`)),
  ...SECRET_KEYS.map((key) => (/^[A-Za-z_]+$/.test(key) ? `*.${key}` : `*["${key}"]`)),
  ...SECRET_KEYS.map((key) => `req.headers["${key.toLowerCase()}"]`),
  ...SECRET_KEYS.map((key) => `res.headers["${key.toLowerCase()}"]`),
];

/** A card number: 13–19 digits, optionally grouped by spaces or dashes, passing the Luhn check. */
const CARD_NUMBER = /\b\d(?:[ -]?\d){12,18}\b/g;
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9]+/g,
  /\bwhsec_[A-Za-z0-9]+/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  // `name=value` of our cookies (`ct_…`, `__Host-ct_…`) as they would appear in a Cookie header.
  /\b(?:__Host-)?ct_[a-z_]+=[^;\s"]+/g,
];

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** A message with card numbers, Stripe keys, bearer tokens and session cookie values replaced. */
export function scrubSecrets(text: string): string {
  let scrubbed = text.replace(CARD_NUMBER, (match) => {
    const digits = match.replace(/[ -]/g, '');
    return digits.length >= 13 && passesLuhn(digits) ? REDACTED : match;
  });
  for (const pattern of SECRET_PATTERNS) scrubbed = scrubbed.replace(pattern, REDACTED);
  return scrubbed;
}

/** An error as a log field: its name, scrubbed message and stack (never its own enumerable fields). */
export function errorField(error: unknown): { type: string; message: string; stack?: string } {
  if (error instanceof Error) {
    return {
      type: error.name,
      message: scrubSecrets(error.message),
      ...(error.stack ? { stack: scrubSecrets(error.stack) } : {}),
    };
  }
  return { type: typeof error, message: scrubSecrets(String(error)) };
}

/** The logger of the request being handled (the request-log middleware runs each request in it). */
export const requestScope = new AsyncLocalStorage<StructuredLogger>();

export interface ServerLog extends Logger {
  /** The pino logger underneath (the request-log middleware makes each request's child of it). */
  readonly structured: StructuredLogger;
}

export function createStructuredLogger(options: {
  level?: LogLevelSetting;
  /** Where the lines go: stdout (asynchronously, in batches) unless given; tests pass a sink. */
  destination?: DestinationStream;
  /** Fields on every line (default: the process id). */
  base?: Record<string, unknown>;
}): StructuredLogger {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // `{ err }`: an Error as its type, scrubbed message and stack (a field made by errorField as is).
      serializers: { err: (value: unknown) => (value instanceof Error ? errorField(value) : value) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: {
        // Every string argument (the message and its interpolations) is scrubbed before it is written.
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/**
 * The `Logger` services are given, writing through pino: `log(line)` at info, `log(line, 'warn')` at that
 * level; inside a request, through that request's child logger (its lines carry `reqId`).
 */
export function serverLogOf(structured: StructuredLogger): ServerLog {
  const log = (line: string, level: LogLevel = 'info') => {
    (requestScope.getStore() ?? structured)[level](line);
  };
  return Object.assign(log, { structured });
}

export function createServerLog(options: Parameters<typeof createStructuredLogger>[0] = {}): ServerLog {
  return serverLogOf(createStructuredLogger(options));
}

export function isServerLog(log: Logger): log is ServerLog {
  return 'structured' in log;
}

/**
 * A ServerLog over any `Logger`: itself if it is one, else pino writing each JSON line to that function
 * (tests that collect lines in an array get the same JSON lines the process prints).
 */
export function asServerLog(log: Logger): ServerLog {
  if (isServerLog(log)) return log;
  return createServerLog({ destination: { write: (chunk: string) => log(chunk.replace(/\n$/, '')) } });
}
