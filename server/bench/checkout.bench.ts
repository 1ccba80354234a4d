/**
 * Benchmarks 1 and 2: the counter checkout against the real server and the Stripe emulator, each its own
 * process (bench/lib/checkout-env.ts), exactly the routes the POS uses with a server-driven reader.
 *
 * 1. Overhead: one register, sequential checkouts through our API vs the same Stripe calls made directly
 *    with the SDK against the same emulator (bench/lib/checkout-flows.ts). Rounds interleave the two sides
 *    (alternating which goes first); each round's ratio is median(ours) / median(direct); the figure is the
 *    median of the rounds' ratios.
 * 2. Throughput: N registers, each looping complete checkouts back to back (closed loop, one request at a
 *    time per register, as one cashier's browser). Afterwards every completed checkout is checked in the
 *    server's SQLite (opened read-only) and against the emulator's PaymentIntents: exactly one succeeded
 *    sale and one captured PaymentIntent each. CPU per checkout per process comes from /proc.
 */
import { availableParallelism } from 'node:os';
import Database from 'better-sqlite3';
import type Stripe from 'stripe';
import { type CheckoutEnv, startCheckoutEnv } from './lib/checkout-env.ts';
import {
  type CompletedCheckout,
  checkoutDirect,
  checkoutViaServer,
  directAmounts,
} from './lib/checkout-flows.ts';
import { describeSetup, median, percentile, quickMode, reportContext, reportFigure } from './lib/figures.ts';
import { cpuMs, rssMb } from './lib/processes.ts';

const REGISTERS = 32;
const overhead = quickMode ? { warmUp: 20, rounds: 7, perSide: 15 } : { warmUp: 50, rounds: 15, perSide: 40 };
const throughput = quickMode
  ? { warmUpMs: 2000, runs: 3, runMs: 3000 }
  : { warmUpMs: 5000, runs: 3, runMs: 30_000 };
const profileDir = process.env.BENCH_CPU_PROF_DIR;

async function measureOverhead(env: CheckoutEnv): Promise<void> {
  const register = env.registers[0]!;
  const amounts = directAmounts(register);
  let failures = 0;
  const timeOne = async (side: 'ours' | 'direct'): Promise<number | null> => {
    const started = performance.now();
    try {
      if (side === 'ours') await checkoutViaServer(register, env.stripe);
      else await checkoutDirect(env.stripe, register, amounts);
      return performance.now() - started;
    } catch (error) {
      failures += 1;
      if (failures <= 3) console.error(`overhead ${side} checkout failed: ${String(error)}`);
      return null;
    }
  };
  for (let i = 0; i < overhead.warmUp; i += 1) {
    await timeOne('ours');
    await timeOne('direct');
  }
  failures = 0;
  const ratios: number[] = [];
  const ours: number[] = [];
  const direct: number[] = [];
  // The floor of any API over HTTP: one signed-in request that makes no Stripe call (session + a read).
  const hops: number[] = [];
  const timeHop = async () => {
    const started = performance.now();
    const response = await register.client.get('/api/counter/in-flight');
    if (response.status === 200) hops.push(performance.now() - started);
  };
  for (let round = 0; round < overhead.rounds; round += 1) {
    const samples = { ours: [] as number[], direct: [] as number[] };
    const order: Array<'ours' | 'direct'> = round % 2 === 0 ? ['ours', 'direct'] : ['direct', 'ours'];
    for (const side of order) {
      for (let i = 0; i < overhead.perSide; i += 1) {
        const ms = await timeOne(side);
        if (ms !== null) samples[side].push(ms);
      }
    }
    for (let i = 0; i < overhead.perSide; i += 1) await timeHop();
    ratios.push(median(samples.ours) / median(samples.direct));
    ours.push(...samples.ours);
    direct.push(...samples.direct);
  }
  describeSetup(
    'checkout overhead',
    `1 register, sequential; ${overhead.warmUp} warm-up checkouts per side, then ${overhead.rounds} rounds of ` +
      `${overhead.perSide} checkouts per side (interleaved, alternating order); ours = token + create sale + ` +
      'attempt (PI create in parallel with set_reader_display, then process_payment_intent) + the customer ' +
      'taps (present_payment_method straight to the emulator, as a tap never reaches our server) + sync ' +
      '(retrieve, capture), over HTTP with session cookie + CSRF; direct = the same 7 Stripe calls one after ' +
      'another with the SDK; ratio = median of per-round median(ours)/median(direct)',
  );
  reportContext('checkout.overhead.ours_median_ms', median(ours), 'ms');
  reportContext('checkout.overhead.direct_median_ms', median(direct), 'ms');
  reportContext('checkout.overhead.failures', failures, 'checkouts');
  // Why the ratio sits where it does: ours = direct − one Stripe call (the cart display runs alongside the
  // PaymentIntent create) + 4 requests to our server (token, sale, attempt, sync), each at least one HTTP
  // round trip. `floor_ratio` is that bound with zero server work.
  const stripeCallMs = median(direct) / 7;
  reportContext('checkout.overhead.api_hop_median_ms', median(hops), 'ms');
  reportContext('checkout.overhead.stripe_call_median_ms', stripeCallMs, 'ms');
  reportContext(
    'checkout.overhead.floor_ratio',
    (median(direct) - stripeCallMs + 4 * median(hops)) / median(direct),
    'ratio',
  );
  reportFigure('checkout.overhead_ratio', median(ratios), 'ratio', '<=', 1.15);
}

interface RunResult {
  completed: CompletedCheckout[];
  checkoutMs: number[];
  requestMs: number[];
  errors: number;
  elapsedMs: number;
}

/** Every register loops complete checkouts until `durationMs` has passed (a checkout in flight finishes). */
async function loadRun(env: CheckoutEnv, durationMs: number, record: boolean): Promise<RunResult> {
  const result: RunResult = { completed: [], checkoutMs: [], requestMs: [], errors: 0, elapsedMs: 0 };
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    env.registers.map(async (register) => {
      const client = register.client;
      if (record) client.onLatency = (ms) => result.requestMs.push(ms);
      try {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            const done = await checkoutViaServer(register, env.stripe);
            result.checkoutMs.push(performance.now() - t0);
            result.completed.push(done);
          } catch (error) {
            result.errors += 1;
            if (result.errors <= 3)
              console.error(`throughput checkout at ${register.code} failed: ${String(error)}`);
          }
        }
      } finally {
        client.onLatency = null;
      }
    }),
  );
  result.elapsedMs = performance.now() - started;
  return result;
}

/**
 * Every completed checkout: one succeeded sale in our database and one captured PaymentIntent at Stripe,
 * and no other sale created in the measured window. Returns the number of problems found.
 */
async function verifyCheckouts(
  env: CheckoutEnv,
  completed: CompletedCheckout[],
  window: { sinceMs: number; errors: number },
): Promise<number> {
  let problems = 0;
  const db = new Database(env.dbPath, { readonly: true, fileMustExist: true });
  try {
    // No sale beyond one per checkout started in the window (a failed checkout may leave its own).
    const created = db
      .prepare<[number], { id: string }>('SELECT id FROM sales WHERE created_at_ms >= ?')
      .all(window.sinceMs);
    const ids = new Set(completed.map((checkout) => checkout.saleId));
    const extra = created.filter((row) => !ids.has(row.id)).length;
    problems += Math.max(0, extra - window.errors);
    const bySale = db.prepare<[string], { status: string; payment_intent_id: string | null }>(
      'SELECT status, payment_intent_id FROM sales WHERE id = ?',
    );
    const salesForIntent = db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM sales WHERE payment_intent_id = ?',
    );
    for (const checkout of completed) {
      const row = bySale.get(checkout.saleId);
      if (row?.status !== 'succeeded' || row.payment_intent_id !== checkout.paymentIntentId) problems += 1;
      else if (salesForIntent.get(checkout.paymentIntentId)?.n !== 1) problems += 1;
    }
  } finally {
    db.close();
  }
  // Stripe's side: per sale id (metadata), the PaymentIntents that exist and their states.
  const intentsBySale = new Map<string, Stripe.PaymentIntent[]>();
  for (const account of new Set(env.registers.map((r) => r.stripeAccountId))) {
    for await (const intent of env.stripe.paymentIntents.list({ limit: 100 }, { stripeAccount: account })) {
      const saleId = intent.metadata.sale_id;
      if (!saleId) continue;
      const list = intentsBySale.get(saleId) ?? [];
      list.push(intent);
      intentsBySale.set(saleId, list);
    }
  }
  for (const checkout of completed) {
    const intents = intentsBySale.get(checkout.saleId) ?? [];
    const captured = intents.filter((i) => i.status === 'succeeded' && i.amount_received > 0);
    if (intents.length !== 1 || captured.length !== 1 || captured[0]?.id !== checkout.paymentIntentId) {
      problems += 1;
    }
  }
  return problems;
}

async function measureThroughput(env: CheckoutEnv): Promise<void> {
  await loadRun(env, throughput.warmUpMs, false);
  const runs: RunResult[] = [];
  const windowStartMs = Date.now();
  const cpuBefore = {
    server: cpuMs(env.server.pid),
    emulator: cpuMs(env.emulator.pid),
    bench: process.cpuUsage(),
  };
  const wallStarted = performance.now();
  for (let i = 0; i < throughput.runs; i += 1) runs.push(await loadRun(env, throughput.runMs, true));
  const wallMs = performance.now() - wallStarted;
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  const cpu = {
    server: cpuMs(env.server.pid) - cpuBefore.server,
    emulator: cpuMs(env.emulator.pid) - cpuBefore.emulator,
    loadgen: (benchCpu.user + benchCpu.system) / 1000,
  };
  const rss = rssMb(env.server.pid);
  const completed = runs.flatMap((run) => run.completed);
  const rates = runs.map((run) => (run.completed.length * 1000) / run.elapsedMs);
  const errors = runs.reduce((sum, run) => sum + run.errors, 0);
  const lostOrDuplicated = await verifyCheckouts(env, completed, { sinceMs: windowStartMs, errors });

  describeSetup(
    'checkout throughput',
    `${REGISTERS} registers (4 accounts x 8 locations, one server-driven simulated reader each), closed loop ` +
      `(one request at a time per register); ${throughput.warmUpMs / 1000} s warm-up, then ${throughput.runs} ` +
      `runs of ${throughput.runMs / 1000} s; throughput = median of runs; p99 over every counter API request ` +
      `of the runs (4 per checkout; the customer's tap goes to the emulator); ${completed.length} checkouts verified in SQLite + emulator; loadgen, ` +
      'server and emulator share this machine',
  );
  reportFigure('checkout.throughput', median(rates), 'checkouts/s', '>=', 300);
  reportFigure(
    'checkout.p99_ms',
    percentile(
      runs.flatMap((r) => r.requestMs),
      0.99,
    ),
    'ms',
    '<=',
    100,
  );
  reportContext(
    'checkout.p50_request_ms',
    percentile(
      runs.flatMap((r) => r.requestMs),
      0.5,
    ),
    'ms',
  );
  reportContext(
    'checkout.p99_checkout_ms',
    percentile(
      runs.flatMap((r) => r.checkoutMs),
      0.99,
    ),
    'ms',
  );
  reportFigure('checkout.errors', errors, 'checkouts', '<=', 0);
  reportFigure('checkout.lost_or_duplicated_sales', lostOrDuplicated, 'sales', '<=', 0);
  reportFigure('checkout.server_rss_mb', rss, 'MB', '<=', 250);
  const n = Math.max(1, completed.length);
  reportContext('checkout.cpu_per_checkout.server_ms', cpu.server / n, 'ms');
  reportContext('checkout.cpu_per_checkout.emulator_ms', cpu.emulator / n, 'ms');
  reportContext('checkout.cpu_per_checkout.loadgen_ms', cpu.loadgen / n, 'ms');
  reportContext('checkout.cpu_busy_cores', (cpu.server + cpu.emulator + cpu.loadgen) / wallMs, 'cores');
  // What this machine could do at best with these three processes: every core busy, no contention.
  const cpuPerCheckout = (cpu.server + cpu.emulator + cpu.loadgen) / n;
  reportContext('checkout.cpu_ceiling', (availableParallelism() * 1000) / cpuPerCheckout, 'checkouts/s');
}

const only = process.env.BENCH_CHECKOUT_ONLY; // 'overhead' | 'throughput' (profiling one part)
const env = await startCheckoutEnv({
  registers: REGISTERS,
  ...(profileDir ? { serverNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
  ...(profileDir ? { emulatorNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
});
try {
  if (only !== 'throughput') await measureOverhead(env);
  if (only !== 'overhead') await measureThroughput(env);
} finally {
  await env.stop();
}
