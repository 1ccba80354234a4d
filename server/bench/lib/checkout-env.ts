/**
 * The checkout benchmarks' world, set up the way e2e runs the product: the Stripe emulator and the
 * Countertop server as separate processes, compiled as `pnpm start` runs them (`dist/emulator.mjs`, `dist/main.mjs` with
 * STRIPE_API_BASE, DATABASE_PATH or DATABASE_URL, PORT, E2E_CONTROLS) on free ports, over the database of
 * the bench's backend (./checkout-database.ts: a temp-dir SQLite file, or a throwaway PostgreSQL cluster).
 * Before the servers start, the bench creates what N registers need through the Stripe SDK (connected
 * accounts, onboarded; one Terminal location and one server-driven simulated reader per register) and
 * through the server's own Database port (one transaction over its repositories: accounts, locations,
 * registers, readers, staff with a PIN, a menu). Then every register signs in with its staff PIN and keeps
 * its session cookie + CSRF token, as the POS does. On PostgreSQL several server processes can share the
 * database: sessions live in it, so `useServers(n)` starts more server processes when needed and moves
 * the registers' clients over n of them evenly.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { hashPin } from '../../src/services/pins.ts';
import { generatePairingCode, pairingCodeHash } from '../../src/services/register-pairing.service.ts';
import { createEmulatorStripeClient } from '../../src/stripe/connection.ts';
import { type CheckoutDatabase, startCheckoutDatabase } from './checkout-database.ts';
import type { BenchBackend } from './figures.ts';
import { HttpJsonClient } from './http-json.ts';
import { buildServer, freePort, type NodeChild, SERVER_DIR, spawnNode, waitForHttp } from './processes.ts';

export const TEST_CARD = '4242424242424242';
const PIN = '2468';
const REGISTERS_PER_ACCOUNT = 8;

/** One register of the bench, with everything both sides of the comparison need. */
export interface BenchRegister {
  code: string;
  staffId: string;
  /** Our reader id (attempt body) and the Stripe ids behind it (direct side). */
  readerId: string;
  stripeReaderId: string;
  stripeAccountId: string;
  stripeLocationId: string;
  productIds: string[];
  /** Prices of `productIds`, tax rate and fee plan: what the direct side charges for the same cart. */
  priceMinor: number[];
  taxRateBps: number;
  feeBps: number;
  feeFixedMinor: number;
  /** Signed in: cookie + CSRF header set. */
  client: HttpJsonClient;
}

export interface ServerProcess {
  url: string;
  process: NodeChild;
}

export interface CheckoutEnv {
  emulatorUrl: string;
  /** The first server process (the only one on SQLite). */
  serverUrl: string;
  server: NodeChild;
  /** Every server process started so far, all on `database`. */
  servers: ServerProcess[];
  database: CheckoutDatabase;
  stripe: Stripe;
  emulator: NodeChild;
  registers: BenchRegister[];
  /**
   * Points register i at server i mod `count` (the first `count` servers, started if not yet: at most
   * `database.maxServers`); returns the servers in use.
   */
  useServers(count: number): Promise<ServerProcess[]>;
  stop(): Promise<void>;
}

export interface CheckoutEnvOptions {
  registers: number;
  backend: BenchBackend;
  /** Extra node flags for the server process (e.g. --cpu-prof). */
  serverNodeArgs?: string[];
  emulatorNodeArgs?: string[];
  /** Sockets per register client (1 models a register's browser doing one thing at a time). */
  socketsPerRegister?: number;
}

export async function startCheckoutEnv(options: CheckoutEnvOptions): Promise<CheckoutEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'countertop-bench-checkout-'));
  const started: NodeChild[] = [];
  let database: CheckoutDatabase | null = null;
  const stopAll = async () => {
    await Promise.all(started.map((child) => child.stop()));
    await database?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    database = await startCheckoutDatabase(options.backend, dir);
    buildServer();

    const emulatorPort = await freePort();
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const emulator = spawnNode('dist/emulator.mjs', {
      cwd: SERVER_DIR,
      args: ['--port', String(emulatorPort), '--db', join(dir, 'stripe-emulator.db')],
      nodeArgs: options.emulatorNodeArgs ?? [],
      env: { NODE_ENV: 'production' },
    });
    started.push(emulator);
    await waitForHttp(`${emulatorUrl}/_emulator/clock`, emulator);

    const stripe = createEmulatorStripeClient(emulatorUrl);
    const seeded = await seed(stripe, emulatorUrl, database, options.registers);

    const servers: ServerProcess[] = [];
    const serverEnv = database.serverEnv;
    // The seed migrated the database: a server starting applies nothing (on PostgreSQL the scheduled jobs
    // run in the elected leader only).
    const startServer = async (): Promise<ServerProcess> => {
      const serverPort = await freePort();
      const url = `http://127.0.0.1:${serverPort}`;
      const server = spawnNode('dist/main.mjs', {
        cwd: SERVER_DIR,
        nodeArgs: options.serverNodeArgs ?? [],
        env: {
          NODE_ENV: 'production',
          // As `npm start` runs the server (README, Configuration): bounded glibc arenas.
          MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
          PORT: String(serverPort),
          ...serverEnv,
          STRIPE_API_BASE: emulatorUrl,
          E2E_CONTROLS: '1',
          DEMO_HISTORY_DAYS: '0',
          STATIC_ROOT: '',
        },
      });
      started.push(server);
      await waitForHttp(`${url}/api/health`, server);
      const serverProcess: ServerProcess = { url, process: server };
      servers.push(serverProcess);
      return serverProcess;
    };
    const first = await startServer();

    const registers: BenchRegister[] = [];
    for (const { pairingCode, ...register } of seeded) {
      const client = new HttpJsonClient(first.url, {}, options.socketsPerRegister ?? 1);
      const cookieOf = (headers: Record<string, unknown>) =>
        [headers['set-cookie'] ?? []].flat().map((line) => String(line).split(';')[0] ?? '')[0];
      // Pair the bench's device with the register (as a shop does), then sign in on it.
      const paired = await client.post<{ csrfToken: string }>('/api/counter/pairing', { code: pairingCode });
      const deviceCookie = cookieOf(paired.headers);
      if (paired.status !== 200 || !deviceCookie) {
        throw new Error(
          `Pairing at ${register.code} failed: ${paired.status} ${JSON.stringify(paired.body)}`,
        );
      }
      client.setHeader('cookie', deviceCookie);
      client.setHeader('x-csrf-token', paired.body.csrfToken);
      const signIn = await client.post<{ csrfToken: string }>('/api/counter/session', {
        staffId: register.staffId,
        pin: PIN,
      });
      const cookie = cookieOf(signIn.headers);
      if (signIn.status !== 200 || !cookie) {
        throw new Error(
          `Sign-in at ${register.code} failed: ${signIn.status} ${JSON.stringify(signIn.body)}`,
        );
      }
      client.setHeader('cookie', `${cookie}; ${deviceCookie}`);
      client.setHeader('x-csrf-token', signIn.body.csrfToken);
      registers.push({ ...register, client });
    }
    const openDatabase = database;
    return {
      emulatorUrl,
      serverUrl: first.url,
      server: first.process,
      servers,
      database: openDatabase,
      stripe,
      emulator,
      registers,
      async useServers(count) {
        if (count < 1 || count > openDatabase.maxServers) {
          throw new Error(
            `${openDatabase.backend} runs at most ${openDatabase.maxServers} server process(es)`,
          );
        }
        while (servers.length < count) await startServer();
        for (const [i, register] of registers.entries()) register.client.retarget(servers[i % count]!.url);
        return servers.slice(0, count);
      },
      async stop() {
        for (const register of registers) register.client.close();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A register as seeded: with a one-time pairing code its bench device pairs with before signing in. */
type SeededRegister = Omit<BenchRegister, 'client'> & { pairingCode: string };

/** Creates the Stripe objects through the SDK, then the server's rows through its repositories. */
async function seed(stripe: Stripe, emulatorUrl: string, target: CheckoutDatabase, count: number) {
  const accountCount = Math.ceil(count / REGISTERS_PER_ACCOUNT);
  const feePlan = { bps: 150, fixedMinor: 10, minMinor: 10, maxMinor: null };
  const taxRateBps = 863;
  const menu = [
    { name: 'Latte', priceMinor: 525, category: 'Coffee' },
    { name: 'Croissant', priceMinor: 425, category: 'Bakery' },
  ];
  const staged: {
    account: Stripe.Account;
    locations: { location: Stripe.Terminal.Location; reader: Stripe.Terminal.Reader }[];
  }[] = [];
  for (let a = 0; a < accountCount; a += 1) {
    const account = await stripe.accounts.create({
      country: 'US',
      email: `bench${a}@countertop.example`,
      default_currency: 'usd',
      business_type: 'company',
      business_profile: { name: `Bench Cafe ${a}`, mcc: '5814' },
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
      controller: { stripe_dashboard: { type: 'full' } },
    });
    const onboarding = await fetch(`${emulatorUrl}/_emulator/accounts/${account.id}/onboarding`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'complete' }),
    });
    if (!onboarding.ok) throw new Error(`Onboarding failed: ${onboarding.status} ${await onboarding.text()}`);
    const on = { stripeAccount: account.id };
    const locations: { location: Stripe.Terminal.Location; reader: Stripe.Terminal.Reader }[] = [];
    const registersHere = Math.min(REGISTERS_PER_ACCOUNT, count - a * REGISTERS_PER_ACCOUNT);
    for (let r = 0; r < registersHere; r += 1) {
      const location = await stripe.terminal.locations.create(
        {
          display_name: `Bench Cafe ${a} — store ${r}`,
          address: {
            line1: `${r + 1} Market St`,
            city: 'San Francisco',
            state: 'CA',
            postal_code: '94103',
            country: 'US',
          },
        },
        on,
      );
      const reader = await stripe.terminal.readers.create(
        { registration_code: 'simulated-wpe', label: `Counter ${r}`, location: location.id },
        on,
      );
      locations.push({ location, reader });
    }
    staged.push({ account, locations });
  }

  // The server's database, migrated, written through its repositories in one transaction.
  const database = await target.open();
  try {
    const pin = await hashPin(PIN);
    const nowMs = Date.now();
    const id = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    return await database.transaction(async (repos) => {
      const result: SeededRegister[] = [];
      await repos.platform.save({ name: 'Countertop Bench Platform', stripeAccountId: null }, nowMs);
      for (const [a, { account: stripeAccount, locations }] of staged.entries()) {
        const account = await repos.accounts.insert(
          {
            id: id('acc'),
            stripeAccountId: stripeAccount.id,
            businessName: `Bench Cafe ${a}`,
            country: 'US',
            currency: 'usd',
            chargeType: 'direct',
            captureMethod: 'manual',
            feePlan,
            tipping: { enabled: false, percentages: [] },
          },
          nowMs,
        );
        await repos.accounts.updateStripeStatus(
          stripeAccount.id,
          { chargesEnabled: true, detailsSubmitted: true, payoutsEnabled: true, requirements: {} },
          nowMs,
        );
        const productIds: string[] = [];
        for (const [sortOrder, item] of menu.entries()) {
          productIds.push(
            (await repos.products.insert({ id: id('prd'), accountId: account.id, ...item, sortOrder }, nowMs))
              .id,
          );
        }
        const rows = [];
        for (const [r, { location: stripeLocation, reader }] of locations.entries()) {
          const location = await repos.locations.insert(
            {
              id: id('loc'),
              accountId: account.id,
              stripeLocationId: stripeLocation.id,
              name: `Store ${r}`,
              timeZone: 'America/Los_Angeles',
              address: { line1: `${r + 1} Market St`, city: 'San Francisco', country: 'US' },
              taxRateBps,
            },
            nowMs,
          );
          const code = `BENCH-${a}-${r}`;
          const register = await repos.registers.insert(
            { id: id('reg'), code, name: `Register ${r}`, locationId: location.id },
            nowMs,
          );
          const pairingCode = generatePairingCode();
          await repos.registerDevices.insertPairingCode({
            id: id('pair'),
            registerId: register.id,
            codeHash: pairingCodeHash(pairingCode),
            createdByLabel: 'bench',
            createdAtMs: nowMs,
            expiresAtMs: nowMs + 3_600_000,
          });
          const ourReader = await repos.readers.insert(
            {
              id: id('rdr'),
              accountId: account.id,
              locationId: location.id,
              stripeReaderId: reader.id,
              label: reader.label ?? `Counter ${r}`,
              deviceType: reader.device_type,
              integration: 'server_driven',
            },
            nowMs,
          );
          rows.push({ code, pairingCode, location, stripeLocationId: stripeLocation.id, reader: ourReader });
        }
        const staff = await repos.staff.insert(
          {
            id: id('stf'),
            accountId: account.id,
            displayName: `Cashier ${a}`,
            role: 'staff',
            pinHash: pin.hash,
            pinSalt: pin.salt,
            locationIds: rows.map((row) => row.location.id),
          },
          nowMs,
        );
        for (const row of rows) {
          result.push({
            code: row.code,
            pairingCode: row.pairingCode,
            staffId: staff.id,
            readerId: row.reader.id,
            stripeReaderId: row.reader.stripeReaderId,
            stripeAccountId: stripeAccount.id,
            stripeLocationId: row.stripeLocationId,
            productIds,
            priceMinor: menu.map((item) => item.priceMinor),
            taxRateBps,
            feeBps: feePlan.bps,
            feeFixedMinor: feePlan.fixedMinor,
          });
        }
      }
      return result;
    });
  } finally {
    await database.close();
  }
}
