/**
 * Server configuration from environment variables (RECOVERY_* and RECONCILIATION_HOUR_UTC too: see
 * docs/RELIABILITY.md), validated with zod. `parseEnv` is pure (returns
 * the config or every bad variable); `loadEnvOrExit` prints the problems and exits (main.ts only).
 */
import { existsSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevelSetting } from './logging/logger.ts';

/** The monorepo root (this file is server/src/env.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_DATABASE_PATH = fileURLToPath(new URL('../../data/countertop.db', import.meta.url));
export const DEFAULT_STATIC_ROOT = fileURLToPath(new URL('../../pos-client/dist/', import.meta.url));

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

const seconds = (fallback: number) => z.coerce.number().int().min(0).max(86_400).default(fallback);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_PATH: optionalString,
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  STRIPE_SECRET_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^(sk_test_|sk_live_|rk_test_|rk_live_|rk_)\w+$/, 'must start with sk_test_, sk_live_ or rk_')
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^whsec_\w+$/, 'must start with whsec_')
      .optional(),
  ),
  STRIPE_API_BASE: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  STATIC_ROOT: optionalString,
  SESSION_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(12 * 60),
  CONSOLE_IDLE_TIMEOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  TRUST_PROXY: booleanFlag,
  E2E_CONTROLS: booleanFlag,
  DEMO_HISTORY_DAYS: z.coerce.number().int().min(0).max(90).default(14),
  RECOVERY_INTERVAL_SECONDS: seconds(30),
  RECOVERY_SETTLE_AFTER_SECONDS: seconds(10),
  RECOVERY_ABANDON_AFTER_SECONDS: seconds(1_800),
  RECONCILIATION_HOUR_UTC: z.coerce.number().int().min(-1).max(23).default(6),
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  MAIL_FROM: z.string().trim().min(3).max(200).default('Countertop <no-reply@localhost>'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export interface ServerEnv {
  port: number;
  host: string;
  /** The SQLite file (the default database; the embedded emulator keeps its state beside it). */
  databasePath: string;
  /** PostgreSQL (`postgres://user:pass@host:port/db`) instead of the SQLite file, or null. */
  databaseUrl: string | null;
  /** `emulator` unless a real STRIPE_SECRET_KEY is set without STRIPE_API_BASE. */
  stripeMode: 'emulator' | 'stripe';
  stripeSecretKey: string | null;
  stripeWebhookSecret: string | null;
  /** An external emulator's base URL; null runs the embedded one (emulator mode) or talks to Stripe. */
  stripeApiBase: string | null;
  publicUrl: string;
  staticRoot: string;
  sessionTtlMinutes: number;
  /** A console session unused this long ends (CONSOLE_IDLE_TIMEOUT_MINUTES). */
  consoleIdleTimeoutMinutes: number;
  /** Behind a reverse proxy: client addresses from X-Forwarded-For (TRUST_PROXY=1). */
  trustProxy: boolean;
  e2eControls: boolean;
  /** Days of past sales the demo seed records (0: none). */
  demoHistoryDays: number;
  /** The recovery sweeper: its period (0: only at start-up), and when it settles or abandons a sale. */
  recovery: { intervalMs: number; settleAfterMs: number; abandonAfterMs: number };
  /** UTC hour of the daily reconciliation of yesterday, or null (RECONCILIATION_HOUR_UTC=-1). */
  reconciliationHourUtc: number | null;
  /** Outgoing mail: SMTP (`smtp://` or `smtps://`) or, when null, the local outbox read in the console. */
  mail: { smtpUrl: string | null; from: string };
  /** The least severe level written to the log (LOG_LEVEL: fatal, error, warn, info, debug, trace, silent). */
  logLevel: LogLevelSetting;
}

export type ParseEnvResult = { ok: true; env: ServerEnv } | { ok: false; problems: string[] };

export function parseEnv(
  source: Record<string, string | undefined>,
  cwd: string = process.cwd(),
): ParseEnvResult {
  // An empty variable means "not set" (the default applies), as in `.env` files.
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(
      Object.entries(source).filter(([, value]) => value === undefined || value.trim() !== ''),
    ),
  );
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
  // Cross-variable rule, checked on the raw values so it is reported alongside any other problem.
  const isSet = (name: string) => (source[name] ?? '').trim() !== '';
  if (isSet('STRIPE_SECRET_KEY') && !isSet('STRIPE_API_BASE') && !isSet('STRIPE_WEBHOOK_SECRET')) {
    problems.push(
      'STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set (the whsec_ secret of your webhook endpoint)',
    );
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const env = parsed.data;
  const resolve = (path: string) => (path === ':memory:' ? path : resolvePath(cwd, path));
  const stripeMode = env.STRIPE_SECRET_KEY && !env.STRIPE_API_BASE ? 'stripe' : 'emulator';
  const displayHost = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  return {
    ok: true,
    env: {
      port: env.PORT,
      host: env.HOST,
      databasePath: env.DATABASE_PATH ? resolve(env.DATABASE_PATH) : DEFAULT_DATABASE_PATH,
      databaseUrl: env.DATABASE_URL ?? null,
      stripeMode,
      stripeSecretKey: env.STRIPE_SECRET_KEY ?? null,
      stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET ?? null,
      stripeApiBase: env.STRIPE_API_BASE?.replace(/\/+$/, '') ?? null,
      publicUrl: (env.PUBLIC_URL ?? `http://${displayHost}:${env.PORT}`).replace(/\/+$/, ''),
      staticRoot: env.STATIC_ROOT ? resolve(env.STATIC_ROOT) : DEFAULT_STATIC_ROOT,
      sessionTtlMinutes: env.SESSION_TTL_MINUTES,
      consoleIdleTimeoutMinutes: env.CONSOLE_IDLE_TIMEOUT_MINUTES,
      trustProxy: env.TRUST_PROXY,
      e2eControls: env.E2E_CONTROLS,
      demoHistoryDays: env.DEMO_HISTORY_DAYS,
      recovery: {
        intervalMs: env.RECOVERY_INTERVAL_SECONDS * 1000,
        settleAfterMs: env.RECOVERY_SETTLE_AFTER_SECONDS * 1000,
        abandonAfterMs: env.RECOVERY_ABANDON_AFTER_SECONDS * 1000,
      },
      reconciliationHourUtc: env.RECONCILIATION_HOUR_UTC < 0 ? null : env.RECONCILIATION_HOUR_UTC,
      mail: { smtpUrl: env.SMTP_URL ?? null, from: env.MAIL_FROM },
      logLevel: env.LOG_LEVEL,
    },
  };
}

/**
 * Reads `.env` into process.env, the first found of: the folder the command was run from, the repository
 * root. Variables already set in the environment win over the file. Returns the file read, if any.
 */
export function loadDotEnvFile(cwd: string): string | null {
  for (const dir of [cwd, REPO_ROOT]) {
    const path = join(dir, '.env');
    if (existsSync(path)) {
      process.loadEnvFile(path);
      return path;
    }
  }
  return null;
}

/** Interfaces only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || bare.startsWith('127.');
}

/**
 * The start-up warning for a server that listens beyond this machine (e.g. `HOST=0.0.0.0` for the shop's
 * tablets) while browsers reach it over plain http: PINs, passwords and session cookies would cross the
 * network readable by anyone on it. Null when the server listens on loopback only or PUBLIC_URL is https
 * (a TLS reverse proxy in front: see README, "Serving over TLS").
 */
export function plainHttpWarning(env: Pick<ServerEnv, 'host' | 'publicUrl'>): string | null {
  if (isLoopbackHost(env.host) || env.publicUrl.startsWith('https:')) return null;
  return `Warning: listening on ${env.host} over plain http (${env.publicUrl}). PINs, passwords and session cookies cross the network unencrypted, and cookies cannot be Secure. Put a TLS reverse proxy in front and set PUBLIC_URL=https://… (README: "Serving over TLS").`;
}

/** Reads `.env`, then parses process.env; on failure prints every bad variable and exits with status 1. */
export function loadEnvOrExit(source: Record<string, string | undefined> = process.env): ServerEnv {
  // Relative paths are read from where the user ran the command (npm/pnpm set INIT_CWD), not server/.
  const cwd = source.INIT_CWD ?? process.cwd();
  if (source === process.env) loadDotEnvFile(cwd);
  const result = parseEnv(source, cwd);
  if (result.ok) return result.env;
  console.error(`Invalid environment:\n${result.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
