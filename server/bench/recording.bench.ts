/**
 * Benchmark 3: recording a completed sale against the limit of the database. Ours is the repository path
 * the checkout service runs for a paid sale, through the Database port (Kysely over the server's SQLite
 * connection, or its PostgreSQL pool with `--backend postgres`), one transaction per sale
 * (`database.transaction`): insert the sale and its lines, journal the payment attempt, then record the
 * capture (status, PaymentIntent, charge, card, totals, fee) on the sale and the outcome on the attempt. The
 * baseline writes the same final rows with bare prepared INSERTs of the driver (better-sqlite3, or pg's
 * named statements on one connection: sale, two lines, attempt), also one transaction per sale. Both run on
 * one migrated database opened as the server opens it (SQLite: db/sqlite/open.ts, WAL, synchronous=NORMAL,
 * foreign keys; PostgreSQL: a throwaway cluster, fsync off), so the schema's indexes and triggers cost both
 * sides the same. Runs alternate sides.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { openPostgresDatabase, postgresTypes } from '../src/db/postgres/open.ts';
import type { NewSale } from '../src/db/repositories/sales.repo.ts';
import { openSqliteDatabase } from '../src/db/sqlite/open.ts';
import type { CardDetails } from '../src/stripe/payments.port.ts';
import { startPostgresCluster } from '../test/support/postgres-cluster.ts';
import {
  benchBackend,
  describeSetup,
  median,
  quickMode,
  reportContext,
  reportFigure,
} from './lib/figures.ts';

const setup = quickMode
  ? { salesPerRun: 2000, runs: 5, warmUp: 1000 }
  : { salesPerRun: 10_000, runs: 9, warmUp: 5000 };

/** The bare side: the driver's own prepared statements, `?` placeholders, one transaction per call. */
interface BareWriter {
  transaction(statements: Array<{ sql: string; values: unknown[] }>): Promise<void> | void;
  count(sql: string): Promise<number>;
}

/** The server's database (migrated) for ours, and a bare writer on the same database. */
async function openTarget(): Promise<{ database: Database; bare: BareWriter; close(): Promise<void> }> {
  if (benchBackend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'countertop-bench-recording-'));
    const { database, handle } = openSqliteDatabase(join(dir, 'recording.db'));
    const prepared = new Map<string, ReturnType<typeof handle.prepare<unknown[]>>>();
    const statement = (sql: string) => {
      let found = prepared.get(sql);
      if (!found) {
        found = handle.prepare<unknown[]>(sql);
        prepared.set(sql, found);
      }
      return found;
    };
    const run = handle.transaction((statements: Array<{ sql: string; values: unknown[] }>) => {
      for (const { sql, values } of statements) statement(sql).run(...values);
    });
    return {
      database,
      bare: {
        transaction: (statements) => run(statements),
        count: async (sql) => (handle.prepare(sql).get() as { n: number }).n,
      },
      async close() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const cluster = await startPostgresCluster();
  const url = await cluster.createDatabase('countertop_bench_recording');
  const { database } = await openPostgresDatabase(url);
  const client = new pg.Client({ connectionString: url, types: postgresTypes });
  await client.connect();
  const names = new Map<string, string>();
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    database,
    bare: {
      async transaction(statements) {
        await client.query('BEGIN');
        for (const { sql, values } of statements) {
          let name = names.get(sql);
          if (!name) {
            name = `bare_${names.size}`;
            names.set(sql, name);
          }
          await client.query({ name, text: numbered(sql), values });
        }
        await client.query('COMMIT');
      },
      count: async (sql) => (await client.query<{ n: number }>(sql)).rows[0]!.n,
    },
    async close() {
      await client.end();
      await database.close();
      await cluster.stop();
    },
  };
}

const { database, bare, close } = await openTarget();
try {
  const nowMs = Date.now();
  const { repos } = database;
  const account = await repos.accounts.insert(
    {
      id: 'acc_bench',
      stripeAccountId: 'acct_bench',
      businessName: 'Bench Cafe',
      country: 'US',
      currency: 'usd',
      chargeType: 'direct',
      captureMethod: 'manual',
      feePlan: { bps: 150, fixedMinor: 10, minMinor: 10, maxMinor: null },
      tipping: { enabled: false, percentages: [] },
    },
    nowMs,
  );
  const location = await repos.locations.insert(
    {
      id: 'loc_bench',
      accountId: account.id,
      stripeLocationId: 'tml_bench',
      name: 'Store',
      timeZone: 'America/Los_Angeles',
      address: { line1: '1 Market St', city: 'San Francisco', country: 'US' },
      taxRateBps: 863,
    },
    nowMs,
  );
  const register = await repos.registers.insert(
    { id: 'reg_bench', code: 'BENCH-1', name: 'Register', locationId: location.id },
    nowMs,
  );
  const reader = await repos.readers.insert(
    {
      id: 'rdr_bench',
      accountId: account.id,
      locationId: location.id,
      stripeReaderId: 'tmr_bench',
      label: 'Counter',
      deviceType: 'simulated_wisepos_e',
      integration: 'server_driven',
    },
    nowMs,
  );
  const staff = await repos.staff.insert(
    {
      id: 'stf_bench',
      accountId: account.id,
      displayName: 'Cashier',
      role: 'staff',
      pinHash: 'x',
      pinSalt: 'y',
      locationIds: [location.id],
    },
    nowMs,
  );
  const latte = await repos.products.insert(
    { id: 'prd_latte', accountId: account.id, name: 'Latte', priceMinor: 525, category: 'Coffee' },
    nowMs,
  );
  const croissant = await repos.products.insert(
    { id: 'prd_croissant', accountId: account.id, name: 'Croissant', priceMinor: 425, category: 'Bakery' },
    nowMs,
  );

  const cardDetails: CardDetails = {
    type: 'card_present',
    brand: 'visa',
    last4: '4242',
    readMethod: 'contactless_emv',
    funding: 'credit',
    receipt: {
      accountType: 'credit',
      applicationPreferredName: 'Visa Credit',
      dedicatedFileName: 'A0000000031010',
      authorizationCode: '123456',
      authorizationResponseCode: '3030',
      cardholderVerificationMethod: 'none',
    },
  };
  const lines = [
    {
      position: 0,
      productId: latte.id,
      description: 'Latte',
      quantity: 1,
      unitPriceMinor: 525,
      amountMinor: 525,
    },
    {
      position: 1,
      productId: croissant.id,
      description: 'Croissant',
      quantity: 1,
      unitPriceMinor: 425,
      amountMinor: 425,
    },
  ];
  const totals = { subtotalMinor: 950, taxMinor: 82, totalMinor: 1032, applicationFeeMinor: 25 };

  // Ours: the repositories and the order of writes of the checkout service, in one transaction per sale.
  const recordOurs = (n: string, at: number) =>
    database.transaction(async ({ sales, payments }) => {
      const sale: NewSale = {
        id: `sale_o${n}`,
        accountId: account.id,
        locationId: location.id,
        registerId: register.id,
        staffId: staff.id,
        clientSaleId: `client_o${n}`,
        status: 'open',
        currency: 'usd',
        description: null,
        captureMethod: 'manual',
        ...totals,
        tipMinor: 0,
        createdAtMs: at,
        lines,
      };
      await sales.insert(sale);
      await payments.insert(
        {
          id: `att_o${n}`,
          saleId: sale.id,
          attemptKey: `key_o${n}`,
          readerId: reader.id,
          integration: 'server_driven',
        },
        at,
      );
      await sales.update(
        sale.id,
        {
          status: 'succeeded',
          paymentIntentId: `pi_o${n}`,
          readerId: reader.id,
          chargeId: `ch_o${n}`,
          cardDetails,
          card: { brand: 'visa', last4: '4242', readMethod: 'contactless_emv' },
          lastError: null,
          totalMinor: totals.totalMinor,
          tipMinor: 0,
          applicationFeeMinor: totals.applicationFeeMinor,
          capturedAtMs: at,
        },
        at,
      );
      await payments.update(`att_o${n}`, { paymentIntentId: `pi_o${n}`, status: 'succeeded' }, at);
    });

  // Bare: the same final rows, three prepared INSERTs.
  const insertSale = `INSERT INTO sales (id, account_id, location_id, register_id, staff_id, client_sale_id, status, currency,
       description, capture_method, subtotal_minor, tax_minor, tip_minor, total_minor, application_fee_minor,
       payment_intent_id, reader_id, charge_id, card_brand, card_last4, read_method, card_details_json,
       created_at_ms, updated_at_ms, captured_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, 'succeeded', 'usd', NULL, 'manual', ?, ?, 0, ?, ?, ?, ?, ?, 'visa', '4242',
       'contactless_emv', ?, ?, ?, ?)`;
  const insertLine = `INSERT INTO sale_lines (sale_id, position, product_id, description, quantity, unit_price_minor, amount_minor)
     VALUES (?, ?, ?, ?, ?, ?, ?)`;
  const insertAttempt = `INSERT INTO payment_attempts (id, sale_id, attempt_key, payment_intent_id, reader_id, integration, status,
       outcome, stripe_request_started_at_ms, created_at_ms, updated_at_ms, attempt_number)
     VALUES (?, ?, ?, ?, ?, 'server_driven', 'succeeded', 'succeeded', ?, ?, ?, 1)`;
  const recordBare = (n: string, at: number) => {
    const id = `sale_b${n}`;
    return bare.transaction([
      {
        sql: insertSale,
        values: [
          id,
          account.id,
          location.id,
          register.id,
          staff.id,
          `client_b${n}`,
          totals.subtotalMinor,
          totals.taxMinor,
          totals.totalMinor,
          totals.applicationFeeMinor,
          `pi_b${n}`,
          reader.id,
          `ch_b${n}`,
          JSON.stringify(cardDetails),
          at,
          at,
          at,
        ],
      },
      ...lines.map((line) => ({
        sql: insertLine,
        values: [
          id,
          line.position,
          line.productId,
          line.description,
          line.quantity,
          line.unitPriceMinor,
          line.amountMinor,
        ],
      })),
      { sql: insertAttempt, values: [`att_b${n}`, id, `key_b${n}`, `pi_b${n}`, reader.id, at, at, at] },
    ]);
  };

  let sequence = 0;
  const run = async (side: 'ours' | 'bare', count: number): Promise<number> => {
    const started = performance.now();
    for (let i = 0; i < count; i += 1) {
      sequence += 1;
      if (side === 'ours') await recordOurs(String(sequence), nowMs + sequence);
      else await recordBare(String(sequence), nowMs + sequence);
    }
    return (count * 1000) / (performance.now() - started);
  };

  await run('ours', setup.warmUp);
  await run('bare', setup.warmUp);
  const rates = { ours: [] as number[], bare: [] as number[] };
  const ratios: number[] = [];
  for (let round = 0; round < setup.runs; round += 1) {
    const order: Array<'ours' | 'bare'> = round % 2 === 0 ? ['ours', 'bare'] : ['bare', 'ours'];
    const roundRates = { ours: 0, bare: 0 };
    for (const side of order) roundRates[side] = await run(side, setup.salesPerRun);
    rates.ours.push(roundRates.ours);
    rates.bare.push(roundRates.bare);
    ratios.push(roundRates.ours / roundRates.bare);
  }
  const rows = await bare.count('SELECT count(*) AS n FROM sales');

  describeSetup(
    'sale recording',
    `${benchBackend === 'sqlite' ? 'one file database (server pragmas' : 'one PostgreSQL database (throwaway cluster, fsync off'}, all migrations: indexes + fee-ledger and rollup triggers); per sale 1 sale row, ` +
      `2 lines, 1 payment attempt, one transaction each; ours = sales.insert + payments.insert + sales.update ` +
      `(captured) + payments.update, bare = 3 prepared INSERTs of the final rows (4 statements); ${setup.warmUp} warm-up sales ` +
      `per side, then ${setup.runs} alternating runs of ${setup.salesPerRun} sales per side (${rows} sales in ` +
      `the table at the end); ratio = median of per-run rate(ours)/rate(bare)`,
  );
  reportContext('recording.ours_per_s', median(rates.ours), 'sales/s');
  reportContext('recording.bare_insert_per_s', median(rates.bare), 'sales/s');
  reportFigure('recording.ratio_vs_bare_insert', median(ratios), 'ratio', '>=', 0.5);
} finally {
  await close();
}
