// `pnpm bench`: measures throughput of the hot paths. Speed is reported here, never asserted in tests.
// Each case runs a fixed number of iterations after a warm-up and prints ops/s and p50/p95 latency.
import { performance } from 'node:perf_hooks';
import Stripe from 'stripe';
import { applicationFeeMinor } from '../src/domain/fees.ts';
import { startEmulator } from '../src/stripe/emulator/index.ts';

interface BenchResult {
  name: string;
  iterations: number;
  opsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

async function bench(name: string, iterations: number, run: (i: number) => unknown): Promise<BenchResult> {
  for (let i = 0; i < Math.min(50, iterations); i++) await run(i);
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await run(i);
    samples.push(performance.now() - t0);
  }
  const totalMs = performance.now() - start;
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { name, iterations, opsPerSecond: (iterations / totalMs) * 1000, p50Ms: at(0.5), p95Ms: at(0.95) };
}

const results: BenchResult[] = [];
const plan = { bps: 150, fixedMinor: 10, minMinor: 10, maxMinor: null };
results.push(
  await bench('domain: application fee', 200_000, (i) => applicationFeeMinor(i % 99_999_999, plan)),
);

const emulator = await startEmulator({ port: 0 });
const stripe = new Stripe('sk_test_bench', {
  host: '127.0.0.1',
  port: emulator.port,
  protocol: 'http',
  telemetry: false,
  maxNetworkRetries: 0,
});
const location = await stripe.terminal.locations.create({
  display_name: 'Bench',
  address: { line1: '1 Main St', city: 'San Francisco', state: 'CA', postal_code: '94110', country: 'US' },
});
const reader = await stripe.terminal.readers.create({
  registration_code: 'simulated-wpe',
  location: location.id,
});

results.push(
  await bench('emulator: create card-present PaymentIntent', 500, () =>
    stripe.paymentIntents.create({
      amount: 1099,
      currency: 'usd',
      allowed_payment_method_types: ['card_present'],
      capture_method: 'manual',
    }),
  ),
);
results.push(
  await bench('emulator: server-driven payment (create, process, present, capture)', 200, async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      allowed_payment_method_types: ['card_present'],
      capture_method: 'manual',
    });
    await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: intent.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader.id);
    await stripe.paymentIntents.capture(intent.id);
  }),
);
await emulator.close();

console.log('benchmark'.padEnd(70), 'iterations'.padStart(10), 'ops/s'.padStart(12), 'p50 ms', 'p95 ms');
for (const r of results) {
  console.log(
    r.name.padEnd(70),
    String(r.iterations).padStart(10),
    r.opsPerSecond.toFixed(0).padStart(12),
    r.p50Ms.toFixed(3).padStart(6),
    r.p95Ms.toFixed(3).padStart(6),
  );
}
