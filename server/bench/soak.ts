// `pnpm soak [--quick] [--only crash-sqlite,crash-postgres,fuzz] [--checkouts N] [--requests N] [--seed N]`:
// the long fault runs that `npm test` runs briefly. The crash scenario (test/reliability/crash-harness.ts:
// real server processes SIGKILLed at seeded points during checkouts, restarted, cashiers failing over,
// resuming or walking away) over ≥ 1,000 checkouts on SQLite with one process and on PostgreSQL with two
// processes sharing the database (a throwaway cluster, see test/support/postgres-cluster.ts), and the input
// fuzzing (test/security/input-fuzz-cases.ts) over ≥ 10,000 requests. Prints each run's figures and a
// summary (lost, duplicated, double-captured, 5xx, elapsed), and exits 1 when any promise is broken.
// `--quick` runs each part briefly (a few minutes in all). How to read the figures: docs/RELIABILITY.md.
import { cpus } from 'node:os';
import { type CrashFigures, crashFailures, runCrashScenario } from '../test/reliability/crash-harness.ts';
import {
  formatInputFuzzFigures,
  type InputFuzzFigures,
  runInputFuzz,
} from '../test/security/input-fuzz-cases.ts';

const PARTS = ['crash-sqlite', 'crash-postgres', 'fuzz'] as const;
type Part = (typeof PARTS)[number];

const args = process.argv.slice(2).filter((arg) => arg !== '--');
function option(name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}
function count(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} needs a positive whole number (got ${raw}).`);
    process.exit(2);
  }
  return value;
}

const known = new Set(['--quick', '--only', '--checkouts', '--requests', '--seed']);
const unknownFlags = args.filter((arg) => arg.startsWith('--') && !known.has(arg));
if (unknownFlags.length > 0) {
  console.error(
    `Unknown option(s): ${unknownFlags.join(', ')}. Usage: pnpm soak [--quick] [--only ${PARTS.join(',')}] [--checkouts N] [--requests N] [--seed N]`,
  );
  process.exit(2);
}
const quick = args.includes('--quick');
const onlyRaw = option('--only');
const only = onlyRaw ? onlyRaw.split(',').filter(Boolean) : [...PARTS];
const unknownParts = only.filter((name) => !(PARTS as readonly string[]).includes(name));
if (unknownParts.length > 0) {
  console.error(`Unknown part(s): ${unknownParts.join(', ')}. Parts: ${PARTS.join(', ')}`);
  process.exit(2);
}
const parts = PARTS.filter((part) => only.includes(part));
const checkouts = count('--checkouts', quick ? 24 : 1_000);
const requests = count('--requests', quick ? 3_000 : 10_000);
const seed = count('--seed', 4242);

interface Row {
  part: Part;
  size: string;
  lost: number | '–';
  duplicated: number | '–';
  doubleCaptured: number | '–';
  serverErrors: number;
  elapsedMs: number;
  failures: string[];
}
const rows: Row[] = [];
const startedAt = Date.now();
console.log(
  `soak: ${parts.join(', ')}; ${checkouts} checkouts per crash run, ${requests} fuzz requests, seed ${seed}; ${cpus().length} CPU(s)`,
);

function crashRow(part: Part, figures: CrashFigures): Row {
  return {
    part,
    size: `${figures.checkouts} checkouts, ${figures.servers} process(es), ${figures.kills} kills, ${figures.failovers} failovers`,
    lost: figures.lost,
    duplicated: figures.duplicated,
    doubleCaptured: figures.doubleCaptured,
    serverErrors: figures.serverErrors,
    elapsedMs: figures.elapsedMs,
    failures: crashFailures(figures),
  };
}

function fuzzRow(figures: InputFuzzFigures): Row {
  const failures = [...figures.problems];
  if (figures.requests < requests)
    failures.push(`only ${figures.requests} of ${requests} requests were sent`);
  if (figures.authRejected >= figures.requests / 4)
    failures.push(`${figures.authRejected} requests were turned away by the guards (callers not signed in?)`);
  return {
    part: 'fuzz',
    size: `${figures.requests} requests over ${figures.routes} routes`,
    lost: '–',
    duplicated: '–',
    doubleCaptured: '–',
    serverErrors: figures.serverErrors,
    elapsedMs: figures.elapsedMs,
    failures,
  };
}

for (const part of parts) {
  const partStartedAt = Date.now();
  console.log(`\n── ${part}`);
  try {
    if (part === 'fuzz') {
      const figures = await runInputFuzz({ minRequests: requests });
      console.log(formatInputFuzzFigures(figures));
      rows.push(fuzzRow(figures));
    } else {
      const postgres = part === 'crash-postgres';
      const figures = await runCrashScenario({
        backend: postgres ? 'postgres' : 'sqlite',
        servers: postgres ? 2 : 1,
        checkouts,
        seed,
        // Restarts dominate (a few seconds each on a busy 2-core machine, ~85% of checkouts kill one).
        timeoutMs: 300_000 + checkouts * 20_000,
        progressEvery: Math.max(10, Math.round(checkouts / 20)),
      });
      rows.push(crashRow(part, figures));
    }
  } catch (error) {
    rows.push({
      part,
      size: '(did not finish)',
      lost: '–',
      duplicated: '–',
      doubleCaptured: '–',
      serverErrors: 0,
      elapsedMs: Date.now() - partStartedAt,
      failures: [error instanceof Error ? (error.stack ?? error.message) : String(error)],
    });
  }
  const row = rows.at(-1);
  for (const failure of row?.failures ?? []) console.log(`  FAILED ${part}: ${failure}`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log('\nsoak figures');
console.log('| part | size | lost | duplicated | double-captured | 5xx | elapsed | result |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  console.log(
    `| ${row.part} | ${row.size} | ${row.lost} | ${row.duplicated} | ${row.doubleCaptured} | ${row.serverErrors} | ${seconds(row.elapsedMs)} | ${row.failures.length === 0 ? 'ok' : 'FAILED'} |`,
  );
}
const failed = rows.filter((row) => row.failures.length > 0);
console.log(
  `\nsoak ${failed.length === 0 ? 'passed' : `FAILED (${failed.map((row) => row.part).join(', ')})`} in ${seconds(Date.now() - startedAt)}`,
);
process.exit(failed.length === 0 ? 0 : 1);
