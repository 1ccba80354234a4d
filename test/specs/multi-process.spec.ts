// One checkout journey across two server processes on PostgreSQL, as a platform runs them behind a load
// balancer: a throwaway PostgreSQL cluster (server/test/support/postgres-cluster.ts), one Stripe emulator
// of its own, and two servers started together on the empty database (one seeds the demo, the other waits
// for it) with the same DATABASE_URL and STRIPE_API_BASE, both serving the built client. The cashier signs
// in and takes a payment on server A's server-driven reader (the customer's card is presented through the
// emulator's Stripe test helper); the owner then finds that sale in the merchant review on server B.
//
// Ports: E2E_MULTI_PORT (default E2E_PORT + 10) for server A, the next one for server B and the one after
// for the emulator.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext } from '@playwright/test';
import { type PostgresCluster, startPostgresCluster } from '../../server/test/support/postgres-cluster.ts';
import { CounterPage } from '../support/counter-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { pairingCodeFor } from '../support/pairing.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const firstPort = Number(process.env.E2E_MULTI_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 10);
const serverA = `http://127.0.0.1:${firstPort}`;
const serverB = `http://127.0.0.1:${firstPort + 1}`;
const emulatorPort = firstPort + 2;
const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
const OWNER = { email: 'owner@beancounter.test', password: 'countertop-owner' };

// The counter runs on server A (the secret scan watches this origin).
test.use({ baseURL: serverA });

let cluster: PostgresCluster | null = null;
const processes: { name: string; child: ChildProcess; output: string[] }[] = [];

function start(name: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, {
    cwd: join(root, 'server'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  processes.push({ name, child, output });
}

/** Waits until `url` answers 200 (or a process exited, with its output in the error). */
async function waitFor(request: APIRequestContext, url: string) {
  for (;;) {
    const exited = processes.find(({ child }) => child.exitCode !== null);
    if (exited)
      throw new Error(`${exited.name} exited (${exited.child.exitCode}):\n${exited.output.join('')}`);
    const ok = await request.get(url, { timeout: 2_000 }).then(
      (response) => response.ok(),
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(180_000);
  cluster = await startPostgresCluster();
  const databaseUrl = await cluster.createDatabase('countertop_e2e');
  start('emulator', ['dist/emulator.mjs', '--port', String(emulatorPort)], {});
  const request = await playwright.request.newContext();
  try {
    await waitFor(request, `${emulatorUrl}/_emulator/clock`);
    for (const [name, url] of [
      ['server A', serverA],
      ['server B', serverB],
    ] as const) {
      start(name, ['dist/main.mjs'], {
        PORT: new URL(url).port,
        DATABASE_URL: databaseUrl,
        STRIPE_API_BASE: emulatorUrl,
        STATIC_ROOT: join(root, 'pos-client', 'dist'),
        DEMO_HISTORY_DAYS: '0',
        E2E_CONTROLS: '',
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
      });
    }
    await waitFor(request, `${serverA}/api/health/ready`);
    await waitFor(request, `${serverB}/api/health/ready`);
  } finally {
    await request.dispose();
  }
});

test.afterAll(async () => {
  // Servers first (SIGTERM: they drain and close the database), then the emulator, then PostgreSQL.
  for (const names of [['server A', 'server B'], ['emulator']]) {
    await Promise.all(
      processes
        .filter(({ name, child }) => names.includes(name) && child.exitCode === null)
        .map(
          ({ child }) =>
            new Promise<void>((resolve) => {
              const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
              child.once('exit', () => {
                clearTimeout(force);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
    );
  }
  await cluster?.stop();
});

/** The emulator's state (its own port), to find the connected account a reader belongs to. */
async function readerAccount(request: APIRequestContext, readerId: string): Promise<string | null> {
  const state = (await (await request.get(`${emulatorUrl}/_emulator/state`)).json()) as {
    objects: Record<string, Record<string, unknown>[]>;
  };
  const reader = state.objects['terminal.reader']?.find((object) => object.id === readerId);
  const location = state.objects['terminal.location']?.find((object) => object.id === reader?.location);
  return (location?.metadata as Record<string, string> | undefined)?.connected_account ?? null;
}

test('a sale taken at a register on server A shows in the merchant review on server B', async ({
  page,
  browser,
}) => {
  // The cashier at Mission St, on server A.
  const counter = new CounterPage(page);
  // Paired with a one-time code the demo admin makes on server A (the counter runs there).
  const pairingCode = await pairingCodeFor('MISSION-1', serverA);
  await counter.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345', pairingCode });
  await counter.useReader('handheld');
  const reader = (await counter.readers()).find((candidate) => candidate.label.includes('handheld'));
  expect(reader?.integration).toBe('server_driven');
  await counter.keyAmount('7.89', 'Two servers');
  await counter.charge();
  await counter.expectPayment('Present card on the reader');

  // The customer presents a card: Stripe's test helper, on the emulator both servers share.
  const account = await readerAccount(page.request, reader?.stripeReaderId ?? '');
  const presented = await page.request.post(
    `${emulatorUrl}/v1/test_helpers/terminal/readers/${reader?.stripeReaderId}/present_payment_method`,
    {
      form: { type: 'card_present', 'card_present[number]': '4242424242424242' },
      headers: {
        authorization: 'Bearer sk_test_countertop',
        ...(account ? { 'stripe-account': account } : {}),
      },
    },
  );
  expect(presented.ok(), await presented.text()).toBe(true);
  await counter.expectPayment('Approved ✓ $7.89');
  const sale = (await counter.shiftSales()).find((candidate) => candidate.totalMinor === 789);
  expect(sale).toMatchObject({ status: 'succeeded' });

  // The owner, on server B (another browser context: no cookie from server A).
  const ownerContext = await browser.newContext({ baseURL: serverB });
  try {
    const merchant = await ownerContext.newPage();
    await merchant.goto('/merchant');
    await merchant.getByLabel('Email').fill(OWNER.email);
    await merchant.getByLabel('Password').fill(OWNER.password);
    await merchant.getByRole('button', { name: 'Sign in' }).click();
    await expect(merchant.getByRole('heading', { name: 'Daily summary' })).toBeVisible();
    // The sale, as server B reads it from the shared database (a deep link: the summary's default day
    // is a location's today, which may not be Mission St's near midnight).
    await merchant.goto(`/merchant/sales/${sale?.id}`);
    await expect(merchant.getByRole('heading', { name: /Sale of \$7\.89/ })).toBeVisible();
    await expect(merchant.getByTestId('sale-status')).toHaveText('Paid');
    expect(new URL(merchant.url()).origin).toBe(serverB);
  } finally {
    await ownerContext.close();
  }
});
