// Crash recovery on one process: the real server (`src/main.ts`) on a SQLite file against an external
// emulator, SIGKILLed at seeded points during checkouts (creating the sale, starting the payment, after
// Stripe created the PaymentIntent but before we recorded it, after the card was approved, during the sync),
// restarted, and the sale resumed like a reloaded register or walked away from. The start-up/periodic
// recovery sweep and webhooks must leave: zero lost sales (every succeeded PaymentIntent has exactly one
// succeeded sale, every sale the cashier saw approved is succeeded), zero duplicate sales, zero double
// captures, nothing stuck, and our totals equal to the emulator's to the cent. The scenario itself is
// crash-harness.ts (shared with the multi-process test and `pnpm soak`).
import { expect, it } from 'vitest';
import { runCrashScenario } from './crash-harness.ts';

const SEED = Number(process.env.CRASH_SEED ?? 4242);

it('loses no sale and charges none twice when the server is killed mid-checkout', async () => {
  const figures = await runCrashScenario({
    backend: 'sqlite',
    servers: 1,
    // One register, as before the harness (pnpm soak runs three registers against one process).
    registers: 1,
    checkouts: 10,
    seed: SEED,
    timeoutMs: 110_000,
  });
  expect(figures.kills).toBeGreaterThanOrEqual(5);
  expect(figures.exitCodes).toEqual([0]);
  expect(figures.details.lost).toEqual([]);
  expect(figures.details.cashierApprovedNotRecorded).toEqual([]);
  expect(figures.details.duplicated).toEqual([]);
  expect(figures.details.doubleCaptured).toEqual([]);
  expect(figures.details.stuck).toEqual([]);
  expect(figures.details.unexpectedServerErrors).toEqual([]);
  expect(figures.oursMinor).toBe(figures.stripeMinor);
  for (const totals of Object.values(figures.details.totalsByCurrency))
    expect(totals.ours).toBe(totals.stripe);
  // The server's logs carry no card number, API key or webhook secret.
  expect(figures.details.secretsInOutput).toEqual([]);
}, 120_000);
