/**
 * Benchmark 5, the counter page (docs/performance.md):
 *  - size: builds the POS client as it is now (into a temp dir, so a running e2e suite keeps its dist/) and
 *    sums the gzipped JavaScript the counter route loads: the entry chunk of Vite's manifest and, recursively,
 *    its static `imports` (lazy `dynamicImports` such as the merchant and platform apps do not count);
 *  - readiness: against a real server + Stripe emulator (separate processes, as in test/playwright.config.ts)
 *    in headless Chromium, the time from navigation to "ready to charge" (products shown, the register's
 *    reader connected through the emulated Terminal JS SDK, no unfinished sale): the page's own User Timing
 *    mark `countertop:counter-ready`, relative to navigation start. A returning register: one signed-in
 *    browser profile (cookie + localStorage + HTTP cache), a fresh page per run; also a new profile (cold)
 *    and a reload of a connected page (the reader must come back on its own).
 * Run alone: `cd server && pnpm exec tsx ../test/bench/counter-page.bench.ts [--quick] [--waterfall]
 * [--profile]` (`--waterfall`: each page's requests over time; `--profile`: a V8 CPU profile of each load).
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import {
  describeSetup,
  median,
  quickMode,
  reportContext,
  reportFigure,
} from '../../server/bench/lib/figures.ts';
import { chromiumExecutable } from '../support/chromium.ts';
import { pairingCodeFor } from '../support/pairing.ts';

const repoDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverDir = join(repoDir, 'server');
const READY_MARK = 'countertop:counter-ready';
const KB = 1024;
const RUNS = quickMode ? 3 : 7;
const showWaterfall = process.argv.includes('--waterfall');
const showProfile = process.argv.includes('--profile');
const COLD_RUNS = quickMode ? 1 : 3;
// The flags of test/playwright.config.ts.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

// ---------------------------------------------------------------------------------------------- bundle size

function buildClient(outDir: string): void {
  const started = Date.now();
  const result = spawnSync(
    'pnpm',
    ['--filter', '@countertop/pos-client', 'build', '--outDir', outDir, '--emptyOutDir'],
    { cwd: repoDir, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (result.status !== 0) {
    throw new Error(`the client build failed:\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`# built the POS client in ${Date.now() - started} ms`);
}

/** The compiled server and emulator (server/dist/), as `pnpm start` runs them. */
function buildServer(): void {
  const result = spawnSync('pnpm', ['--filter', '@countertop/server', 'build'], {
    cwd: repoDir,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`the server build failed:\n${result.stdout}\n${result.stderr}`);
}

/** The JavaScript files `/` loads before it runs: the entry and its static imports, transitively. */
function counterRouteChunks(outDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entry = manifest['index.html'];
  if (!entry?.isEntry) throw new Error('the Vite manifest has no index.html entry');
  const files = new Set<string>();
  const visit = (chunk: ManifestChunk) => {
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const key of chunk.imports ?? []) {
      const imported = manifest[key];
      if (!imported) throw new Error(`the Vite manifest has no chunk ${key}`);
      visit(imported);
    }
  };
  visit(entry);
  // Cross-check with what index.html actually asks for (entry script + modulepreload links).
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="\/([^"]+\.js)"/g)].map(
    (m) => m[1]!,
  );
  for (const file of referenced) {
    if (!files.has(file)) throw new Error(`index.html loads ${file}, which the manifest walk missed`);
  }
  return [...files];
}

function measureBundle(outDir: string) {
  const chunks = counterRouteChunks(outDir);
  let raw = 0;
  let gzip = 0;
  for (const file of chunks) {
    const bytes = readFileSync(join(outDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  describeSetup(
    'counter_page.js',
    `vite production build of pos-client; the counter route's JavaScript = manifest entry index.html + ` +
      `its static imports (${chunks.length} file(s): ${chunks.join(', ')}), lazy chunks excluded; ` +
      'gzip level 9 (node:zlib); KB = 1024 bytes',
  );
  reportFigure('counter_page.js_gzip_kb', gzip / KB, 'KB', '<=', 100);
  reportContext('counter_page.js_raw_kb', raw / KB, 'KB');
}

// ------------------------------------------------------------------------------------------------ servers

function freePort(): Promise<number> {
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

const children: ChildProcess[] = [];

function start(name: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: serverDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', (code, signal) => {
    if (code !== 0 && code !== null && signal === null) console.error(`# ${name} exited ${code}:\n${output}`);
  });
  children.push(child);
  return child;
}

async function waitForUrl(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function stopChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
}

// ---------------------------------------------------------------------------------------------- readiness

/** In the page: when the counter marked itself ready, in ms from navigation start. */
function readyMark(mark: string): number {
  return performance.getEntriesByName(mark)[0]?.startTime ?? Number.NaN;
}

interface PageTimings {
  readyMs: number;
  firstContentfulPaintMs: number;
  domContentLoadedMs: number;
  /** Wall clock from `page.goto` until the page reported ready, seen from the benchmark process. */
  wallMs: number;
}

/** Opens the counter in a fresh page of `context` and waits until it says it is ready to charge. */
async function openCounter(
  context: BrowserContext,
  baseUrl: string,
): Promise<{ page: Page; timings: PageTimings }> {
  const page = await context.newPage();
  const profiler = showProfile ? await startProfiler(page) : null;
  const started = performance.now();
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('[data-ready="true"]', { state: 'attached', timeout: 30_000 });
  const wallMs = performance.now() - started;
  if (profiler) await profiler.stop();
  const timings = await page.evaluate((mark) => {
    const ready = performance.getEntriesByName(mark)[0];
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const navigation = performance.getEntriesByType('navigation')[0] as
      | PerformanceNavigationTiming
      | undefined;
    return {
      readyMs: ready ? ready.startTime : Number.NaN,
      firstContentfulPaintMs: paint ? paint.startTime : Number.NaN,
      domContentLoadedMs: navigation ? navigation.domContentLoadedEventEnd : Number.NaN,
    };
  }, READY_MARK);
  if (showWaterfall) await printWaterfall(page);
  return { page, timings: { ...timings, wallMs } };
}

/** `--waterfall`: what the page fetched and when (ms from navigation start), to see what is serial. */
async function printWaterfall(page: Page): Promise<void> {
  const entries = await page.evaluate((mark) => {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const rows = resources.map((entry) => ({
      name: entry.name.replace(location.origin, ''),
      start: entry.startTime,
      end: entry.responseEnd,
      bytes: entry.transferSize,
    }));
    const ready = performance.getEntriesByName(mark)[0]?.startTime ?? Number.NaN;
    const navigation = performance.getEntriesByType('navigation')[0] as
      | PerformanceNavigationTiming
      | undefined;
    return { rows, ready, html: navigation ? navigation.responseEnd : Number.NaN };
  }, READY_MARK);
  console.log(`# waterfall: document ${entries.html.toFixed(0)} ms`);
  for (const row of entries.rows) {
    const transfer = row.bytes === 0 ? 'from cache' : `${row.bytes} B`;
    const span = `${row.start.toFixed(0).padStart(5)} → ${row.end.toFixed(0).padStart(5)} ms`;
    console.log(`#   ${span}  ${row.name} (${transfer})`);
  }
  console.log(`#   ready at ${entries.ready.toFixed(0)} ms`);
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** `--profile`: a V8 CPU profile of the page while it loads; prints where the main thread spent its time. */
async function startProfiler(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
      const selfMs = new Map<string, number>();
      profile.samples.forEach((id, index) => {
        const frame = nodes.get(id);
        const file = frame?.url.replace(/^.*\//, '') || '';
        const key = frame
          ? `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber}` : ''}`
          : '?';
        selfMs.set(key, (selfMs.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
      });
      const byFile = new Map<string, number>();
      for (const [key, ms] of selfMs) {
        const file = key.split(' ')[1]?.replace(/:\d+$/, '') || key;
        byFile.set(file, (byFile.get(file) ?? 0) + ms);
      }
      const top = (map: Map<string, number>, n: number) =>
        [...map]
          .sort((a, b) => b[1] - a[1])
          .slice(0, n)
          .map(([key, ms]) => `#   ${ms.toFixed(1).padStart(7)} ms  ${key}`);
      console.log(['# cpu profile, self time by script:', ...top(byFile, 8)].join('\n'));
      console.log(['# cpu profile, top functions:', ...top(selfMs, 15)].join('\n'));
      await cdp.detach();
    },
  };
}

/** The cashier closes the till: releases the reader, so the next opening finds it free. */
async function closeCounter(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByText('No reader connected').waitFor();
  await page.close();
}

/** Pairs MISSION-1, signs Ben in and connects the counter's reader once; returns the stored browser state. */
async function signInOnce(browser: Browser, baseUrl: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Pairing code').fill(await pairingCodeFor('MISSION-1', baseUrl));
  await page.getByRole('button', { name: 'Pair this device' }).click();
  await page.getByRole('button', { name: 'Ben', exact: true }).click();
  await page.getByLabel('PIN', { exact: true }).fill('2345');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByText(/^Connected to /).waitFor();
  const reader = await page.getByText(/^Connected to /).textContent();
  await closeCounter(page);
  const state = await context.storageState();
  await context.close();
  return { state, reader: reader?.replace(/^Connected to /, '') ?? '?' };
}

async function measureReadiness(baseUrl: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const { state, reader } = await signInOnce(browser, baseUrl);

    // First visit of a new browser profile: nothing cached.
    const cold: PageTimings[] = [];
    for (let run = 0; run < COLD_RUNS; run += 1) {
      const context = await browser.newContext({ storageState: state });
      const { page, timings } = await openCounter(context, baseUrl);
      cold.push(timings);
      await closeCounter(page);
      await context.close();
    }

    // A returning register: one profile (session cookie, paired register, remembered reader, HTTP cache);
    // one untimed opening fills the cache, then each run is a fresh page.
    const context = await browser.newContext({ storageState: state });
    const warmUp = await openCounter(context, baseUrl);
    await closeCounter(warmUp.page);
    const warm: PageTimings[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const { page, timings } = await openCounter(context, baseUrl);
      warm.push(timings);
      await closeCounter(page);
    }

    describeSetup(
      'counter_page.ready',
      `headless Chromium (${chromiumExecutable()}, e2e flags) against server + emulator processes on this machine; ` +
        `register MISSION-1 signed in once (Ben), reader "${reader}" (Terminal JS SDK, emulated) remembered; ` +
        `ready = User Timing mark ${READY_MARK} (products shown, reader connected, no unfinished sale) from ` +
        `navigation start; warm: 1 warm-up + median of ${RUNS} fresh pages in one profile (cookie, ` +
        `localStorage, HTTP cache, where /assets/ are immutable after the warm-up); ` +
        `cold: median of ${COLD_RUNS} new profile(s) with the same cookie and localStorage; the reader is ` +
        `disconnected between openings; reload: median of ${RUNS} reloads of a connected page; ` +
        `ready_wall_ms: from the page.goto() call, seen by this process (adds Playwright's round trips)`,
    );
    reportFigure('counter_page.ready_ms', median(warm.map((t) => t.readyMs)), 'ms', '<=', 300);
    reportContext('counter_page.ready_wall_ms', median(warm.map((t) => t.wallMs)), 'ms');
    reportContext(
      'counter_page.first_contentful_paint_ms',
      median(warm.map((t) => t.firstContentfulPaintMs)),
      'ms',
    );
    reportContext('counter_page.dom_content_loaded_ms', median(warm.map((t) => t.domContentLoadedMs)), 'ms');
    reportContext('counter_page.cold.ready_ms', median(cold.map((t) => t.readyMs)), 'ms');
    reportContext(
      'counter_page.cold.first_contentful_paint_ms',
      median(cold.map((t) => t.firstContentfulPaintMs)),
      'ms',
    );

    // A reload while connected: the page must take its own reader back without the cashier.
    const { page } = await openCounter(context, baseUrl);
    const reloads: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      await page.reload();
      const ready = await page
        .waitForSelector('[data-ready="true"]', { state: 'attached', timeout: 10_000 })
        .then(() => true)
        .catch(() => false);
      if (!ready) {
        console.log('# a reloaded counter was not ready to charge within 10 s');
        reloads.push(Number.POSITIVE_INFINITY);
        break;
      }
      reloads.push(await page.evaluate(readyMark, READY_MARK));
    }
    reportContext('counter_page.reload.ready_ms', median(reloads), 'ms');
    await page.close();
    await context.close();
  } finally {
    await browser.close();
  }
}

// ------------------------------------------------------------------------------------------------ main

const workDir = mkdtempSync(join(tmpdir(), 'countertop-counter-bench-'));
process.on('exit', stopChildren);
try {
  const outDir = join(workDir, 'dist');
  buildClient(outDir);
  measureBundle(outDir);
  buildServer();

  const emulatorPort = await freePort();
  let port = await freePort();
  while (port === emulatorPort) port = await freePort();
  start('emulator', ['dist/emulator.mjs', '--port', String(emulatorPort)], {});
  await waitForUrl(`http://127.0.0.1:${emulatorPort}/_emulator/clock`, 120_000);
  const started = Date.now();
  start('server', ['dist/main.mjs'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: join(workDir, 'countertop.db'),
    STATIC_ROOT: outDir,
    STRIPE_API_BASE: `http://127.0.0.1:${emulatorPort}`,
    DEMO_HISTORY_DAYS: '0',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForUrl(`${baseUrl}/api/health`, 120_000);
  console.log(`# server ready (demo seeded, no history) in ${Date.now() - started} ms`);
  await measureReadiness(baseUrl);
} finally {
  stopChildren();
  rmSync(workDir, { recursive: true, force: true });
}
