// The JobScheduler contract against each implementation, and leader election across processes.
import { describe, expect, it } from 'vitest';
import {
  createLeaderElectedScheduler,
  type LeaderScheduler,
} from '../../src/db/postgres/leader-scheduler.ts';
import { createTimerScheduler, type JobScheduler } from '../../src/jobs/scheduler.ts';
import { systemClock } from '../../src/runtime.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { describeSchedulerContract } from './scheduler.contract.ts';

const quiet = () => {};

describeSchedulerContract('in-process timers', () => ({
  make: async () => createTimerScheduler({ clock: systemClock, log: quiet }),
  ready: async () => {},
}));

const leaderOf = async (url: string, retryMs = 50) =>
  createLeaderElectedScheduler({
    url,
    createScheduler: () => createTimerScheduler({ clock: systemClock, log: quiet }),
    log: quiet,
    retryMs,
  });

const waitFor = async (condition: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describeSchedulerContract('leader-elected (PostgreSQL)', () => ({
  make: async () => leaderOf(await createPostgresDatabase()),
  ready: (scheduler: JobScheduler) => waitFor(() => (scheduler as LeaderScheduler).isLeader()),
}));

describe('leader election across processes (PostgreSQL)', () => {
  it('runs the jobs in one process only, and in another once the leader is gone', async () => {
    const url = await createPostgresDatabase();
    const runsBy = new Map<string, number>();
    const job = (process: string) => ({
      name: 'sweep',
      schedule: { everyMs: 20, runAtStart: true },
      run: async () => {
        runsBy.set(process, (runsBy.get(process) ?? 0) + 1);
      },
    });
    const first = await leaderOf(url);
    const second = await leaderOf(url);
    first.start([job('first')]);
    await waitFor(() => first.isLeader());
    second.start([job('second')]);
    await waitFor(() => (runsBy.get('first') ?? 0) >= 3);
    expect(second.isLeader()).toBe(false);
    expect(runsBy.get('second')).toBeUndefined();

    // The leader goes away (its session ends, as when its process dies): the other takes over.
    await first.stop();
    await waitFor(() => second.isLeader());
    await waitFor(() => (runsBy.get('second') ?? 0) >= 3);
    await second.stop();
  });
});
