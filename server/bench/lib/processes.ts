/**
 * Child processes for benchmarks that run the real server and the Stripe emulator as separate processes
 * (as e2e does): compiling them, free ports, spawning `node <script>` with its output kept for diagnosis,
 * waiting for a health URL, per-process (and per-process-tree) CPU time and RSS from /proc, and killing
 * every child we started on exit, on failure and on SIGINT/SIGTERM.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The server package's directory (where `pnpm start` runs). */
export const SERVER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** A TCP port nobody listens on right now (bound to 0, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface NodeChild {
  child: ChildProcess;
  pid: number;
  /** The last lines the process printed (stdout and stderr), for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Compiles the server and the emulator (scripts/build.mjs → dist/main.mjs, dist/emulator.mjs): the benches
 * measure the processes `pnpm start` and `pnpm emulator` run.
 */
export function buildServer(): void {
  execFileSync(process.execPath, [join(SERVER_DIR, 'scripts', 'build.mjs')], {
    cwd: SERVER_DIR,
    // esbuild's errors, if any, go to this process's stderr.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * Spawns `node [nodeArgs] script [args]` in `cwd` with `env` added to this process's; a TypeScript script
 * (a bench helper) runs under tsx.
 */
export function spawnNode(
  script: string,
  options: { cwd: string; args?: string[]; env?: Record<string, string>; nodeArgs?: string[] },
): NodeChild {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      ...(script.endsWith('.ts') ? ['--import', 'tsx'] : []),
      script,
      ...(options.args ?? []),
    ],
    { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.pid === undefined) throw new Error(`Could not start ${script}`);
  return {
    child,
    pid: child.pid,
    output: () => tail,
    async stop(graceMs = 5000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      children.delete(child);
    },
  };
}

/** Polls `url` until it answers 2xx (or the child dies, or `timeoutMs` passes). */
export async function waitForHttp(url: string, owner: NodeChild, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (owner.child.exitCode !== null) {
      throw new Error(`Process exited (${owner.child.exitCode}) before ${url} answered:\n${owner.output()}`);
    }
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${owner.output()}`);
}

/** User + system CPU milliseconds a process has used so far (Linux /proc; NaN elsewhere). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

/** Resident set size in MB (VmRSS of /proc/<pid>/status; NaN when unreadable). */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The parent pid of a process (/proc/<pid>/stat field 4; NaN when unreadable). */
export function parentPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU milliseconds of a process and its children so far: its own time, the time of the children it has
 * already reaped (cutime + cstime), and the own time of its live children. For a server that forks a
 * process per connection (PostgreSQL's postmaster), this counts backends that exited in between too.
 */
export function processTreeCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime (fields 14-17)
    let ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const child = Number(entry);
      if (child === pid || parentPid(child) !== pid) continue;
      const childMs = cpuMs(child); // NaN when it exited since the listing
      if (Number.isFinite(childMs)) ticks += childMs / 10;
    }
    return (ticks * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}
