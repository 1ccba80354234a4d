/**
 * A throwaway PostgreSQL server for tests (and the multi-process fault test): `initdb` in a temporary
 * folder, `pg_ctl start` on a free loopback port, trust authentication, removed on stop. PostgreSQL refuses
 * to run as root, so as root the cluster runs as the `postgres` OS user (`runuser`). With
 * TEST_DATABASE_URL set, that server is used instead and nothing is started.
 *
 * `createDatabase()` makes a fresh, empty database per test file (or per test), so suites never share
 * rows and need no cleanup order.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where Debian's packages put the server binaries; PG_BIN overrides. */
function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && Number(name) >= 15)
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (!newest) {
    throw new Error(
      'PostgreSQL 15 or newer is needed for these tests (Debian/Ubuntu: apt-get install postgresql), or set TEST_DATABASE_URL.',
    );
  }
  return join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface PostgresCluster {
  /** `postgres://…/postgres` of the maintenance database. */
  adminUrl: string;
  /** A new empty database; returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

function urlWithDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function clusterFor(adminUrl: string, stop: () => Promise<void>): PostgresCluster {
  let counter = 0;
  return {
    adminUrl,
    async createDatabase(prefix = 'countertop_test') {
      counter += 1;
      const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`.toLowerCase();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return urlWithDatabase(adminUrl, name);
    },
    stop,
  };
}

export interface PostgresClusterOptions {
  /**
   * Keep the cluster in this folder across runs (the benchmarks' generated data): created on first use,
   * started again later, stopped but not removed. Default: a new temporary folder removed on stop.
   */
  keepIn?: string;
  /** Extra server settings (`-c name=value` each), e.g. a larger shared_buffers for a benchmark. */
  settings?: string[];
}

/** Starts a cluster (or attaches to TEST_DATABASE_URL). */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  if (process.env.TEST_DATABASE_URL) {
    return clusterFor(process.env.TEST_DATABASE_URL, async () => {});
  }
  const bin = postgresBinDir();
  const dir = options.keepIn ?? mkdtempSync(join(tmpdir(), 'countertop-pg-'));
  mkdirSync(dir, { recursive: true });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]]
      : [join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
    }
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  if (!existsSync(join(data, 'PG_VERSION'))) {
    rmSync(data, { recursive: true, force: true }); // an initdb interrupted earlier
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  }
  if (options.keepIn && existsSync(join(data, 'postmaster.pid'))) {
    // A run that was killed left its server running (or a stale pid file): stop it first.
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch {
      // Not running: pg_ctl start below clears a stale pid file itself.
    }
  }
  const port = await freePort();
  // fsync off and a small shared buffer: a throwaway cluster for tests, not durability.
  const settings = [
    'listen_addresses=127.0.0.1',
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
    'max_connections=200',
    ...(options.settings ?? []),
  ];
  const serverOptions = `-p ${port} -k ${dir} ${settings.map((setting) => `-c ${setting}`).join(' ')}`;
  run('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'log'), '-w', 'start']);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return clusterFor(adminUrl, async () => {
    if (stopped) return;
    stopped = true;
    try {
      // A kept cluster stops cleanly (no crash recovery on its next start).
      run('pg_ctl', ['-D', data, '-m', options.keepIn ? 'fast' : 'immediate', '-w', 'stop']);
    } finally {
      if (!options.keepIn) rmSync(dir, { recursive: true, force: true });
    }
  });
}
