// Operations: /api/health fails when Stripe does not answer (checked at most once per cache period) or the
// database is unusable; the recovery scheduler never overlaps sweeps and its stop() waits for the running
// sweep to finish its step (graceful shutdown closes the database only after that).
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createManualClock } from '../../src/runtime.ts';
import { type SweepReport, startRecoveryScheduler } from '../../src/services/recovery.service.ts';
import { createStripeHealthCheck } from '../../src/services/stripe-health.ts';
import { startEmulator } from '../../src/stripe/emulator/index.ts';
import { createEmulatorStripeClient } from '../../src/stripe/emulator-wiring.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext | undefined;

afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

const EMPTY: SweepReport = { examined: 0, settled: 0, linked: 0, canceled: 0, anomalies: 0, errors: 0 };

describe('/api/health', () => {
  it('answers 503 when Stripe does not answer, and re-checks only after the cache period', async () => {
    ctx = await createTestContext();
    const clock = createManualClock();
    const separate = await startEmulator({ port: 0 });
    const stripe = createEmulatorStripeClient(separate.url);
    const app = createApp({
      ...ctx.deps,
      checkStripe: createStripeHealthCheck(stripe, { clock, ttlMs: 5_000 }),
    });

    const healthy = await app.request('/api/health');
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ ok: true, database: 'ok', stripeMode: 'emulator' });

    await separate.close();
    expect((await app.request('/api/health')).status).toBe(200);
    clock.advanceMs(5_001);
    const down = await app.request('/api/health');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ok: false, database: 'ok' });
  });

  it('answers 503 when the database is unusable even if Stripe answers', async () => {
    ctx = await createTestContext();
    const app = createApp({ ...ctx.deps, checkStripe: async () => true });
    ctx.db.close();
    const response = await app.request('/api/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, database: 'error' });
  });
});

describe('recovery scheduler', () => {
  it('never runs two sweeps at once and stop() waits for the running one', async () => {
    let running = 0;
    let maxRunning = 0;
    let finished = 0;
    let release: () => void = () => {};
    const sweep = async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      running -= 1;
      finished += 1;
      return EMPTY;
    };
    const scheduler = startRecoveryScheduler(sweep, { intervalMs: 0 });
    const again = scheduler.runNow();
    const stopped = scheduler.stop();
    let stopResolved = false;
    void stopped.then(() => {
      stopResolved = true;
    });
    await Promise.resolve();
    expect(stopResolved).toBe(false);
    release();
    await stopped;
    expect(await again).toEqual(EMPTY);
    expect({ maxRunning, finished }).toEqual({ maxRunning: 1, finished: 1 });
    expect(await scheduler.runNow()).toBeNull();
  });

  it('logs a failed sweep and keeps going', async () => {
    const lines: string[] = [];
    let calls = 0;
    const scheduler = startRecoveryScheduler(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('Stripe down');
        return { ...EMPTY, settled: 1 };
      },
      { intervalMs: 0, log: (line) => lines.push(line) },
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await scheduler.runNow()).toEqual({ ...EMPTY, settled: 1 });
    await scheduler.stop();
    expect(lines[0]).toContain('sweep failed: Error: Stripe down');
    expect(lines[1]).toContain('"settled":1');
  });
});
