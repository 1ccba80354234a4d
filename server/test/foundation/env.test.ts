import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DATABASE_PATH,
  DEFAULT_STATIC_ROOT,
  loadDotEnvFile,
  parseEnv,
  plainHttpWarning,
} from '../../src/env.ts';

describe('parseEnv', () => {
  it('defaults to the embedded emulator on 127.0.0.1:3000', () => {
    const result = parseEnv({});
    expect(result).toEqual({
      ok: true,
      env: {
        port: 3000,
        host: '127.0.0.1',
        databasePath: DEFAULT_DATABASE_PATH,
        databaseUrl: null,
        stripeMode: 'emulator',
        stripeSecretKey: null,
        stripeWebhookSecret: null,
        stripeApiBase: null,
        publicUrl: 'http://127.0.0.1:3000',
        staticRoot: DEFAULT_STATIC_ROOT,
        sessionTtlMinutes: 720,
        consoleIdleTimeoutMinutes: 30,
        trustProxy: false,
        e2eControls: false,
        demoHistoryDays: 14,
        recovery: { intervalMs: 30_000, settleAfterMs: 10_000, abandonAfterMs: 1_800_000 },
        reconciliationHourUtc: 6,
        mail: { smtpUrl: null, from: 'Countertop <no-reply@localhost>' },
        logLevel: 'info',
      },
    });
    expect(DEFAULT_DATABASE_PATH).toMatch(/\/data\/countertop\.db$/);
  });

  it('uses real Stripe when a secret key and webhook secret are set', () => {
    const result = parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_xyz' });
    expect(result.ok && result.env.stripeMode).toBe('stripe');
  });

  it('talks to an external emulator when STRIPE_API_BASE is set, key or not', () => {
    const result = parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_API_BASE: 'http://127.0.0.1:12111/' });
    expect(result.ok && result.env).toMatchObject({
      stripeMode: 'emulator',
      stripeApiBase: 'http://127.0.0.1:12111',
    });
  });

  it('resolves relative paths against the working directory and reads flags', () => {
    const result = parseEnv(
      {
        DATABASE_PATH: 'tmp/pos.db',
        STATIC_ROOT: 'dist',
        E2E_CONTROLS: '1',
        PORT: '4100',
        SESSION_TTL_MINUTES: '30',
      },
      '/srv/app',
    );
    expect(result.ok && result.env).toMatchObject({
      databasePath: '/srv/app/tmp/pos.db',
      staticRoot: '/srv/app/dist',
      e2eControls: true,
      port: 4100,
      publicUrl: 'http://127.0.0.1:4100',
      sessionTtlMinutes: 30,
    });
  });

  it('lists every bad variable', () => {
    const result = parseEnv({
      PORT: 'eighty',
      STRIPE_SECRET_KEY: 'pk_test_123',
      STRIPE_API_BASE: 'not a url',
      SESSION_TTL_MINUTES: '0',
      E2E_CONTROLS: 'maybe',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(
      ['E2E_CONTROLS', 'PORT', 'SESSION_TTL_MINUTES', 'STRIPE_API_BASE', 'STRIPE_SECRET_KEY'].sort(),
    );
  });

  it('requires the webhook secret with a real Stripe key', () => {
    const result = parseEnv({ STRIPE_SECRET_KEY: 'sk_live_abc' });
    expect(result).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set/)],
    });
  });

  it('treats empty values as unset', () => {
    const result = parseEnv({ STRIPE_SECRET_KEY: '', PUBLIC_URL: '', DATABASE_PATH: '' });
    expect(result.ok && result.env.stripeMode).toBe('emulator');
  });

  it('reads LOG_LEVEL (default info) and refuses an unknown level', () => {
    const defaults = parseEnv({});
    expect(defaults.ok && defaults.env.logLevel).toBe('info');
    const debug = parseEnv({ LOG_LEVEL: 'debug' });
    expect(debug.ok && debug.env.logLevel).toBe('debug');
    const bad = parseEnv({ LOG_LEVEL: 'verbose' });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringMatching(/^LOG_LEVEL: /)]);
  });
});

describe('loadDotEnvFile', () => {
  it('reads .env from the folder the command ran in, without overriding the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-dotenv-'));
    writeFileSync(join(dir, '.env'), 'CT_DOTENV_TEST_A=from-file\nCT_DOTENV_TEST_B=from-file\n');
    process.env.CT_DOTENV_TEST_A = 'from-environment';
    try {
      expect(loadDotEnvFile(dir)).toBe(join(dir, '.env'));
      expect(process.env.CT_DOTENV_TEST_A).toBe('from-environment');
      expect(process.env.CT_DOTENV_TEST_B).toBe('from-file');
    } finally {
      delete process.env.CT_DOTENV_TEST_A;
      delete process.env.CT_DOTENV_TEST_B;
    }
  });
});

describe('plainHttpWarning', () => {
  it('warns when listening beyond this machine over plain http, and only then', () => {
    const warning = plainHttpWarning({ host: '0.0.0.0', publicUrl: 'http://192.168.1.20:3000' });
    expect(warning).toMatch(/^Warning: listening on 0\.0\.0\.0 over plain http/);
    expect(warning).toMatch(/TLS reverse proxy/);
    expect(plainHttpWarning({ host: '127.0.0.1', publicUrl: 'http://127.0.0.1:3000' })).toBeNull();
    expect(plainHttpWarning({ host: '::1', publicUrl: 'http://[::1]:3000' })).toBeNull();
    expect(plainHttpWarning({ host: '0.0.0.0', publicUrl: 'https://pos.example.com' })).toBeNull();
  });
});
