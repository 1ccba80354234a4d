/**
 * The JobScheduler port's contract: every implementation must pass it (in-process timers; the
 * leader-elected scheduler on PostgreSQL, as its only process and so its leader).
 */
import { describe, expect, it } from 'vitest';
import type { JobScheduler, ScheduledJob } from '../../src/jobs/scheduler.ts';

export interface SchedulerSubject {
  make(): Promise<JobScheduler>;
  /** Resolves once `scheduler` runs its jobs (a leader-elected one must win the election first). */
  ready(scheduler: JobScheduler): Promise<void>;
}

const waitFor = async (condition: () => boolean, ms = 5_000) => {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

export function describeSchedulerContract(name: string, subject: () => SchedulerSubject) {
  describe(`JobScheduler contract: ${name}`, () => {
    it('runs a job at start-up and again every interval', async () => {
      const { make, ready } = subject();
      const scheduler = await make();
      let runs = 0;
      scheduler.start([
        {
          name: 'tick',
          schedule: { everyMs: 30, runAtStart: true },
          run: async () => {
            runs += 1;
          },
        },
      ]);
      await ready(scheduler);
      await waitFor(() => runs >= 3);
      await scheduler.stop();
    });

    it('never overlaps two runs of one job; runNow joins the run in progress', async () => {
      const { make, ready } = subject();
      const scheduler = await make();
      let inside = 0;
      let most = 0;
      let runs = 0;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const job: ScheduledJob = {
        name: 'slow',
        schedule: { everyMs: 0, runAtStart: false },
        async run() {
          runs += 1;
          inside += 1;
          most = Math.max(most, inside);
          await gate;
          inside -= 1;
        },
      };
      scheduler.start([job]);
      await ready(scheduler);
      const first = scheduler.runNow('slow');
      const second = scheduler.runNow('slow');
      await waitFor(() => runs === 1);
      release();
      await Promise.all([first, second]);
      expect({ runs, most }).toEqual({ runs: 1, most: 1 });
      await scheduler.stop();
    });

    it('keeps the schedule going after a failed run', async () => {
      const { make, ready } = subject();
      const scheduler = await make();
      let runs = 0;
      scheduler.start([
        {
          name: 'flaky',
          schedule: { everyMs: 20, runAtStart: true },
          async run() {
            runs += 1;
            if (runs === 1) throw new Error('first run fails');
          },
        },
      ]);
      await ready(scheduler);
      await waitFor(() => runs >= 3);
      await scheduler.stop();
    });

    it('stops: no new runs, and stop() waits for the run in progress', async () => {
      const { make, ready } = subject();
      const scheduler = await make();
      let finished = 0;
      let started = 0;
      scheduler.start([
        {
          name: 'work',
          schedule: { everyMs: 10, runAtStart: true },
          async run() {
            started += 1;
            await new Promise((resolve) => setTimeout(resolve, 30));
            finished += 1;
          },
        },
      ]);
      await ready(scheduler);
      await waitFor(() => started >= 1);
      await scheduler.stop();
      const afterStop = started;
      expect(finished).toBe(started);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(started).toBe(afterStop);
    });
  });
}
