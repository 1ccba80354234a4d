// Operations: readiness (/api/health/ready, /api/health) fails only when the database is unusable and
// reports Stripe's reachability (checked at most once per cache period) without failing on it; liveness
// always answers; the recovery sweep job never overlaps sweeps and the scheduler's stop() waits for the
// running sweep to finish its step (graceful shutdown closes the database only after that).
import { afterEach, describe, expect, it } from 'vitest';
import { type AppServices, scheduledJobs } from '../../src/compose.ts';
import { createTimerScheduler } from '../../src/jobs/scheduler.ts';
import { createManualClock } from '../../src/runtime.ts';
import type { SweepReport } from '../../src/services/recovery.service.ts';
import { createStripeHealthCheck } from '../../src/stripe/adapters/health.adapter.ts';
import { createEmulatorStripeClient } from '../../src/stripe/connection.ts';
import { startEmulator } from '../../src/stripe/emulator/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext | undefined;

afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

const EMPTY: SweepReport = { examined: 0, settled: 0, linked: 0, canceled: 0, anomalies: 0, errors: 0 };

describe('/api/health', () => {
  it('stays ready when Stripe does not answer, says so, and re-checks only after the cache period', async () => {
    ctx = await createTestContext();
    const clock = createManualClock();
    const separate = await startEmulator({ port: 0 });
    const stripe = createEmulatorStripeClient(separate.url);
    const { app } = ctx.compose({
      gateways: { health: createStripeHealthCheck(stripe, { clock, ttlMs: 5_000 }) },
    });

    const healthy = await app.request('/api/health');
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({
      ok: true,
      database: 'ok',
      stripe: 'reachable',
      stripeMode: 'emulator',
    });

    await separate.close();
    expect(await (await app.request('/api/health/ready')).json()).toMatchObject({ stripe: 'reachable' });
    clock.advanceMs(5_001);
    // A Stripe outage must not take the server out of a load balancer: card payments are unavailable,
    // everything else still works.
    const down = await app.request('/api/health/ready');
    expect(down.status).toBe(200);
    expect(await down.json()).toEqual({
      ok: true,
      database: 'ok',
      stripe: 'unreachable',
      stripeMode: 'emulator',
    });
    const live = await app.request('/api/health/live');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ ok: true });
  });

  it('is not ready when the database is unusable even if Stripe answers, while still alive', async () => {
    ctx = await createTestContext();
    const { app } = ctx.compose({ gateways: { health: { isReachable: async () => true } } });
    ctx.db.close();
    for (const path of ['/api/health', '/api/health/ready']) {
      const response = await app.request(path);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ ok: false, database: 'error', stripe: 'reachable' });
    }
    expect((await app.request('/api/health/live')).status).toBe(200);
  });
});

describe('recovery sweep job', () => {
  /** The composed recovery-sweep job (config.recovery.intervalMs 0: once at start) over a stand-in sweep. */
  function sweepJobWith(
    context: TestContext,
    sweep: () => Promise<SweepReport>,
    log: (line: string) => void,
  ) {
    const services: AppServices = { ...context.services, recovery: { ...context.services.recovery, sweep } };
    const jobs = scheduledJobs(services, context.composeOptions.config, log).filter(
      (job) => job.name === 'recovery-sweep',
    );
    expect(jobs).toHaveLength(1);
    const scheduler = createTimerScheduler({ clock: context.clock, log });
    scheduler.start(jobs);
    return scheduler;
  }

  it('never runs two sweeps at once and stop() waits for the running one', async () => {
    ctx = await createTestContext({ emulator: false });
    let running = 0;
    let maxRunning = 0;
    let finished = 0;
    const reports: SweepReport[] = [];
    let release: () => void = () => {};
    const sweep = async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      running -= 1;
      finished += 1;
      reports.push(EMPTY);
      return EMPTY;
    };
    const scheduler = sweepJobWith(ctx, sweep, () => {});
    // The start-up run is in progress: running it now joins that run.
    const again = scheduler.runNow('recovery-sweep');
    const stopped = scheduler.stop();
    let stopResolved = false;
    void stopped.then(() => {
      stopResolved = true;
    });
    await Promise.resolve();
    expect(stopResolved).toBe(false);
    release();
    await stopped;
    await again;
    expect(reports).toEqual([EMPTY]);
    expect({ maxRunning, finished }).toEqual({ maxRunning: 1, finished: 1 });
    // Stopped: no new run.
    await scheduler.runNow('recovery-sweep');
    expect(finished).toBe(1);
  });

  it('logs a failed sweep and keeps going', async () => {
    ctx = await createTestContext({ emulator: false });
    const lines: string[] = [];
    let calls = 0;
    const scheduler = sweepJobWith(
      ctx,
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('Stripe down');
        return { ...EMPTY, settled: 1 };
      },
      (line) => lines.push(line),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    await scheduler.runNow('recovery-sweep');
    expect(calls).toBe(2);
    await scheduler.stop();
    expect(lines[0]).toContain('recovery-sweep: run failed: Error: Stripe down');
    expect(lines[1]).toContain('"settled":1');
  });
});
