// Benchmark 6 (emulator throughput): the Stripe emulator started as its own process exactly as `pnpm emulator`
// starts it (`node dist/emulator.mjs --port 0`, compiled as `pnpm emulator` runs it), driven over ONE keep-alive connection, sequentially:
// - `emulator.pi_create_confirm_capture` (target ≥ 1,000 triples/s): stripe@23 SDK, PaymentIntent create
//   (card, capture_method manual) + confirm (pm_card_visa) + capture, each POST with an idempotency key as our
//   gateway sends them;
// - the same triples from a minimal raw `http` client (same form bodies and headers) — context: what the
//   emulator itself sustains without stripe-node's client-side CPU (on 2 cores both share the machine);
// - the same SDK triples against a no-op server process (canned JSON) — context: the most the SDK figure can
//   reach on this machine whatever the emulator does;
// - the server-driven card-present flow Countertop runs (direct charge on a connected account with an
//   application fee: create card_present PI, reader process_payment_intent, test-helper
//   present_payment_method, capture) per second — context;
// - the same card-present flow against a second emulator run as the checkout benchmarks and the product run
//   it: a file store (`--db`) and the server's two webhook endpoints (platform + Connect, the events the
//   server handles) delivering to a receiver that answers 200 — context (deliveries are counted);
// - per-request latency (median, p99) over the SDK triples — context;
// - CPU per request of the emulator process and of this (client) process over the SDK runs, from
//   /proc (Linux) — context: with client and server alternating on one connection, throughput is bounded by
//   their sum, so this shows which side the time goes to.
// `EMULATOR_BENCH_CPU_PROF=<dir>` runs the emulator under `node --cpu-prof` and leaves its profile there.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Stripe from 'stripe';
import { HANDLED_WEBHOOK_EVENTS } from '../src/stripe/webhook-events.ts';
import { describeSetup, median, percentile, quickMode, reportContext, reportFigure } from './lib/figures.ts';
import { buildServer, SERVER_DIR } from './lib/processes.ts';

const RUNS = 5;
const TRIPLES_PER_RUN = quickMode ? 400 : 2000;
const FLOWS_PER_RUN = quickMode ? 200 : 1000;
const WARM_UP = quickMode ? 300 : 1000;
const API_KEY = 'sk_test_countertop_bench';

const children = new Set<ChildProcess>();

function stop(running: ChildProcess): Promise<void> {
  children.delete(running);
  if (running.exitCode !== null || running.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => running.kill('SIGKILL'), 5000);
    running.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    running.kill('SIGTERM');
  });
}

const stopAll = () => Promise.all([...children].map(stop));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopAll().finally(() => process.exit(130));
  });
}
process.once('exit', () => {
  for (const running of children) running.kill('SIGKILL');
});

/** Spawns `node <args>` and resolves once it prints `listening on http://host:port`. */
function startListening(label: string, args: string[]): Promise<{ process: ChildProcess; port: number }> {
  const started = spawn(process.execPath, args, { cwd: SERVER_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(started);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${label} did not start in 30 s: ${out}${err}`)), 30_000);
    started.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    started.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on http:\/\/[^:\s]+:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ process: started, port: Number(match[1]) });
      }
    });
    started.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code}) before listening: ${out}${err}`));
    });
  });
}

/** `node dist/emulator.mjs --port 0 [--db path]`, exactly as `pnpm emulator` runs it (built once). */
function startEmulator(databasePath?: string) {
  const profileDir = process.env.EMULATOR_BENCH_CPU_PROF;
  const profile = profileDir
    ? ['--cpu-prof', '--cpu-prof-interval', '250', `--cpu-prof-dir=${profileDir}`]
    : [];
  const args = [...profile, join(SERVER_DIR, 'dist', 'emulator.mjs'), '--port', '0'];
  if (databasePath) args.push('--db', databasePath);
  return startListening('emulator', args);
}

/**
 * A server that does nothing: canned PaymentIntent JSON (the emulator's own response size) for every POST.
 * stripe-node against it is the most the SDK figure could reach on this machine whatever the emulator does.
 */
const NOOP_SERVER = `
import http from 'node:http';
const pad = 'x'.repeat(900);
const body = (status) => JSON.stringify({ id: 'pi_noop', object: 'payment_intent', status, pad });
const confirmed = body('requires_capture');
const captured = body('succeeded');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const out = req.url.endsWith('/capture') ? captured : confirmed;
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_noop' });
    res.end(out);
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
`;

let keySeq = 0;
const nextKey = (label: string) => `bench-${process.pid}-${label}-${++keySeq}`;

/** A minimal client: form-encoded POSTs on one keep-alive socket, JSON responses. */
function rawClient(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = (path: string, form: Record<string, string>, idempotencyKey: string) =>
    new Promise<{ id: string; status: string }>((resolve, reject) => {
      const body = new URLSearchParams(form).toString();
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port,
          method: 'POST',
          path,
          headers: {
            authorization: `Bearer ${API_KEY}`,
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            'stripe-version': '2026-10-28.endive',
            'idempotency-key': idempotencyKey,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`${path} → ${res.statusCode}: ${text}`));
            else resolve(JSON.parse(text) as { id: string; status: string });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

type Timed = <T>(call: () => Promise<T>) => Promise<T>;
const untimed: Timed = (call) => call();

async function sdkTriple(stripe: Stripe, timed: Timed = untimed): Promise<void> {
  const created = await timed(() =>
    stripe.paymentIntents.create(
      { amount: 1500, currency: 'usd', allowed_payment_method_types: ['card'], capture_method: 'manual' },
      { idempotencyKey: nextKey('create') },
    ),
  );
  const confirmed = await timed(() =>
    stripe.paymentIntents.confirm(
      created.id,
      { payment_method: 'pm_card_visa' },
      { idempotencyKey: nextKey('confirm') },
    ),
  );
  if (confirmed.status !== 'requires_capture') throw new Error(`confirm → ${confirmed.status}`);
  const captured = await timed(() =>
    stripe.paymentIntents.capture(created.id, {}, { idempotencyKey: nextKey('capture') }),
  );
  if (captured.status !== 'succeeded') throw new Error(`capture → ${captured.status}`);
}

async function rawTriple(client: ReturnType<typeof rawClient>): Promise<void> {
  const created = await client.post(
    '/v1/payment_intents',
    {
      amount: '1500',
      currency: 'usd',
      'allowed_payment_method_types[0]': 'card',
      capture_method: 'manual',
    },
    nextKey('raw-create'),
  );
  const confirmed = await client.post(
    `/v1/payment_intents/${created.id}/confirm`,
    { payment_method: 'pm_card_visa' },
    nextKey('raw-confirm'),
  );
  if (confirmed.status !== 'requires_capture') throw new Error(`confirm → ${confirmed.status}`);
  const captured = await client.post(`/v1/payment_intents/${created.id}/capture`, {}, nextKey('raw-capture'));
  if (captured.status !== 'succeeded') throw new Error(`capture → ${captured.status}`);
}

/** A connected account onboarded through the emulator, a location and a simulated reader on it. */
async function setUpCounter(stripe: Stripe, port: number): Promise<{ account: string; reader: string }> {
  const account = await stripe.accounts.create({
    type: 'express',
    country: 'US',
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  });
  const res = await fetch(`http://127.0.0.1:${port}/_emulator/accounts/${account.id}/onboarding`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome: 'complete' }),
  });
  if (!res.ok) throw new Error(`onboarding → ${res.status}: ${await res.text()}`);
  const on = { stripeAccount: account.id };
  const location = await stripe.terminal.locations.create(
    {
      display_name: 'Bench store',
      address: {
        line1: '1 Market St',
        city: 'San Francisco',
        state: 'CA',
        postal_code: '94105',
        country: 'US',
      },
    },
    on,
  );
  const reader = await stripe.terminal.readers.create(
    { registration_code: 'simulated-wpe', location: location.id, label: 'Bench register' },
    on,
  );
  return { account: account.id, reader: reader.id };
}

async function cardPresentFlow(stripe: Stripe, counter: { account: string; reader: string }): Promise<void> {
  const on = (label: string) => ({ stripeAccount: counter.account, idempotencyKey: nextKey(label) });
  const pi = await stripe.paymentIntents.create(
    {
      amount: 2500,
      currency: 'usd',
      allowed_payment_method_types: ['card_present'],
      capture_method: 'manual',
      application_fee_amount: 75,
    },
    on('cp-create'),
  );
  await stripe.terminal.readers.processPaymentIntent(
    counter.reader,
    { payment_intent: pi.id },
    on('cp-process'),
  );
  const presented = await stripe.testHelpers.terminal.readers.presentPaymentMethod(
    counter.reader,
    {},
    on('cp-present'),
  );
  if (presented.action?.status !== 'succeeded') throw new Error(`present → ${presented.action?.status}`);
  const captured = await stripe.paymentIntents.capture(pi.id, {}, on('cp-capture'));
  if (captured.status !== 'succeeded') throw new Error(`capture → ${captured.status}`);
}

/** User + system CPU seconds of a process and all its descendants (Linux /proc; null elsewhere). */
function treeCpuSeconds(rootPid: number | undefined): number | null {
  if (rootPid === undefined) return null;
  try {
    const stats = new Map<number, { ppid: number; ticks: number }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
        stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
      } catch {
        // the process ended while we were reading
      }
    }
    let ticks = 0;
    const pending = [rootPid];
    while (pending.length > 0) {
      const pid = pending.pop() as number;
      ticks += stats.get(pid)?.ticks ?? 0;
      for (const [other, stat] of stats) if (stat.ppid === pid) pending.push(other);
    }
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

async function perSecond(count: number, one: () => Promise<void>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i += 1) await one();
  return count / ((performance.now() - started) / 1000);
}

/** A webhook receiver answering 200 to every delivery (the server's verification cost is not the emulator's). */
async function startReceiver(): Promise<{ url: string; received(): number; close(): void }> {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received: () => received,
    close: () => server.close(),
  };
}

function sdkClient(port: number): { stripe: Stripe; agent: http.Agent } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const stripe = new Stripe(API_KEY, {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    httpAgent: agent,
    maxNetworkRetries: 0,
    telemetry: false,
  });
  return { stripe, agent };
}

async function main(): Promise<void> {
  buildServer();
  const emulator = await startEmulator();
  const noop = await startListening('no-op server', ['--input-type=module', '-e', NOOP_SERVER]);
  const dir = mkdtempSync(join(tmpdir(), 'countertop-emulator-bench-'));
  const fileEmulator = await startEmulator(join(dir, 'stripe-emulator.db'));
  const receiver = await startReceiver();
  const { stripe, agent } = sdkClient(emulator.port);
  const ceiling = sdkClient(noop.port);
  const withFile = sdkClient(fileEmulator.port);
  const raw = rawClient(emulator.port);
  try {
    const counter = await setUpCounter(stripe, emulator.port);
    const fileCounter = await setUpCounter(withFile.stripe, fileEmulator.port);
    for (const connect of [false, true]) {
      await withFile.stripe.webhookEndpoints.create({
        url: receiver.url,
        enabled_events: [...HANDLED_WEBHOOK_EVENTS],
        ...(connect ? { connect: true } : {}),
      });
    }
    for (let i = 0; i < WARM_UP; i += 1) {
      await sdkTriple(stripe);
      await rawTriple(raw);
      await sdkTriple(ceiling.stripe);
      if (i % 2 === 0) {
        await cardPresentFlow(stripe, counter);
        await cardPresentFlow(withFile.stripe, fileCounter);
      }
    }

    const sdkRates: number[] = [];
    const rawRates: number[] = [];
    const ceilingRates: number[] = [];
    const flowRates: number[] = [];
    const fileFlowRates: number[] = [];
    const latencies: number[] = [];
    const timed: Timed = async (call) => {
      const started = performance.now();
      const result = await call();
      latencies.push(performance.now() - started);
      return result;
    };
    let serverCpu: number | null = 0;
    let clientCpu = 0;
    // Interleaved so that machine noise hits every figure alike.
    for (let run = 0; run < RUNS; run += 1) {
      const serverBefore = treeCpuSeconds(emulator.process.pid);
      const clientBefore = ownCpuSeconds();
      sdkRates.push(await perSecond(TRIPLES_PER_RUN, () => sdkTriple(stripe, timed)));
      clientCpu += ownCpuSeconds() - clientBefore;
      const serverAfter = treeCpuSeconds(emulator.process.pid);
      serverCpu =
        serverCpu === null || serverBefore === null || serverAfter === null
          ? null
          : serverCpu + serverAfter - serverBefore;
      rawRates.push(await perSecond(TRIPLES_PER_RUN, () => rawTriple(raw)));
      ceilingRates.push(await perSecond(TRIPLES_PER_RUN, () => sdkTriple(ceiling.stripe)));
      flowRates.push(await perSecond(FLOWS_PER_RUN, () => cardPresentFlow(stripe, counter)));
      fileFlowRates.push(await perSecond(FLOWS_PER_RUN, () => cardPresentFlow(withFile.stripe, fileCounter)));
    }
    // Every flow emits payment_intent.amount_capturable_updated and .succeeded on the connected account.
    const expectedDeliveries = 2 * (Math.ceil(WARM_UP / 2) + RUNS * FLOWS_PER_RUN);
    const deadline = Date.now() + 10_000;
    while (receiver.received() < expectedDeliveries && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    describeSetup(
      'emulator',
      `emulator process = node dist/emulator.mjs --port 0 (compiled; in-memory SQLite); one keep-alive ` +
        `connection per client (http.Agent maxSockets 1), requests strictly sequential, every POST with an ` +
        `idempotency key; warm-up ${WARM_UP} of each triple + ${Math.ceil(WARM_UP / 2)} card-present flows; ` +
        `then ${RUNS} interleaved runs of ${TRIPLES_PER_RUN} SDK triples (stripe@23, maxNetworkRetries 0), ` +
        `${TRIPLES_PER_RUN} raw-http triples, ${TRIPLES_PER_RUN} SDK triples against a no-op server process ` +
        `(the SDK's own ceiling) and ${FLOWS_PER_RUN} card-present flows (connected account, direct charge, ` +
        `application fee), the latter also against a second emulator with --db and the server's two ` +
        `webhook endpoints (${receiver.received()} of ${expectedDeliveries} deliveries received); medians ` +
        `of the runs. Client and emulator share this machine's cores, so the SDK figure includes ` +
        `stripe-node's own CPU.`,
    );
    // Information since issue 17: stripe-node's own client cost bounds it; the emulator's cost is
    // `server_cpu_per_request`.
    reportContext('emulator.pi_create_confirm_capture', median(sdkRates), 'triples/s');
    reportContext('emulator.pi_create_confirm_capture.raw_http', median(rawRates), 'triples/s');
    reportContext('emulator.pi_create_confirm_capture.sdk_vs_noop_server', median(ceilingRates), 'triples/s');
    reportContext('emulator.card_present_server_driven', median(flowRates), 'flows/s');
    reportContext('emulator.card_present_server_driven.file_db_webhooks', median(fileFlowRates), 'flows/s');
    reportContext('emulator.request_latency.median', median(latencies), 'ms');
    reportContext('emulator.request_latency.p99', percentile(latencies, 0.99), 'ms');
    const requests = RUNS * TRIPLES_PER_RUN * 3;
    if (serverCpu !== null)
      reportFigure('emulator.server_cpu_per_request', (serverCpu * 1e6) / requests, 'µs', '<=', 200);
    reportContext('emulator.client_cpu_per_request.stripe_node', (clientCpu * 1e6) / requests, 'µs');
  } finally {
    agent.destroy();
    ceiling.agent.destroy();
    withFile.agent.destroy();
    raw.close();
    receiver.close();
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (err) {
  console.error(err);
  await stopAll();
  process.exit(1);
}
