// `pnpm bench [--quick] [--only name,name] [--backend sqlite|postgres|both] [--markdown file]`: runs every
// benchmark suite in its own process (fresh heap, no JIT state shared between suites) — a suite that depends
// on the database once per backend (default both) — echoes what each prints, then a table of every `BENCH`
// figure with its backend and target; `--markdown` also writes that table with the machine it ran on (for
// docs/performance.md). Speed is measured here, never asserted in tests. A missed target is reported (ok: false), not an
// error; a suite that crashes makes the run fail. How to read the figures: docs/performance.md.
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFigure } from './lib/figures.ts';

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = join(serverDir, '..');

interface Suite {
  name: string;
  /** Script path relative to the repository root. */
  script: string;
  summary: string;
  /** Measures the database (run once per backend, figures labelled with it). */
  perBackend: boolean;
}

const suites: Suite[] = [
  {
    name: 'emulator',
    script: 'server/bench/emulator.bench.ts',
    summary: '6. Stripe emulator throughput',
    perBackend: false,
  },
  {
    name: 'recording',
    script: 'server/bench/recording.bench.ts',
    summary: '3. Sale recording vs bare inserts',
    perBackend: true,
  },
  {
    name: 'checkout',
    script: 'server/bench/checkout.bench.ts',
    summary: '1-2. Checkout overhead and throughput',
    perBackend: true,
  },
  {
    name: 'reports',
    script: 'server/bench/reports.bench.ts',
    summary: '4. Reports at scale',
    perBackend: true,
  },
  {
    name: 'counter-page',
    script: 'test/bench/counter-page.bench.ts',
    summary: '5. Counter page size and readiness',
    perBackend: false,
  },
];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((args[onlyIndex + 1] ?? '').split(',').filter(Boolean)) : null;
const unknown = only ? [...only].filter((name) => !suites.some((suite) => suite.name === name)) : [];
if (unknown.length > 0) {
  console.error(`Unknown suite(s): ${unknown.join(', ')}. Suites: ${suites.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

const backendIndex = args.indexOf('--backend');
const backendArg = backendIndex >= 0 ? args[backendIndex + 1] : 'both';
if (backendArg !== 'sqlite' && backendArg !== 'postgres' && backendArg !== 'both') {
  console.error(`--backend must be sqlite, postgres or both (got ${String(backendArg)})`);
  process.exit(2);
}
const backends = backendArg === 'both' ? ['sqlite', 'postgres'] : [backendArg];

const markdownIndex = args.indexOf('--markdown');
const markdownFile = markdownIndex >= 0 ? args[markdownIndex + 1] : undefined;

const tsx = join(serverDir, 'node_modules', '.bin', 'tsx');
type CollectedFigure = BenchFigure & { suite: string; backend: string };
const figures: CollectedFigure[] = [];
const failedSuites: string[] = [];
const startedAt = Date.now();

/** `backend` is `-` for a suite that does not depend on the database. */
function runSuite(suite: Suite, backend: string): Promise<number> {
  const suiteArgs = [...(quick ? ['--quick'] : []), ...(suite.perBackend ? ['--backend', backend] : [])];
  return new Promise((resolve) => {
    const child = spawn(tsx, [join(repoDir, suite.script), ...suiteArgs], {
      cwd: serverDir,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      process.stdout.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) collect(suite, backend, line);
    });
    child.on('close', (code) => {
      collect(suite, backend, pending);
      resolve(code ?? 1);
    });
  });
}

function collect(suite: Suite, backend: string, line: string): void {
  if (!line.startsWith('BENCH ')) return;
  try {
    figures.push({ suite: suite.name, backend, ...(JSON.parse(line.slice('BENCH '.length)) as BenchFigure) });
  } catch {
    console.error(`Unreadable BENCH line from ${suite.name}: ${line}`);
  }
}

console.log(
  `Countertop benchmarks (${quick ? 'quick' : 'full'} mode, ${backends.join(' + ')}), Node ${process.version}`,
);
for (const suite of suites) {
  if (only && !only.has(suite.name)) continue;
  for (const backend of suite.perBackend ? backends : ['-']) {
    const label = suite.perBackend ? `${suite.name} on ${backend}` : suite.name;
    console.log(`\n== ${suite.summary} (${label}) ==`);
    const code = await runSuite(suite, backend);
    if (code !== 0) {
      failedSuites.push(label);
      console.error(`Suite ${label} exited with code ${code}`);
    }
  }
}

const header = ['suite', 'backend', 'figure', 'value', 'unit', 'target', 'ok'];
const rows = figures.map((f) => [
  f.suite,
  f.backend,
  f.name,
  String(f.value),
  f.unit,
  f.target,
  f.ok ? 'yes' : 'MISSED',
]);
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => row[column]!.length)),
);
const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const row of rows) console.log(line(row));
const missed = figures.filter((f) => !f.ok).length;
console.log(
  `\n${figures.length} figures, ${missed} target(s) missed, ${failedSuites.length} suite(s) failed` +
    ` in ${Math.round((Date.now() - startedAt) / 1000)} s`,
);
if (failedSuites.length > 0) process.exitCode = 1;

if (markdownFile) writeFileSync(markdownFile, markdownReport());

function markdownReport(): string {
  const commit = tryRun('git', ['rev-parse', '--short', 'HEAD']);
  const machine = [
    `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
    `${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    tryRun('uname', ['-sr']),
    `Node ${process.version}`,
  ].join(', ');
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    `Run: \`pnpm bench${quick ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 16)}Z, commit ${commit},`,
    `${Math.round((Date.now() - startedAt) / 1000)} s. Machine: ${machine}.`,
    '',
    '| suite | backend | figure | value | unit | target | ok |',
    '| --- | --- | --- | ---: | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${f.suite} | ${f.backend} | \`${f.name}\` | ${f.value} | ${cell(f.unit)} | ${cell(f.target)} | ${f.ok ? 'yes' : '**missed**'} |`,
    ),
    '',
  ].join('\n');
}

function tryRun(command: string, commandArgs: string[]): string {
  try {
    return execFileSync(command, commandArgs, { encoding: 'utf8', cwd: repoDir }).trim();
  } catch {
    return 'unknown';
  }
}
