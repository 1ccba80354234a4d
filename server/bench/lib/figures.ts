/**
 * What every benchmark prints: one `BENCH {json}` line per figure (machine-readable, collected by
 * `bench/run.ts` into the summary table), a `# setup:` line saying how it was measured, and the median of
 * several runs. Targets are checked here so that every suite states them the same way.
 */
import { performance } from 'node:perf_hooks';

/** `--quick` keeps the whole suite under five minutes (smaller data, shorter runs); see docs/performance.md. */
export const quickMode = process.argv.includes('--quick');

export type BenchBackend = 'sqlite' | 'postgres';

/**
 * The database this run of a suite measures (`--backend sqlite|postgres`, default sqlite). `bench/run.ts`
 * starts a suite that depends on the database once per backend asked for and labels its figures with it.
 */
export const benchBackend: BenchBackend = (() => {
  const index = process.argv.indexOf('--backend');
  const value = index >= 0 ? process.argv[index + 1] : 'sqlite';
  if (value !== 'sqlite' && value !== 'postgres') {
    throw new Error(`--backend must be sqlite or postgres (got ${String(value)})`);
  }
  return value;
})();

export type Comparison = '<=' | '>=';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** e.g. `<= 1.15` or `>= 300`; `info` when the figure is reported for context only. */
  target: string;
  ok: boolean;
}

/** Prints one figure against a target and returns it. Values are rounded for reading, not for checking. */
export function reportFigure(
  name: string,
  value: number,
  unit: string,
  comparison: Comparison,
  target: number,
) {
  const ok = comparison === '<=' ? value <= target : value >= target;
  const figure: BenchFigure = { name, value: round(value), unit, target: `${comparison} ${target}`, ok };
  console.log(`BENCH ${JSON.stringify(figure)}`);
  return figure;
}

/** A figure with no target of its own (a naive baseline, a component time) shown for context. */
export function reportContext(name: string, value: number, unit: string) {
  const figure: BenchFigure = { name, value: round(value), unit, target: 'info', ok: true };
  console.log(`BENCH ${JSON.stringify(figure)}`);
  return figure;
}

/** States how a benchmark was set up (rows, concurrency, warm-up, runs). Printed before its figures. */
export function describeSetup(benchmark: string, setup: string): void {
  console.log(`# setup: ${benchmark}: ${setup}`);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile (q in 0..1) of unsorted samples. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Milliseconds one call of `run` takes, as the median over `runs` timed calls after `warmUp` untimed ones. */
export async function medianMs(
  run: () => unknown,
  options: { warmUp: number; runs: number },
): Promise<number> {
  for (let i = 0; i < options.warmUp; i += 1) await run();
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 1 : magnitude >= 1 ? 3 : 4;
  return Number(value.toFixed(digits));
}
