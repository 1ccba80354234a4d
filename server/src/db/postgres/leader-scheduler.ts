/**
 * Scheduled jobs for several server processes sharing one PostgreSQL database: they run in one process
 * at a time, the leader. Leadership is a session advisory lock held on a connection of its own: every
 * process tries to take it every few seconds; the one that holds it runs the jobs on in-process timers.
 * When the leader dies (or loses its connection) PostgreSQL drops the lock with the session, and another
 * process takes over at its next try — the sweeper and the daily reconciliation keep running.
 */
import pg from 'pg';
import type { JobScheduler, ScheduledJob } from '../../jobs/scheduler.ts';
import type { Logger } from '../../runtime.ts';

/** The advisory lock key of job leadership (any constant shared by every Countertop process). */
const LEADER_LOCK_KEY = 0x6a6f6273; // "jobs"

export interface LeaderSchedulerOptions {
  /** The database to elect the leader in. */
  url: string;
  /** Runs the jobs once this process leads (a fresh one each time it becomes leader). */
  createScheduler: () => JobScheduler;
  log: Logger;
  /** How often a follower tries to become leader, and the leader checks its connection (default 5 s). */
  retryMs?: number;
}

export interface LeaderScheduler extends JobScheduler {
  isLeader(): boolean;
}

export function createLeaderElectedScheduler(options: LeaderSchedulerOptions): LeaderScheduler {
  const retryMs = options.retryMs ?? 5_000;
  let jobs: readonly ScheduledJob[] = [];
  let client: pg.Client | null = null;
  let leading: JobScheduler | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let attempt: Promise<void> = Promise.resolve();

  async function stepDown(reason: string): Promise<void> {
    const previous = leading;
    leading = null;
    const lost = client;
    client = null;
    if (previous) {
      options.log(`jobs: this process stops running the scheduled jobs (${reason})`);
      await previous.stop();
    }
    await lost?.end().catch(() => undefined);
  }

  async function tryToLead(): Promise<void> {
    if (stopped) return;
    try {
      if (!client) {
        const connecting = new pg.Client({ connectionString: options.url });
        // A broken leader connection means the lock is gone: stop running jobs at once.
        connecting.on('error', () => void stepDown('lost its database connection'));
        await connecting.connect();
        client = connecting;
      }
      if (leading) {
        // Still connected, so still holding the session lock.
        await client.query('SELECT 1');
        return;
      }
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        LEADER_LOCK_KEY,
      ]);
      if (rows[0]?.locked && !stopped) {
        leading = options.createScheduler();
        leading.start(jobs);
        options.log('jobs: this process runs the scheduled jobs (leader)');
      }
    } catch (error) {
      await stepDown(`database error: ${String(error)}`);
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      attempt = tryToLead().finally(schedule);
    }, retryMs);
    timer.unref();
  }

  return {
    start(list) {
      jobs = list;
      attempt = tryToLead().finally(schedule);
    },
    async runNow(name) {
      await attempt;
      await leading?.runNow(name);
    },
    isLeader: () => leading !== null,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await attempt;
      await stepDown('shutting down');
    },
  };
}
