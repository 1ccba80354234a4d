/**
 * The scheduled-jobs port: background work that runs on a schedule (the recovery sweeper, the daily
 * reconciliation). A run of a job never overlaps another run of the same job; a failed run is logged and
 * the schedule goes on.
 *
 * `createTimerScheduler` runs every job in this process; when several processes share one database, a
 * scheduler that elects one of them to run the jobs replaces it.
 */
import type { Clock, Logger } from '../runtime.ts';

export type JobSchedule =
  /** Every `intervalMs` (0: never again after the start-up run). */
  | { everyMs: number; runAtStart: boolean }
  /** Once a day, in the first minute the clock shows this UTC hour. */
  | { dailyAtUtcHour: number };

export interface ScheduledJob {
  name: string;
  schedule: JobSchedule;
  run(): Promise<void>;
}

export interface JobScheduler {
  /** Starts running the jobs on their schedules. */
  start(jobs: readonly ScheduledJob[]): void;
  /** Runs a job now (or joins its run in progress); resolves when that run ends. */
  runNow(name: string): Promise<void>;
  /** No new runs; resolves when the runs in progress have ended. */
  stop(): Promise<void>;
}

/** How often daily jobs look at the clock. */
const DAILY_TICK_MS = 60_000;

export function createTimerScheduler({ clock, log }: { clock: Clock; log: Logger }): JobScheduler {
  const jobs = new Map<string, ScheduledJob>();
  const running = new Map<string, Promise<void>>();
  const timers: ReturnType<typeof setInterval>[] = [];
  let stopped = false;

  function runNow(name: string): Promise<void> {
    const job = jobs.get(name);
    if (!job || stopped) return Promise.resolve();
    const inProgress = running.get(name);
    if (inProgress) return inProgress;
    const run = job
      .run()
      .catch((error: unknown) => log(`${name}: run failed: ${String(error)}`, 'error'))
      .finally(() => running.delete(name));
    running.set(name, run);
    return run;
  }

  return {
    start(list) {
      for (const job of list) {
        jobs.set(job.name, job);
        const { schedule } = job;
        if ('everyMs' in schedule) {
          if (schedule.everyMs > 0) timers.push(setInterval(() => void runNow(job.name), schedule.everyMs));
          if (schedule.runAtStart) void runNow(job.name);
        } else {
          let lastRunDay: string | null = null;
          timers.push(
            setInterval(() => {
              const now = new Date(clock.nowMs());
              const today = now.toISOString().slice(0, 10);
              if (now.getUTCHours() !== schedule.dailyAtUtcHour || lastRunDay === today) return;
              lastRunDay = today;
              void runNow(job.name);
            }, DAILY_TICK_MS),
          );
        }
      }
      for (const timer of timers) timer.unref();
    },
    runNow,
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
