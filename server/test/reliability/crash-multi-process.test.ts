// Crash recovery across processes: two real servers (`src/main.ts`) share one PostgreSQL database and one
// external emulator; three registers (MISSION-1, BROOKLYN-1, SHIBUYA-1) are spread over them and take
// checkouts concurrently while the server a register talks to is SIGKILLed at seeded points (creating the
// sale, starting the payment, after Stripe created the PaymentIntent but before we recorded it, after the
// card was approved, during the sync) and restarted. Meanwhile that register's cashier carries on at the
// surviving server with the same session cookie, as a load balancer would send it, and resumes the sale or
// walks away: the sale lock (a lease in the database) and the sweeper (run by the elected leader) must
// still leave zero lost sales, zero duplicates, zero double captures, nothing stuck, and our totals equal
// to the emulator's to the cent. The scenario is crash-harness.ts (shared with crash.test.ts and
// `pnpm soak`, which runs it over 1,000 checkouts).
import { expect, it } from 'vitest';
import { createPostgresDatabase } from '../support/databases.ts';
import { runCrashScenario } from './crash-harness.ts';

const SEED = Number(process.env.CRASH_SEED ?? 4242);

it('loses no sale and charges none twice when one of two servers on PostgreSQL is killed mid-checkout', async () => {
  const figures = await runCrashScenario({
    backend: 'postgres',
    servers: 2,
    checkouts: 8,
    seed: SEED,
    createPostgresDatabase,
    timeoutMs: 170_000,
  });
  expect(figures.kills).toBeGreaterThanOrEqual(5);
  // Cashiers whose server was killed carried on at the other one.
  expect(figures.failovers).toBeGreaterThan(0);
  expect(figures.exitCodes).toEqual([0, 0]);
  expect(figures.details.lost).toEqual([]);
  expect(figures.details.cashierApprovedNotRecorded).toEqual([]);
  expect(figures.details.duplicated).toEqual([]);
  expect(figures.details.doubleCaptured).toEqual([]);
  expect(figures.details.stuck).toEqual([]);
  expect(figures.details.unexpectedServerErrors).toEqual([]);
  expect(figures.oursMinor).toBe(figures.stripeMinor);
  for (const totals of Object.values(figures.details.totalsByCurrency))
    expect(totals.ours).toBe(totals.stripe);
  // No server's logs carry a card number, API key or webhook secret.
  expect(figures.details.secretsInOutput).toEqual([]);
}, 180_000);
