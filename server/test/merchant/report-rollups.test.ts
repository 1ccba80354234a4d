// The merchant summary's rollups per location and local day (migration 0013) and local month (0014), on
// both backends: after any sequence of sales (captured, authorised, canceled), captures, Stripe fee
// updates, refunds and refund failures, cash tenders and voids, interleaved with reports that store the
// days and months they build, the summary read through the rollups equals the summary computed from the
// raw rows, and every stored day and month equals its raw computation. Also: a month is stored only once
// it is over in every location's zone, and a location's new time zone drops its days and months.
import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { openPostgresDatabase } from '../../src/db/postgres/open.ts';
import type { Location } from '../../src/db/repositories/locations.repo.ts';
import { openSqliteDatabase } from '../../src/db/sqlite/open.ts';
import { addDays, type LocalDateRange, listLocalDates } from '../../src/domain/local-day.ts';
import { accumulateSummary, finishSummary, type SummaryAccumulator } from '../../src/domain/sales-summary.ts';
import { parseSummaryAccumulator, serializeSummaryAccumulator } from '../../src/domain/summary-body.ts';
import type { Logger } from '../../src/runtime.ts';
import type { MerchantViewer } from '../../src/services/merchant-access.ts';
import { createReportScope, type ReportScope } from '../../src/services/reports/scope.ts';
import { createPostgresDatabase, TEST_BACKENDS, type TestBackend } from '../support/databases.ts';
import { failOnLog } from '../support/logs.ts';

const MINUTE_MS = 60_000;
// The window holds the whole of March 2026 (New York's spring-forward day is in it) and the month edges on
// either side, where New York's and Kolkata's local months begin 9.5 hours apart.
const T0 = Date.UTC(2026, 1, 26, 0, 0);
const SPAN_MINUTES = 37 * 24 * 60;
const FIRST_DAY = '2026-02-25';
const LAST_DAY = '2026-04-05';
const ALL_DAYS = listLocalDates({ from: FIRST_DAY, to: LAST_DAY });
const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const MINUTES_TO = (atMs: number) => (atMs - T0) / MINUTE_MS;
/** The first minute of April in New York (04:00 UTC) and in Kolkata (31 March, 18:30 UTC). */
const MARCH_END_NY_MINUTE = MINUTES_TO(Date.UTC(2026, 3, 1, 4, 0));
const MARCH_END_IN_MINUTE = MINUTES_TO(Date.UTC(2026, 2, 31, 18, 30));
const NOW_MS = Date.UTC(2026, 3, 20);

interface Harness {
  database: Database;
  exec(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

async function openHarness(backend: TestBackend): Promise<Harness> {
  if (backend === 'sqlite') {
    const { database, handle } = openSqliteDatabase(':memory:');
    return {
      database,
      exec: async (sql, params = []) => {
        handle.prepare(sql).run(...params);
      },
      close: () => database.close(),
    };
  }
  const url = await createPostgresDatabase();
  const { database } = await openPostgresDatabase(url, { poolSize: 3 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    database,
    exec: async (sql, params = []) => {
      let n = 0;
      await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
    },
    close: async () => {
      await client.end();
      await database.close();
    },
  };
}

const LOCATIONS = [
  { id: 'loc_ny', timeZone: 'America/New_York', register: 'reg_ny', shift: 'shf_ny' },
  { id: 'loc_in', timeZone: 'Asia/Kolkata', register: 'reg_in', shift: 'shf_in' },
] as const;

async function seed(h: Harness): Promise<void> {
  await h.exec(
    `INSERT INTO accounts (id, stripe_account_id, business_name, country, currency, charge_type, created_at_ms, updated_at_ms)
     VALUES ('acc_a', 'acct_a', 'A', 'US', 'usd', 'direct', 0, 0)`,
  );
  await h.exec(
    `INSERT INTO staff (id, account_id, display_name, role, pin_hash, pin_salt, created_at_ms)
     VALUES ('stf_a', 'acc_a', 'S', 'staff', 'x', 'x', 0)`,
  );
  for (const location of LOCATIONS) {
    await h.exec(
      'INSERT INTO locations (id, account_id, name, time_zone, created_at_ms) VALUES (?, ?, ?, ?, 0)',
      [location.id, 'acc_a', location.id, location.timeZone],
    );
    await h.exec(
      'INSERT INTO registers (id, code, name, location_id, created_at_ms) VALUES (?, ?, ?, ?, 0)',
      [location.register, location.register, 'R', location.id],
    );
    await h.exec(
      `INSERT INTO drawer_shifts (id, account_id, location_id, register_id, opened_by_staff_id, opened_at_ms,
         opening_float_minor) VALUES (?, 'acc_a', ?, ?, 'stf_a', 0, 0)`,
      [location.shift, location.id, location.register],
    );
  }
}

type Op =
  | {
      kind: 'sale';
      location: 0 | 1;
      minute: number;
      status: string;
      lines: number[];
      tip: number;
      cash: boolean;
    }
  | { kind: 'capture'; pick: number }
  | { kind: 'stripeFee'; pick: number; fee: number }
  | { kind: 'refund'; pick: number; amount: number; laterMinutes: number; status: string }
  | { kind: 'failRefund'; pick: number }
  | { kind: 'void'; pick: number }
  | { kind: 'report'; from: number; days: number; withMarch: boolean };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('sale' as const),
      location: fc.constantFrom(0 as const, 1 as const),
      minute: fc.integer({ min: 0, max: SPAN_MINUTES }),
      status: fc.constantFrom('succeeded', 'requires_capture', 'canceled'),
      lines: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 3 }),
      tip: fc.integer({ min: 0, max: 300 }),
      cash: fc.boolean(),
    }),
  },
  fc.record({ kind: fc.constant('capture' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('stripeFee' as const),
    pick: fc.nat(),
    fee: fc.integer({ min: 0, max: 200 }),
  }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      pick: fc.nat(),
      amount: fc.integer({ min: 1, max: 1000 }),
      laterMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
      status: fc.constantFrom('succeeded', 'pending', 'failed'),
    }),
  },
  fc.record({ kind: fc.constant('failRefund' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      // Often from a month's first day (1 March, 1 April): a month to date, later extended.
      from: fc.oneof(
        fc.integer({ min: 0, max: ALL_DAYS.length - 1 }),
        fc.constantFrom(ALL_DAYS.indexOf('2026-03-01'), ALL_DAYS.indexOf('2026-04-01')),
      ),
      days: fc.integer({ min: 1, max: 10 }),
      // The range stretched to hold the whole of March (read through the month rollups).
      withMarch: fc.boolean(),
    }),
  },
);

interface SaleState {
  id: string;
  atMs: number;
  status: string;
  total: number;
  cash: boolean;
  location: (typeof LOCATIONS)[number];
}

const viewer = { account: { id: 'acc_a', currency: 'usd' } } as unknown as MerchantViewer;
const locations = LOCATIONS.map((location) => ({
  id: location.id,
  timeZone: location.timeZone,
})) as Location[];
const zones = Object.fromEntries(LOCATIONS.map((location) => [location.id, location.timeZone]));

/** The summary of `range` computed from the raw rows (sales and refunds), never from a rollup. */
async function rawSummary(scope: ReportScope, range: LocalDateRange) {
  const rows = await scope.rows(viewer, locations, scope.windowOf(range, locations));
  const raw = accumulateSummary({
    range,
    timeZoneByLocation: zones,
    sales: rows.sales,
    refunds: rows.refunds,
  });
  return finishSummary(range, zones, raw);
}

const scopeOver = (database: Database, nowMs = NOW_MS, log: Logger = failOnLog) =>
  createReportScope({ database, clock: { nowMs: () => nowMs } as never, log });

async function bothWays(database: Database, range: LocalDateRange, nowMs = NOW_MS) {
  const scope = scopeOver(database, nowMs);
  const [merged] = (await scope.accumulatorsOfRanges(viewer, locations, [range])) as [SummaryAccumulator];
  return { viaRollups: finishSummary(range, zones, merged), raw: await rawSummary(scope, range) };
}

/**
 * Dates that are not consecutive (a daily summary's day and last week's) read together: each date's
 * accumulator equals that day's raw computation (the missing days are built from one read per run).
 */
async function scatteredDaysBothWays(database: Database, dates: readonly string[]) {
  const scope = scopeOver(database);
  const ranges = dates.map((date) => ({ from: date, to: date }));
  const accumulators = await scope.accumulatorsOfRanges(viewer, locations, ranges);
  for (const [index, range] of ranges.entries()) {
    expect(finishSummary(range, zones, accumulators[index] ?? new Map())).toEqual(
      await rawSummary(scope, range),
    );
  }
}

/** Every stored day and month equals the raw computation of that location's day or month. */
async function expectStoredRollupsExact(database: Database): Promise<{ days: string[]; months: string[] }> {
  const ids = LOCATIONS.map((location) => location.id);
  const days = await database.repos.reportRollups.daysOf(ids, ALL_DAYS);
  const months = await database.repos.reportRollups.monthsOf(ids, ['2026-02', '2026-03', '2026-04']);
  const stored = [
    ...days.map((day) => ({ ...day, range: { from: day.localDay, to: day.localDay } })),
    ...months.map((month) => ({ ...month, range: { from: `${month.localMonth}-01`, to: month.throughDay } })),
  ];
  const scope = scopeOver(database);
  for (const day of stored) {
    const location = locations.find((candidate) => candidate.id === day.locationId) as Location;
    const range = day.range;
    const rows = await scope.rows(viewer, [location], scope.windowOf(range, [location]));
    const raw = accumulateSummary({
      range,
      timeZoneByLocation: { [location.id]: location.timeZone },
      sales: rows.sales,
      refunds: rows.refunds,
    });
    expect(parseSummaryAccumulator(day.body)).not.toBeNull();
    expect(parseSummaryAccumulator(day.body)).toEqual(
      parseSummaryAccumulator(serializeSummaryAccumulator(raw)),
    );
  }
  return {
    days: days.map((day) => `${day.locationId} ${day.localDay}`).sort(),
    months: months.map((month) => `${month.locationId} ${month.localMonth} ${month.throughDay}`).sort(),
  };
}

async function apply(
  h: Harness,
  sales: SaleState[],
  op: Op,
  index: number,
  refunds: string[],
): Promise<void> {
  const pickSale = (pick: number, filter: (sale: SaleState) => boolean) => {
    const candidates = sales.filter(filter);
    return candidates.length === 0 ? undefined : candidates[pick % candidates.length];
  };
  switch (op.kind) {
    case 'sale': {
      const location = LOCATIONS[op.location];
      const id = `sale_${index}`;
      const subtotal = op.lines.reduce((sum, amount) => sum + amount, 0);
      const tip = op.cash ? 0 : op.tip;
      const status = op.cash ? 'succeeded' : op.status;
      const atMs = T0 + op.minute * MINUTE_MS;
      const captured = status === 'succeeded';
      await h.exec(
        `INSERT INTO sales (id, account_id, location_id, register_id, staff_id, client_sale_id, status, currency,
           subtotal_minor, tip_minor, total_minor, application_fee_minor, payment_intent_id, charge_id, card_brand,
           read_method, created_at_ms, updated_at_ms, captured_at_ms)
         VALUES (?, 'acc_a', ?, ?, 'stf_a', ?, ?, 'usd', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          location.id,
          location.register,
          id,
          status,
          subtotal,
          tip,
          subtotal + tip,
          op.cash ? 0 : 25,
          op.cash ? null : `pi_${index}`,
          op.cash || !captured ? null : `ch_${index}`,
          op.cash ? null : index % 2 === 0 ? 'visa' : 'mastercard',
          op.cash ? null : 'contactless_emv',
          atMs,
          atMs,
          captured ? atMs : null,
        ],
      );
      for (const [position, amount] of op.lines.entries()) {
        await h.exec(
          `INSERT INTO sale_lines (sale_id, position, product_id, description, quantity, unit_price_minor, amount_minor)
           VALUES (?, ?, NULL, ?, 1, ?, ?)`,
          [id, position, `item ${amount % 3}`, amount, amount],
        );
      }
      if (op.cash) {
        await h.exec(
          `INSERT INTO sale_tenders (id, sale_id, tender_key, position, method, amount_minor, status, tendered_minor,
             change_minor, shift_id, staff_id, created_at_ms, updated_at_ms)
           VALUES (?, ?, ?, 0, 'cash', ?, 'paid', ?, 0, ?, 'stf_a', ?, ?)`,
          [`tnd_${index}`, id, `tnd_${index}`, subtotal, subtotal, location.shift, atMs, atMs],
        );
      }
      sales.push({ id, atMs, status, total: subtotal + tip, cash: op.cash, location });
      return;
    }
    case 'capture': {
      const sale = pickSale(op.pick, (candidate) => candidate.status === 'requires_capture');
      if (!sale) return;
      await h.exec(`UPDATE sales SET status = 'succeeded', charge_id = ?, captured_at_ms = ? WHERE id = ?`, [
        `ch_${sale.id}`,
        sale.atMs,
        sale.id,
      ]);
      sale.status = 'succeeded';
      return;
    }
    case 'stripeFee': {
      const sale = pickSale(op.pick, (candidate) => candidate.status === 'succeeded' && !candidate.cash);
      if (!sale) return;
      await h.exec('UPDATE sales SET stripe_fee_minor = ? WHERE id = ?', [op.fee, sale.id]);
      return;
    }
    case 'refund': {
      const sale = pickSale(op.pick, (candidate) => candidate.status === 'succeeded');
      if (!sale) return;
      const id = `re_${index}`;
      await h.exec(
        `INSERT INTO refunds (id, sale_id, amount_minor, status, created_at_ms, application_fee_refunded_minor, method)
         VALUES (?, ?, ?, ?, ?, 0, ?)`,
        [
          id,
          sale.id,
          Math.min(op.amount, sale.total),
          op.status,
          sale.atMs + op.laterMinutes * MINUTE_MS,
          sale.cash ? 'cash' : 'card',
        ],
      );
      refunds.push(id);
      return;
    }
    case 'failRefund': {
      const id = refunds[op.pick % Math.max(1, refunds.length)];
      if (id !== undefined) await h.exec(`UPDATE refunds SET status = 'failed' WHERE id = ?`, [id]);
      return;
    }
    case 'void': {
      const sale = pickSale(op.pick, (candidate) => candidate.cash && candidate.status === 'succeeded');
      if (!sale) return;
      await h.exec(`UPDATE sale_tenders SET status = 'voided' WHERE sale_id = ?`, [sale.id]);
      await h.exec(`UPDATE sales SET status = 'canceled' WHERE id = ?`, [sale.id]);
      sale.status = 'canceled';
      return;
    }
    case 'report': {
      const from = addDays(FIRST_DAY, op.from);
      let range = { from, to: addDays(from, op.days - 1) };
      if (op.withMarch) {
        range = {
          from: [range.from, MARCH.from].sort()[0] ?? MARCH.from,
          to: [range.to, MARCH.to].sort()[1] ?? MARCH.to,
        };
      }
      const { viaRollups, raw } = await bothWays(h.database, range);
      expect(viaRollups).toEqual(raw);
      await scatteredDaysBothWays(h.database, [addDays(from, op.days + 1), from]);
      return;
    }
  }
}

describe.each(TEST_BACKENDS)('report rollups (%s)', (backend) => {
  it('equal the raw computation after any sequence of sales, refunds, cash tenders and voids', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary, { minLength: 1, maxLength: 40 }), async (ops) => {
        const h = await openHarness(backend);
        try {
          await seed(h);
          const sales: SaleState[] = [];
          const refunds: string[] = [];
          for (const [index, op] of ops.entries()) await apply(h, sales, op, index, refunds);
          const whole = { from: FIRST_DAY, to: LAST_DAY };
          const first = await bothWays(h.database, whole);
          expect(first.viaRollups).toEqual(first.raw);
          // The second read comes from the stored months and days only.
          const second = await bothWays(h.database, whole);
          expect(second.viaRollups).toEqual(second.raw);
          const stored = await expectStoredRollupsExact(h.database);
          // March whole and April to the 5th or later (a report may have read further) per location; every
          // day before March stored (the days of March and April are stored when their month row is built).
          expect(
            stored.months.map((month) => month.replace(/ 2026-04-(0[6-9]|1\d)$/, ' 2026-04-05')),
          ).toStrictEqual(
            LOCATIONS.flatMap((location) => [
              `${location.id} 2026-03 2026-03-31`,
              `${location.id} 2026-04 2026-04-05`,
            ]).sort(),
          );
          const beforeMarch = ALL_DAYS.filter((date) => date < MARCH.from);
          expect(stored.days.filter((day) => day < `${day.split(' ')[0]} 2026-03-01`)).toStrictEqual(
            LOCATIONS.flatMap((location) => beforeMarch.map((date) => `${location.id} ${date}`)).sort(),
          );
        } finally {
          await h.close();
        }
      }),
      {
        numRuns: backend === 'sqlite' ? 60 : 10,
        // A stored day and month changed by each kind of write after they were stored (sales on 12 March).
        examples: [
          [
            [
              {
                kind: 'sale',
                location: 0,
                minute: 15 * 24 * 60 + 600,
                status: 'requires_capture',
                lines: [900],
                tip: 10,
                cash: false,
              },
              {
                kind: 'sale',
                location: 1,
                minute: 15 * 24 * 60 + 700,
                status: 'succeeded',
                lines: [400, 50],
                tip: 0,
                cash: true,
              },
              { kind: 'report', from: 0, days: 8, withMarch: true },
              { kind: 'capture', pick: 0 },
              { kind: 'report', from: 0, days: 8, withMarch: true },
              { kind: 'stripeFee', pick: 0, fee: 30 },
              { kind: 'report', from: 0, days: 8, withMarch: true },
              { kind: 'refund', pick: 0, amount: 100, laterMinutes: 0, status: 'succeeded' },
              { kind: 'report', from: 0, days: 8, withMarch: true },
              { kind: 'failRefund', pick: 0 },
              { kind: 'report', from: 0, days: 8, withMarch: true },
              { kind: 'void', pick: 0 },
            ],
          ],
          // March to the 8th stored, then a sale on the 9th (outside it): the next read extends the row by
          // the days after the 8th.
          [
            [
              { kind: 'report', from: 4, days: 8, withMarch: false },
              {
                kind: 'sale',
                location: 0,
                minute: MINUTES_TO(Date.UTC(2026, 2, 9, 16, 0)),
                status: 'succeeded',
                lines: [1200],
                tip: 0,
                cash: false,
              },
              { kind: 'report', from: 4, days: 12, withMarch: false },
            ],
          ],
          // Sales on the month edge: 23:30 on 31 March in New York (1 April, 03:30 UTC), the last and the
          // first minute of the month in Kolkata; a refund in April of a March sale.
          [
            [
              { kind: 'report', from: 0, days: 1, withMarch: true },
              {
                kind: 'sale',
                location: 0,
                minute: MARCH_END_NY_MINUTE - 30,
                status: 'succeeded',
                lines: [700],
                tip: 0,
                cash: false,
              },
              { kind: 'report', from: 0, days: 1, withMarch: true },
              {
                kind: 'sale',
                location: 1,
                minute: MARCH_END_IN_MINUTE - 1,
                status: 'succeeded',
                lines: [300],
                tip: 5,
                cash: false,
              },
              {
                kind: 'sale',
                location: 1,
                minute: MARCH_END_IN_MINUTE,
                status: 'succeeded',
                lines: [200],
                tip: 0,
                cash: true,
              },
              { kind: 'report', from: 30, days: 10, withMarch: true },
              { kind: 'refund', pick: 0, amount: 50, laterMinutes: 60, status: 'succeeded' },
              { kind: 'report', from: 0, days: 1, withMarch: true },
            ],
          ],
        ],
      },
    );
  }, 180_000);

  it('answers from the raw rows and logs a warning when the rollups cannot be stored', async () => {
    const h = await openHarness(backend);
    try {
      await seed(h);
      await apply(
        h,
        [],
        { kind: 'sale', location: 0, minute: 30, status: 'succeeded', lines: [500], tip: 0, cash: false },
        0,
        [],
      );
      const diskFull: Database = {
        ...h.database,
        transaction: () => Promise.reject(new Error('database or disk is full')),
      };
      const warnings: string[] = [];
      const scope = scopeOver(diskFull, NOW_MS, (line, level) => warnings.push(`${level} ${line}`));
      const [march] = await scope.accumulatorsOfRanges(viewer, locations, [MARCH]);
      expect(finishSummary(MARCH, zones, march ?? new Map())).toEqual(await rawSummary(scope, MARCH));
      expect(warnings).toStrictEqual([
        // March's 31 days in each location are built first, then its months from them.
        expect.stringMatching(/^warn reports: 62 day rollups not stored .*database or disk is full$/),
        expect.stringMatching(/^warn reports: 2 month rollups not stored .*database or disk is full$/),
      ]);
      const ids = ['loc_ny', 'loc_in'];
      expect(await h.database.repos.reportRollups.monthsOf(ids, ['2026-03'])).toStrictEqual([]);
      expect(await h.database.repos.reportRollups.daysOf(ids, ALL_DAYS)).toStrictEqual([]);
    } finally {
      await h.close();
    }
  });

  it("drops a location's days and months when its time zone changes", async () => {
    const h = await openHarness(backend);
    try {
      await seed(h);
      const sales: SaleState[] = [];
      await apply(
        h,
        sales,
        { kind: 'sale', location: 0, minute: 30, status: 'succeeded', lines: [500], tip: 0, cash: false },
        0,
        [],
      );
      await bothWays(h.database, { from: FIRST_DAY, to: LAST_DAY });
      const ids = ['loc_ny', 'loc_in'];
      const before = await h.database.repos.reportRollups.daysOf(ids, ALL_DAYS);
      expect(before.filter((day) => day.locationId === 'loc_ny')).toHaveLength(ALL_DAYS.length);
      expect(await h.database.repos.reportRollups.monthsOf(ids, ['2026-03'])).toHaveLength(2);
      await h.exec(`UPDATE locations SET time_zone = 'Europe/London' WHERE id = 'loc_ny'`);
      const after = await h.database.repos.reportRollups.daysOf(ids, ALL_DAYS);
      expect(after.map((day) => day.locationId)).not.toContain('loc_ny');
      expect(after).toHaveLength(ALL_DAYS.length);
      expect(
        (await h.database.repos.reportRollups.monthsOf(ids, ['2026-03'])).map((month) => month.locationId),
      ).toStrictEqual(['loc_in']);
    } finally {
      await h.close();
    }
  });

  it("stores a month to date through the last day over in each location's zone, and extends it", async () => {
    const h = await openHarness(backend);
    try {
      await seed(h);
      const sales: SaleState[] = [];
      // The last minute of March in each location.
      const lastMinutes = [MARCH_END_NY_MINUTE - 1, MARCH_END_IN_MINUTE - 1] as const;
      for (const [location, minute] of lastMinutes.entries()) {
        await apply(
          h,
          sales,
          {
            kind: 'sale',
            location: location as 0 | 1,
            minute,
            status: 'succeeded',
            lines: [500],
            tip: 0,
            cash: false,
          },
          location,
          [],
        );
      }
      const marchRows = async () =>
        (await h.database.repos.reportRollups.monthsOf(['loc_ny', 'loc_in'], ['2026-03']))
          .map((month) => `${month.locationId} ${month.throughDay}`)
          .sort();
      // March is over in Kolkata (18:30 UTC on the 31st) but not yet in New York (04:00 UTC on 1 April):
      // New York's month row holds March to the 30th, its 31st comes from the raw rows.
      const between = Date.UTC(2026, 3, 1, 3, 59);
      const early = await bothWays(h.database, MARCH, between);
      expect(early.viaRollups).toEqual(early.raw);
      expect(early.raw.currencies[0]?.figures.salesCount).toBe(2);
      expect(await marchRows()).toStrictEqual(['loc_in 2026-03-31', 'loc_ny 2026-03-30']);
      await expectStoredRollupsExact(h.database);
      // Once the 31st is over in New York too, its row is extended by that day.
      const late = await bothWays(h.database, MARCH, Date.UTC(2026, 3, 1, 4, 0));
      expect(late.viaRollups).toEqual(late.raw);
      expect(await marchRows()).toStrictEqual(['loc_in 2026-03-31', 'loc_ny 2026-03-31']);
      await expectStoredRollupsExact(h.database);
    } finally {
      await h.close();
    }
  });
});
