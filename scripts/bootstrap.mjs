#!/usr/bin/env node
// `npm start` and `npm test` on a machine that has only Node 20 and npm:
// install what is missing (pnpm at the pinned version, dependencies from the frozen lockfile,
// Chromium for the browser tests), then do the job. Only Node built-ins are used here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeReports } from './test-summary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinnedPnpm = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const localPnpm = join(root, '.tools', 'node_modules', '.bin', 'pnpm');
const installMarker = join(root, 'node_modules', '.countertop-installed');

function log(message) {
  console.log(`[countertop] ${message}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

function versionOf(command) {
  const result = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

function ensurePnpm() {
  if (versionOf('pnpm') === pinnedPnpm) return 'pnpm';
  if (existsSync(localPnpm) && versionOf(localPnpm) === pinnedPnpm) return localPnpm;
  log(`installing pnpm ${pinnedPnpm} (npm i -g pnpm@${pinnedPnpm})`);
  if (run('npm', ['install', '--global', `pnpm@${pinnedPnpm}`]) === 0 && versionOf('pnpm') === pinnedPnpm) {
    return 'pnpm';
  }
  log('a global install was not possible; installing pnpm into .tools/ instead');
  if (run('npm', ['install', '--prefix', join(root, '.tools'), `pnpm@${pinnedPnpm}`]) !== 0) {
    throw new Error(`could not install pnpm ${pinnedPnpm}; install it yourself: npm i -g pnpm@${pinnedPnpm}`);
  }
  return localPnpm;
}

function installEnv() {
  // better-sqlite3 compiles from source; pnpm does not pass npm's nodedir setting on to node-gyp.
  const env = { ...process.env };
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  return env;
}

function ensureDependencies(pnpm) {
  const lockfile = join(root, 'pnpm-lock.yaml');
  const upToDate = existsSync(installMarker) && statSync(installMarker).mtimeMs >= statSync(lockfile).mtimeMs;
  if (upToDate) return;
  log(
    'installing dependencies (pnpm install --frozen-lockfile; the first time compiles SQLite, about a minute)',
  );
  if (run(pnpm, ['install', '--frozen-lockfile'], { env: installEnv() }) !== 0) {
    throw new Error('dependency install failed (see the output above)');
  }
  writeFileSync(installMarker, new Date().toISOString());
}

/** CHROMIUM_PATH, else a Chromium on the PATH (Debian's package installs `chromium`). */
function chromiumPath() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return undefined;
}

function ensureChromium() {
  if (chromiumPath()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    log('installing Chromium for the browser tests (apt-get install chromium)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env });
  }
  if (!chromiumPath()) {
    throw new Error(
      'the browser tests need Chromium. Install it (Debian/Ubuntu: sudo apt-get install chromium) ' +
        'or point CHROMIUM_PATH at a Chromium or Chrome binary, then run npm test again.',
    );
  }
}

/** A PostgreSQL server binary (Debian's packages: /usr/lib/postgresql/<version>/bin), or PG_BIN. */
function postgresInstalled() {
  if (process.env.TEST_DATABASE_URL || process.env.PG_BIN) return true;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return false;
  return readdirSync(base).some(
    (version) => Number(version) >= 15 && existsSync(join(base, version, 'bin', 'initdb')),
  );
}

/** The PostgreSQL suites start a throwaway server of their own; it needs PostgreSQL 15+ installed. */
function ensurePostgres() {
  if (postgresInstalled()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    log('installing PostgreSQL for the PostgreSQL test suites (apt-get install postgresql)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', 'postgresql'], { env });
  }
  if (!postgresInstalled()) {
    throw new Error(
      'the PostgreSQL test suites need PostgreSQL 15 or newer. Install it (Debian/Ubuntu: sudo apt-get install postgresql; ' +
        'the tests start and stop their own server), or set TEST_DATABASE_URL to an empty database on a server of yours.',
    );
  }
}

function start(pnpm) {
  if (run(pnpm, ['build']) !== 0) throw new Error('building the POS client and the server failed');
  // Two glibc malloc arenas instead of one per thread: otherwise each libuv thread that hashed a PIN
  // (scrypt, 16 MiB) keeps its own arena's memory after sign-ins (README, Configuration).
  const env = { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };
  const server = spawn(pnpm, ['--filter', '@countertop/server', 'start'], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 0));
}

function test(pnpm) {
  const reports = join(root, 'reports');
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  const failedSteps = [];
  const step = (name, args, env = {}) => {
    log(`— ${name}`);
    if (run(pnpm, args, { env: { ...process.env, ...env } }) !== 0) failedSteps.push(name);
  };
  step('format', ['format:check']);
  step('lint', ['lint']);
  step('typecheck', ['typecheck']);
  step('unit + integration (vitest)', [
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(reports, 'vitest.json')}`,
  ]);
  step('end to end (Playwright, Chromium)', ['test:e2e'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'playwright.json'),
  });
  const summary = summarizeReports(reports, failedSteps);
  for (const line of summary.lines) console.log(line);
  process.exit(failedSteps.length === 0 && summary.failed === 0 ? 0 : 1);
}

const command = process.argv[2];
try {
  const pnpm = ensurePnpm();
  ensureDependencies(pnpm);
  if (command === 'start') start(pnpm);
  else if (command === 'test') {
    ensureChromium();
    ensurePostgres();
    test(pnpm);
  } else throw new Error(`unknown command "${command}" (expected start or test)`);
} catch (error) {
  console.error(`[countertop] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
