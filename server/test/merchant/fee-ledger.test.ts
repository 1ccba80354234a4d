// The application fee ledger and its daily rollups (migration 0006): kept by triggers in the same
// transaction as the sales and refunds they mirror, they must always equal what a computation over the raw
// rows gives — after inserts, captures, fee changes, refunds and refund status changes, in any order (a
// property-based run over random operation sequences), after Stripe's fee objects are synced in, and when
// 0006 backfills an existing database. Also: refunds.location_id is copied from the sale.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeeLedgerRepo } from '../../src/db/repositories/fee-ledger.repo.ts';
import { loadMigrations, MIGRATIONS_DIR, migrate } from '../../src/db/sqlite/migrate.ts';
import { type Db, openDatabase, openSqliteDatabase } from '../../src/db/sqlite/open.ts';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2026, 2, 7, 22, 0);
const CAPTURED = ['succeeded', 'partially_refunded', 'refunded'];

function seeded(db: Db): void {
  db.exec(`
    INSERT INTO accounts (id, stripe_account_id, business_name, country, currency, charge_type, created_at_ms, updated_at_ms)
    VALUES ('acc_a', 'acct_a', 'A', 'US', 'usd', 'direct', 0, 0), ('acc_b', 'acct_b', 'B', 'GB', 'gbp', 'direct', 0, 0);
    INSERT INTO locations (id, account_id, name, time_zone, created_at_ms)
    VALUES ('loc_a', 'acc_a', 'A1', 'America/New_York', 0), ('loc_b', 'acc_b', 'B1', 'Europe/London', 0);
    INSERT INTO registers (id, code, name, location_id, created_at_ms)
    VALUES ('reg_a', 'RA', 'R', 'loc_a', 0), ('reg_b', 'RB', 'R', 'loc_b', 0);
    INSERT INTO staff (id, account_id, display_name, role, pin_hash, pin_salt, created_at_ms)
    VALUES ('stf_a', 'acc_a', 'S', 'staff', 'x', 'x', 0), ('stf_b', 'acc_b', 'S', 'staff', 'x', 'x', 0);
  `);
}

/** A migrated, seeded in-memory database: its SQLite handle (raw rows) and the fee ledger repository over it. */
function freshDb(): { db: Db; repo: FeeLedgerRepo; close: () => Promise<void> } {
  const { database, handle } = openSqliteDatabase(':memory:');
  seeded(handle);
  return { db: handle, repo: database.repos.feeLedger, close: () => database.close() };
}

function insertSale(
  db: Db,
  sale: { id: string; account: 'a' | 'b'; status: string; feeMinor: number; atMs: number; chargeId?: string },
) {
  const captured = CAPTURED.includes(sale.status);
  db.prepare(
    `INSERT INTO sales (id, account_id, location_id, register_id, staff_id, client_sale_id, status, currency,
       subtotal_minor, total_minor, application_fee_minor, charge_id, created_at_ms, updated_at_ms, captured_at_ms)
     VALUES (@id, @account, @location, @register, @staff, @id, @status, @currency, 1000, 1000, @feeMinor, @chargeId,
       @atMs, @atMs, @capturedAtMs)`,
  ).run({
    id: sale.id,
    account: `acc_${sale.account}`,
    location: `loc_${sale.account}`,
    register: `reg_${sale.account}`,
    staff: `stf_${sale.account}`,
    status: sale.status,
    currency: sale.account === 'a' ? 'usd' : 'gbp',
    feeMinor: sale.feeMinor,
    chargeId: sale.chargeId ?? null,
    atMs: sale.atMs,
    capturedAtMs: captured ? sale.atMs : null,
  });
}

function capture(db: Db, saleId: string, chargeId: string, atMs: number): void {
  db.prepare(
    `UPDATE sales SET status = 'succeeded', charge_id = ?, captured_at_ms = ?, updated_at_ms = ? WHERE id = ?`,
  ).run(chargeId, atMs, atMs, saleId);
}

function insertRefund(
  db: Db,
  refund: { id: string; saleId: string; feeRefundedMinor: number; status: string; atMs: number },
): void {
  db.prepare(
    `INSERT INTO refunds (id, sale_id, amount_minor, status, created_at_ms, application_fee_refunded_minor)
     VALUES (?, ?, 100, ?, ?, ?)`,
  ).run(refund.id, refund.saleId, refund.status, refund.atMs, refund.feeRefundedMinor);
}

interface LedgerRow {
  charge_id: string;
  sale_id: string | null;
  recorded_fee_minor: number | null;
  recorded_refunded_minor: number;
}

/** The ledger's recorded side as the raw rows say it should be. */
function expectedRecordedSide(db: Db): LedgerRow[] {
  return db
    .prepare<[], LedgerRow>(
      `SELECT s.charge_id, s.id AS sale_id, s.application_fee_minor AS recorded_fee_minor,
         coalesce((SELECT sum(r.application_fee_refunded_minor) FROM refunds r
                   WHERE r.sale_id = s.id AND r.status IN ('pending', 'succeeded')), 0) AS recorded_refunded_minor
       FROM sales s WHERE s.charge_id IS NOT NULL AND s.status IN ('succeeded', 'partially_refunded', 'refunded')
       ORDER BY s.charge_id`,
    )
    .all();
}

function ledgerRecordedSide(db: Db): LedgerRow[] {
  return db
    .prepare<[], LedgerRow>(
      `SELECT charge_id, sale_id, recorded_fee_minor, recorded_refunded_minor FROM application_fee_ledger
       WHERE sale_id IS NOT NULL ORDER BY charge_id`,
    )
    .all();
}

/** The rollups as a GROUP BY over the ledger computes them, and as the triggers kept them. */
function rollupsBothWays(db: Db) {
  const raw = db
    .prepare(
      `SELECT created_at_ms / 86400000 AS utc_day, stripe_account_id, currency, count(*) AS fees_count,
         sum(fee_minor) AS collected_minor, sum(refunded_minor) AS refunded_minor
       FROM application_fee_ledger WHERE counted = 1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all();
  const kept = db
    .prepare(
      `SELECT utc_day, stripe_account_id, currency, fees_count, collected_minor, refunded_minor
       FROM fee_rollups_daily WHERE fees_count <> 0 ORDER BY 1, 2, 3`,
    )
    .all();
  const leftovers = db
    .prepare<[], { n: number }>(
      'SELECT count(*) AS n FROM fee_rollups_daily WHERE fees_count = 0 AND (collected_minor <> 0 OR refunded_minor <> 0)',
    )
    .get()?.n;
  return { raw, kept, leftovers };
}

function expectConsistent(db: Db): void {
  expect(ledgerRecordedSide(db)).toEqual(expectedRecordedSide(db));
  const { raw, kept, leftovers } = rollupsBothWays(db);
  expect(kept).toEqual(raw);
  expect(leftovers).toBe(0);
}

describe('application fee ledger', () => {
  it('enters a sale when it is captured and follows its refunds and their status', () => {
    const { db } = freshDb();
    insertSale(db, { id: 's1', account: 'a', status: 'open', feeMinor: 30, atMs: T0 });
    expect(ledgerRecordedSide(db)).toEqual([]);
    capture(db, 's1', 'ch_1', T0 + 5_000);
    insertSale(db, { id: 's2', account: 'b', status: 'succeeded', feeMinor: 0, atMs: T0, chargeId: 'ch_2' });
    insertSale(db, { id: 's3', account: 'a', status: 'payment_failed', feeMinor: 45, atMs: T0 });
    expectConsistent(db);
    // A fee of 0 is in the ledger (for the mismatch check) but counts as no fee.
    expect(db.prepare('SELECT utc_day, fees_count, collected_minor FROM fee_rollups_daily').all()).toEqual([
      { utc_day: Math.floor((T0 + 5_000) / DAY_MS), fees_count: 1, collected_minor: 30 },
    ]);

    insertRefund(db, { id: 'r1', saleId: 's1', feeRefundedMinor: 10, status: 'pending', atMs: T0 + DAY_MS });
    expect(db.prepare('SELECT refunded_minor FROM fee_rollups_daily').get()).toEqual({ refunded_minor: 10 });
    db.prepare("UPDATE refunds SET status = 'failed' WHERE id = 'r1'").run();
    expect(db.prepare('SELECT refunded_minor FROM fee_rollups_daily').get()).toEqual({ refunded_minor: 0 });
    insertRefund(db, {
      id: 'r2',
      saleId: 's1',
      feeRefundedMinor: 30,
      status: 'succeeded',
      atMs: T0 + DAY_MS,
    });
    db.prepare("UPDATE sales SET status = 'refunded' WHERE id = 's1'").run();
    expectConsistent(db);
    expect(db.prepare('SELECT collected_minor, refunded_minor FROM fee_rollups_daily').get()).toEqual({
      collected_minor: 30,
      refunded_minor: 30,
    });
  });

  it('copies the sale location onto each refund', () => {
    const { db } = freshDb();
    insertSale(db, { id: 's1', account: 'b', status: 'succeeded', feeMinor: 5, atMs: T0, chargeId: 'ch_1' });
    insertRefund(db, { id: 'r1', saleId: 's1', feeRefundedMinor: 0, status: 'pending', atMs: T0 });
    expect(db.prepare("SELECT location_id FROM refunds WHERE id = 'r1'").get()).toEqual({
      location_id: 'loc_b',
    });
  });

  it('takes Stripe figures once synced, adds fees no sale recorded, and lists mismatched sales', async () => {
    const { db, repo } = freshDb();
    insertSale(db, { id: 's1', account: 'a', status: 'succeeded', feeMinor: 30, atMs: T0, chargeId: 'ch_1' });
    insertSale(db, { id: 's2', account: 'a', status: 'succeeded', feeMinor: 20, atMs: T0, chargeId: 'ch_2' });
    insertSale(db, { id: 's3', account: 'a', status: 'succeeded', feeMinor: 0, atMs: T0, chargeId: 'ch_3' });
    // Before any sync every recorded fee is unconfirmed by Stripe.
    expect((await repo.mismatchesSince(T0 - 1, null)).map((m) => m.saleId)).toEqual(['s1', 's2']);
    const fee = (id: string, chargeId: string, amountMinor: number, amountRefundedMinor = 0) => ({
      id,
      chargeId,
      stripeAccountId: 'acct_a',
      currency: 'usd',
      amountMinor,
      amountRefundedMinor,
      createdAtMs: T0 + 1_000,
    });
    await repo.recordStripeFees(
      [
        fee('fee_1', 'ch_1', 30, 12),
        fee('fee_2', 'ch_2', 25),
        fee('fee_3', 'ch_3', 7),
        fee('fee_9', 'ch_9', 40),
      ],
      { fromMs: T0 - DAY_MS, throughMs: T0 + 2_000 },
    );
    expect(await repo.syncState()).toEqual({ fromMs: T0 - DAY_MS, throughMs: T0 + 2_000 });
    expect(await repo.mismatchesSince(T0 - 1, null)).toEqual([
      { saleId: 's2', recordedFeeMinor: 20, stripeFeeMinor: 25 },
      { saleId: 's3', recordedFeeMinor: 0, stripeFeeMinor: 7 },
    ]);
    expect(await repo.mismatchesSince(T0 - 1, 'acct_b')).toEqual([]);
    expect(await repo.totalsSince(Math.floor(T0 / DAY_MS) * DAY_MS, null)).toEqual([
      {
        utcDay: Math.floor(T0 / DAY_MS),
        stripeAccountId: 'acct_a',
        currency: 'usd',
        feesCount: 4,
        collectedMinor: 30 + 25 + 7 + 40,
        refundedMinor: 12,
      },
    ]);
    // A refund recorded after the sync raises the refunded figure above Stripe's stale one.
    insertRefund(db, { id: 'r1', saleId: 's1', feeRefundedMinor: 30, status: 'succeeded', atMs: T0 + 5_000 });
    expect((await repo.totalsSince(T0 - 10, 'acct_a'))[0]?.refundedMinor).toBe(30);
    // A window starting mid-day reads that first day from the ledger rows: same figures.
    expect(await repo.totalsSince(T0 - 10, 'acct_a')).toEqual(
      await repo.totalsSince(Math.floor(T0 / DAY_MS) * DAY_MS, 'acct_a'),
    );
    expect(await repo.totalsSince(T0 + 1_001, null)).toEqual([]);
    expectConsistent(db);
  });

  it("matches a destination charge's fee to our sale by its originating platform charge", async () => {
    const { db, repo } = freshDb();
    insertSale(db, { id: 's1', account: 'a', status: 'succeeded', feeMinor: 30, atMs: T0, chargeId: 'ch_1' });
    await repo.recordStripeFees(
      [
        {
          id: 'fee_1',
          chargeId: 'py_1',
          originatingChargeId: 'ch_1',
          stripeAccountId: 'acct_a',
          currency: 'usd',
          amountMinor: 30,
          amountRefundedMinor: 0,
          createdAtMs: T0,
        },
      ],
      { fromMs: T0 - DAY_MS, throughMs: T0 + 1 },
    );
    expect(await repo.mismatchesSince(T0 - 1, null)).toEqual([]);
    expect((await repo.totalsSince(T0 - 1, null)).map((row) => [row.feesCount, row.collectedMinor])).toEqual([
      [1, 30],
    ]);
  });

  it('equals the raw computation after any sequence of sales, captures, fee changes, refunds and syncs', async () => {
    type Op =
      | { kind: 'sale'; account: 'a' | 'b'; fee: number; day: number; captured: boolean }
      | { kind: 'capture'; sale: number; day: number }
      | { kind: 'fee'; sale: number; fee: number }
      | { kind: 'refund'; sale: number; fee: number; status: 'pending' | 'succeeded' | 'failed' }
      | { kind: 'refundStatus'; refund: number; status: 'pending' | 'succeeded' | 'failed' | 'canceled' }
      | { kind: 'sync'; sale: number; amount: number; refunded: number; day: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('sale' as const),
          account: fc.constantFrom('a' as const, 'b' as const),
          fee: fc.integer({ min: 0, max: 500 }),
          day: fc.integer({ min: 0, max: 3 }),
          captured: fc.boolean(),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('capture' as const),
          sale: fc.nat(),
          day: fc.integer({ min: 0, max: 3 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('fee' as const),
          sale: fc.nat(),
          fee: fc.integer({ min: 0, max: 500 }),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('refund' as const),
          sale: fc.nat(),
          fee: fc.integer({ min: 1, max: 200 }),
          status: fc.constantFrom('pending' as const, 'succeeded' as const, 'failed' as const),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('refundStatus' as const),
          refund: fc.nat(),
          status: fc.constantFrom(
            'pending' as const,
            'succeeded' as const,
            'failed' as const,
            'canceled' as const,
          ),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('sync' as const),
          sale: fc.nat(),
          amount: fc.integer({ min: 0, max: 500 }),
          refunded: fc.integer({ min: 0, max: 500 }),
          day: fc.integer({ min: 0, max: 3 }),
        }),
      },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 50 }), async (ops) => {
        const { db, repo, close } = freshDb();
        const sales: { id: string; account: 'a' | 'b' }[] = [];
        const refunds: string[] = [];
        for (const [index, step] of ops.entries()) {
          const dayMs = (day: number) => T0 + day * DAY_MS + index * 60_000;
          if (step.kind === 'sale') {
            const id = `s${index}`;
            insertSale(db, {
              id,
              account: step.account,
              status: step.captured ? 'succeeded' : 'requires_capture',
              feeMinor: step.fee,
              atMs: dayMs(step.day),
              ...(step.captured ? { chargeId: `ch_${id}` } : {}),
            });
            sales.push({ id, account: step.account });
            continue;
          }
          if (step.kind === 'refundStatus') {
            const refund = refunds[step.refund % Math.max(1, refunds.length)];
            if (refund) db.prepare('UPDATE refunds SET status = ? WHERE id = ?').run(step.status, refund);
            continue;
          }
          const sale = sales[step.sale % Math.max(1, sales.length)];
          if (!sale) continue;
          if (step.kind === 'capture') capture(db, sale.id, `ch_${sale.id}`, dayMs(step.day));
          else if (step.kind === 'fee') {
            db.prepare('UPDATE sales SET application_fee_minor = ? WHERE id = ?').run(step.fee, sale.id);
          } else if (step.kind === 'refund') {
            const id = `r${index}`;
            insertRefund(db, {
              id,
              saleId: sale.id,
              feeRefundedMinor: step.fee,
              status: step.status,
              atMs: dayMs(1),
            });
            refunds.push(id);
          } else {
            await repo.recordStripeFees(
              [
                {
                  id: `fee_${sale.id}`,
                  chargeId: `ch_${sale.id}`,
                  stripeAccountId: `acct_${sale.account}`,
                  currency: sale.account === 'a' ? 'usd' : 'gbp',
                  amountMinor: step.amount,
                  amountRefundedMinor: step.refunded,
                  createdAtMs: dayMs(step.day),
                },
              ],
              { fromMs: T0 - DAY_MS, throughMs: dayMs(step.day) },
            );
          }
        }
        // Our side of every ledger row equals the raw rows; rollups equal the ledger grouped.
        const recorded = ledgerRecordedSide(db);
        const expected = expectedRecordedSide(db);
        const stripeOnly = db
          .prepare<[], { n: number }>(
            'SELECT count(*) AS n FROM application_fee_ledger WHERE sale_id IS NULL AND stripe_fee_id IS NULL',
          )
          .get()?.n;
        const { raw, kept, leftovers } = rollupsBothWays(db);
        await close();
        return (
          JSON.stringify(recorded) === JSON.stringify(expected) &&
          JSON.stringify(kept) === JSON.stringify(raw) &&
          leftovers === 0 &&
          stripeOnly === 0
        );
      }),
      { numRuns: 150 },
    );
    // 150 runs of up to dozens of writes, each statement prepared anew: the report rollups' triggers
    // (0013) make each prepare and write dearer, and the shared machine is slow.
  }, 180_000);

  it('backfills an existing database when 0006 is applied', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-0005-'));
    for (const migration of loadMigrations().filter((m) => m.version <= 5)) {
      copyFileSync(join(MIGRATIONS_DIR, migration.name), join(dir, migration.name));
    }
    const db = openDatabase(':memory:');
    migrate(db, dir);
    seeded(db);
    insertSale(db, { id: 's1', account: 'a', status: 'succeeded', feeMinor: 30, atMs: T0, chargeId: 'ch_1' });
    insertSale(db, {
      id: 's2',
      account: 'b',
      status: 'refunded',
      feeMinor: 9,
      atMs: T0 + DAY_MS,
      chargeId: 'ch_2',
    });
    insertSale(db, { id: 's3', account: 'b', status: 'canceled', feeMinor: 9, atMs: T0 });
    db.prepare(
      `INSERT INTO refunds (id, sale_id, amount_minor, status, created_at_ms, application_fee_refunded_minor)
       VALUES ('r1', 's2', 1000, 'succeeded', ?, 9)`,
    ).run(T0 + 2 * DAY_MS);
    migrate(db);
    expectConsistent(db);
    expect(db.prepare('SELECT count(*) AS n FROM fee_rollups_daily').get()).toEqual({ n: 2 });
    expect(db.prepare("SELECT location_id FROM refunds WHERE id = 'r1'").get()).toEqual({
      location_id: 'loc_b',
    });
  });
});
