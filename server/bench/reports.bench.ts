/**
 * Benchmark 4, reports at scale: a generated history of 10,000,000 sales across 1,000 merchants and 3,000
 * locations over two years (`--quick`: 1,000,000 across 100 / 300, same shape; see lib/scale-database.ts,
 * cached between runs), on SQLite or (`--backend postgres`) the same rows loaded into PostgreSQL with COPY
 * (lib/scale-postgres.ts). Measures the code paths behind the HTTP routes — the reports service's daily
 * summary, month summary and filtered sales list (`/api/merchant/...`) and the platform accounts service's
 * fees earned (`/api/platform/fees-earned`), each including the JSON the route would send — for random
 * merchants and days, median of several runs. Each figure's baseline computes the same answer without the
 * design: the same service over the same queries with the big tables read without an index and no stored
 * rollups (lib/report-stores.ts), and for fees earned an aggregate over all sales and refunds instead of the
 * fee ledger's rollups. Answers are checked equal, the two sides interleaved. The plan of every statement
 * the design ran is checked for full scans of sales, lines, tenders, refunds or the fee ledger.
 */
import { isDeepStrictEqual } from 'node:util';
import { type FeesEarnedResponse, orderFeesEarned, PERMISSIONS } from '@countertop/shared';
import { composeServices, type ServerConfig } from '../src/compose.ts';
import type { Database } from '../src/db/database.ts';
import type { Account } from '../src/db/repositories/accounts.repo.ts';
import { addDays, localDayOf } from '../src/domain/local-day.ts';
import { createManualClock, createSequentialIds } from '../src/runtime.ts';
import { MERCHANT_ACCESS_POLICY, type MerchantViewer } from '../src/services/merchant-access.ts';
import type { ConnectGateway } from '../src/stripe/connect.port.ts';
import { createEmulatorStripeClient, type StripeConnection } from '../src/stripe/connection.ts';
import type { ReportingGateway } from '../src/stripe/reporting.port.ts';
import {
  benchBackend,
  describeSetup,
  median,
  quickMode,
  reportContext,
  reportFigure,
} from './lib/figures.ts';
import { openReportStore } from './lib/report-stores.ts';
import { FULL_SHAPE, QUICK_SHAPE, scaleDatabase } from './lib/scale-database.ts';

const DAY_MS = 86_400_000;
const shape = quickMode ? QUICK_SHAPE : FULL_SHAPE;
const RUNS = quickMode ? 15 : 25;
const NAIVE_RUNS = quickMode ? 3 : 3;
const WARM_UP = 5;

/** Deterministic choices of merchants and days (the same on every run). */
let seed = 7;
function nextRandom(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
const pick = <T>(values: readonly T[]): T => values[Math.floor(nextRandom() * values.length)]!;

// ---------------------------------------------------------------------------------------------
// The database and the services, composed as the app composes them (minus Stripe: see the gateways below).

const generated = scaleDatabase(shape, (line) => console.log(`# ${line}`));
reportContext('reports.db_generation_time', generated.meta.generationMs / 1000, 's');
reportContext('reports.db_cached', generated.cached ? 1 : 0, 'bool');
describeSetup(
  'reports',
  `${generated.meta.counts.sales} sales (${generated.meta.counts.sale_lines} lines, ${generated.meta.counts.payment_attempts} attempts, ${generated.meta.counts.refunds} refunds) across ${shape.merchants} merchants and ${shape.locations} locations over 730 days; file ${generated.path} (${generated.cached ? 'cached' : 'generated now'}); random merchant and day per run, ${WARM_UP} warm-up, median of ${RUNS} runs (baseline: ${NAIVE_RUNS} runs), one process`,
);

const store = await openReportStore(benchBackend, generated, (line) => console.log(`# ${line}`));
describeSetup('reports.database', store.description);
const clock = createManualClock(generated.meta.endMs - 3_600_000);

/** Stripe is not reachable here. The stored Stripe fees are all known (the services make no call); calls are counted. */
let stripeCalls = 0;
const reporting = new Proxy({} as ReportingGateway, {
  get: (_target, property) => async () => {
    stripeCalls += 1;
    if (property === 'listBalanceTransactions') return [];
    throw new Error(`bench: unexpected Stripe call ${String(property)}`);
  },
});
/** The platform's Stripe calls (none expected: the reports only read the fee ledger); counted. */
const connect = new Proxy({} as ConnectGateway, {
  get: (_target, property) => async () => {
    stripeCalls += 1;
    throw new Error(`bench: unexpected Stripe call ${String(property)}`);
  },
});
/** A Stripe connection nothing answers on: only the stubbed ports above are ever called. */
const stripe: StripeConnection = {
  client: createEmulatorStripeClient('http://127.0.0.1:9'),
  mode: 'emulator',
  emulatorUrl: null,
  emulator: null,
  webhookSecrets: [],
  registerWebhookEndpoints: async () => {},
  close: async () => {},
};
const config: ServerConfig = {
  publicUrl: 'http://localhost',
  sessionTtlMinutes: 60,
  consoleIdleTimeoutMinutes: 30,
  trustProxy: false,
  secureCookies: false,
  e2eControls: false,
  staticRoot: null,
  recovery: { intervalMs: 0 },
  reconciliationHourUtc: null,
  mail: { smtpUrl: null, from: 'Countertop <bench@localhost>' },
};

/** The composed services over one side of the store. */
function servicesOver(database: Database) {
  const services = composeServices({
    config,
    database,
    stripe,
    clock,
    ids: createSequentialIds(),
    // What went wrong (a rollup that could not be stored would make every read a rebuild) shows in the output.
    log: (line, level) => {
      if (level === 'warn' || level === 'error') console.log(`# ${level}: ${line}`);
    },
    gateways: { reporting, connect },
  });
  return {
    repos: database.repos,
    reports: services.reports,
    feesEarned: services.feesEarned,
  };
}
const design = servicesOver(store.design);
const naive = servicesOver(store.naive);

const accounts: Account[] = await design.repos.accounts.list();
/** Each merchant's owner, as the console session resolves one. */
const owners = new Map<string, MerchantViewer>();
for (const account of accounts) {
  const locations = await design.repos.locations.listByAccount(account.id);
  owners.set(account.id, {
    kind: 'owner',
    policy: MERCHANT_ACCESS_POLICY.owner,
    account,
    seesWholeAccount: true,
    locations,
    permissions: new Set(PERMISSIONS),
    accountLocationCount: locations.length,
    label: 'Bench (owner)',
    name: 'Bench',
    staffId: null,
    userId: 'usr_bench',
  });
}
function ownerOf(accountId: string): MerchantViewer {
  return owners.get(accountId)!;
}

// ---------------------------------------------------------------------------------------------
// Measuring: both sides on the same inputs, interleaved; answers compared.

interface Case<T> {
  label: string;
  run: () => Promise<T> | T;
  baseline: () => Promise<T> | T;
}

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; json: string }> {
  const started = performance.now();
  const answer = await run();
  const json = JSON.stringify(answer); // what the route sends
  return { ms: performance.now() - started, json };
}

/**
 * `primed`: the case is run once untimed before it is timed (its time is `first_read_median`): reports
 * over rollups build a past location-day from the raw rows on its first read and read the stored row after
 * that, so the timed figure is the steady state of a day that was read before.
 */
async function measure<T>(
  name: string,
  target: number,
  makeCase: () => Case<T> | Promise<Case<T>>,
  options: { primed?: boolean } = {},
): Promise<void> {
  for (let i = 0; i < WARM_UP; i += 1) await timed((await makeCase()).run);
  const designMs: number[] = [];
  const firstMs: number[] = [];
  const naiveMs: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const current = await makeCase();
    if (options.primed) firstMs.push((await timed(current.run)).ms);
    const measured = await timed(current.run);
    designMs.push(measured.ms);
    sizes.push(measured.json.length);
    if (i < NAIVE_RUNS) {
      const baseline = await timed(current.baseline);
      naiveMs.push(baseline.ms);
      if (!isDeepStrictEqual(JSON.parse(baseline.json), JSON.parse(measured.json))) {
        throw new Error(`${name}: the baseline's answer differs from the design's for ${current.label}`);
      }
    }
  }
  const designMedian = median(designMs);
  reportFigure(`reports.${name}.median`, designMedian, 'ms', '<=', target);
  if (firstMs.length > 0) reportContext(`reports.${name}.first_read_median`, median(firstMs), 'ms');
  reportContext(`reports.${name}.full_scan_median`, median(naiveMs), 'ms');
  reportContext(`reports.${name}.speedup_vs_full_scan`, median(naiveMs) / designMedian, 'ratio');
  reportContext(`reports.${name}.response_median`, median(sizes) / 1024, 'KiB');
}

const firstDay = localDayOf(generated.meta.startMs + 8 * DAY_MS, 'UTC');
const lastDay = localDayOf(generated.meta.endMs - 2 * DAY_MS, 'UTC');
const dayCount = Math.round((Date.parse(lastDay) - Date.parse(firstDay)) / DAY_MS);
const randomDay = () => addDays(firstDay, Math.floor(nextRandom() * dayCount));

// 1. A merchant's daily summary (all figures and breakdowns, with last week's comparison), all locations.
describeSetup(
  'reports.daily_summary',
  'GET /api/merchant/reports/daily (reports.dailySummary), random merchant, random day',
);
await measure(
  'daily_summary',
  5,
  () => {
    const viewer = ownerOf(pick(accounts).id);
    const date = randomDay();
    return {
      label: `${viewer.account.id} ${date}`,
      run: () => design.reports.dailySummary(viewer, { date }),
      baseline: () => naive.reports.dailySummary(viewer, { date }),
    };
  },
  { primed: true },
);

// 2. A month's summary.
describeSetup(
  'reports.month_summary',
  'GET /api/merchant/reports/range?period=month (reports.rangeSummary), random merchant, random month',
);
await measure(
  'month_summary',
  20,
  () => {
    const viewer = ownerOf(pick(accounts).id);
    const date = randomDay();
    return {
      label: `${viewer.account.id} ${date.slice(0, 7)}`,
      run: () => design.reports.rangeSummary(viewer, { period: 'month', date }),
      baseline: () => naive.reports.rangeSummary(viewer, { period: 'month', date }),
    };
  },
  { primed: true },
);

// The busiest merchant's busiest recent month (context: the tail the random picks rarely hit).
{
  const [busiest] = await store.all<{ stripe_account_id: string }>(
    `SELECT stripe_account_id, sum(fees_count) AS fees FROM fee_rollups_daily
     GROUP BY stripe_account_id ORDER BY fees DESC LIMIT 1`,
  );
  const account = accounts.find((candidate) => candidate.stripeAccountId === busiest?.stripe_account_id);
  if (account) {
    const viewer = ownerOf(account.id);
    const date = addDays(lastDay, -20);
    const samples: number[] = [];
    let salesCount = 0;
    // 1 warm-up, then the median of 15 reads (5 spanned 15–30 ms on PostgreSQL from one run to the next).
    for (let i = 0; i < 16; i += 1) {
      const measured = await timed(() => design.reports.rangeSummary(viewer, { period: 'month', date }));
      if (i > 0) samples.push(measured.ms);
      const parsed = JSON.parse(measured.json) as {
        summary: { currencies: { figures: { salesCount: number } }[] };
      };
      salesCount = parsed.summary.currencies.reduce((sum, entry) => sum + entry.figures.salesCount, 0);
    }
    describeSetup(
      'reports.month_summary_busiest',
      `${account.id} (${viewer.locations.length} locations), month of ${date}: ${salesCount} counted sales; 1 warm-up (it builds the month's rollups), median of 15`,
    );
    reportFigure('reports.month_summary_busiest.median', median(samples), 'ms', '<=', 20);
    reportContext('reports.month_summary_busiest.sales', salesCount, 'sales');
  }
}

// 3. The sales list's first page with a filter (status, staff, card last4 or exact amount in turn).
describeSetup(
  'reports.sales_list',
  'GET /api/merchant/sales (reports.listSales) first page of 50, last 30 days, one filter (status refunded, staff, last4, amount in turn), random merchant',
);
let filterTurn = 0;
await measure('sales_list_filtered', 20, async () => {
  const viewer = ownerOf(pick(accounts).id);
  const [sample] = await store.all<{ staff_id: string; card_last4: string | null; total_minor: number }>(
    'SELECT staff_id, card_last4, total_minor FROM sales WHERE account_id = ? ORDER BY created_at_ms DESC LIMIT 1',
    [viewer.account.id],
  );
  const filters = [
    { status: 'refunded' as const },
    { staffId: sample?.staff_id ?? 'none' },
    { last4: sample?.card_last4 ?? '4242' },
    { amountMinor: sample?.total_minor ?? 100 },
  ];
  const filter = filters[filterTurn++ % filters.length]!;
  const query = { limit: 50, ...filter };
  return {
    label: `${viewer.account.id} ${JSON.stringify(filter)}`,
    run: () => design.reports.listSales(viewer, query),
    baseline: () => naive.reports.listSales(viewer, query),
  };
});

// 4. The platform's fees earned for the last month, per account and month (and per day for context).
const monthStart = `${localDayOf(generated.meta.endMs - DAY_MS, 'UTC').slice(0, 7)}-01`;
clock.setMs(generated.meta.endMs - 60_000);

/**
 * Fees earned from the raw rows, as a full scan computes it: every sale (captured, with a fee) placed on
 * the UTC day of its capture, its counted refunds' returned fee; mismatches by scanning the whole ledger.
 */
/** The ledger's sync state, which the report states as is (not part of what the baseline recomputes). */
const feeSync = design.repos.feeLedger;

async function feesFromRawRows(period: 'day' | 'month', sinceMs: number): Promise<FeesEarnedResponse> {
  const raw = await store.all<{
    day: number;
    account_id: string;
    name: string;
    currency: string;
    n: number;
    collected: number;
    refunded: number;
  }>(
    `SELECT coalesce(s.captured_at_ms, s.updated_at_ms) / 86400000 AS day, a.id AS account_id,
         a.business_name AS name, s.currency, count(*) AS n, sum(s.application_fee_minor) AS collected,
         sum(CASE WHEN s.status = 'succeeded' THEN 0 ELSE coalesce((SELECT sum(r.application_fee_refunded_minor)
           FROM refunds r WHERE r.sale_id = s.id AND r.status IN ('pending', 'succeeded')), 0) END) AS refunded
       FROM sales s ${store.notIndexed} JOIN accounts a ON a.id = s.account_id
       WHERE s.status IN ('succeeded', 'partially_refunded', 'refunded') AND s.charge_id IS NOT NULL
         AND s.application_fee_minor > 0 AND coalesce(s.captured_at_ms, s.updated_at_ms) >= ?
       GROUP BY 1, 2, 4`,
    [sinceMs],
    // Not the naive side: its sessions turn index reads off everywhere, which would make the refunds
    // subquery scan every refund per sale. Sales are read whole anyway (no index serves the condition).
  );
  const rows = new Map<string, FeesEarnedResponse['rows'][number]>();
  for (const row of raw) {
    const day = new Date(row.day * DAY_MS).toISOString().slice(0, 10);
    const label = period === 'day' ? day : day.slice(0, 7);
    const key = `${label}|${row.account_id}|${row.currency}`;
    const entry = rows.get(key) ?? {
      period: label,
      accountId: row.account_id,
      businessName: row.name,
      currency: row.currency,
      feesCount: 0,
      collectedMinor: 0,
      refundedMinor: 0,
      netMinor: 0,
    };
    entry.feesCount += row.n;
    entry.collectedMinor += row.collected;
    entry.refundedMinor += row.refunded;
    entry.netMinor = entry.collectedMinor - entry.refundedMinor;
    rows.set(key, entry);
  }
  const { rows: sorted, totals } = orderFeesEarned(rows.values());
  const mismatches = (
    await store.all<{ sale_id: string; recorded_fee_minor: number; stripe_amount_minor: number | null }>(
      `SELECT sale_id, recorded_fee_minor, stripe_amount_minor FROM application_fee_ledger ${store.notIndexed}
       WHERE sale_id IS NOT NULL AND coalesce(stripe_amount_minor, 0) <> recorded_fee_minor
         AND sale_created_at_ms >= ? ORDER BY sale_created_at_ms, sale_id`,
      [sinceMs],
      { naive: true },
    )
  ).map((row) => ({
    saleId: row.sale_id,
    recordedFeeMinor: row.recorded_fee_minor,
    stripeFeeMinor: row.stripe_amount_minor,
  }));
  return {
    period,
    timeZone: 'UTC',
    rows: sorted,
    totals,
    mismatches,
    stripeSync: { ok: true, checkedThrough: iso((await feeSync.syncState())?.throughMs) },
  };
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

const monthStartMs = Date.parse(`${monthStart}T00:00:00Z`);
describeSetup(
  'reports.fees_earned',
  `GET /api/platform/fees-earned?period=month&from=${monthStart} (platform.feesEarned): the last month, all ${shape.merchants} merchants; read from the fee ledger only (the Stripe fee sync is a scheduled job)`,
);
await measure('fees_earned_month', 50, () => ({
  label: monthStart,
  run: () => design.feesEarned.feesEarned({ period: 'month', fromDate: monthStart }),
  baseline: () => feesFromRawRows('month', monthStartMs),
}));
describeSetup('reports.fees_earned_by_day', 'the same month per account and UTC day (context)');
await measure('fees_earned_month_by_day', 200, () => ({
  label: monthStart,
  run: () => design.feesEarned.feesEarned({ period: 'day', fromDate: monthStart }),
  baseline: () => feesFromRawRows('day', monthStartMs),
}));

// Context: the console's default view (the last 90 days, so the first day is partial and read from the
// ledger rows), platform-wide and for one account.
async function contextMedian(name: string, run: () => unknown, runs: number): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i += 1) {
    const measured = await timed(async () => run());
    if (i > 0) samples.push(measured.ms);
  }
  reportContext(name, median(samples), 'ms');
}
describeSetup(
  'reports.fees_earned_default',
  'GET /api/platform/fees-earned?period=day (last 90 days from now, all merchants) and /api/platform/accounts/:id/fees-earned?period=day (random account); 1 warm-up, median of 5',
);
await contextMedian(
  'reports.fees_earned_90_days_by_day.median',
  () => design.feesEarned.feesEarned({ period: 'day' }),
  5,
);
await contextMedian(
  'reports.fees_earned_account_90_days.median',
  () => design.feesEarned.feesEarned({ accountId: pick(accounts).id, period: 'day' }),
  5,
);

// ---------------------------------------------------------------------------------------------
// The plan of every statement the design ran (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL with
// its default settings): no full scan of a big table.

let fullScans = 0;
for (const { sql, plan, fullScan } of await store.plans()) {
  if (fullScan) fullScans += 1;
  console.log(
    `# plan${fullScan ? ' (FULL SCAN)' : ''}: ${sql.replace(/\s+/g, ' ').trim().slice(0, 150)} → ${plan.join(' | ')}`,
  );
}
reportFigure('reports.plans_with_full_scan', fullScans, 'statements', '<=', 0);
reportContext('reports.stripe_calls', stripeCalls, 'calls');

// PostgreSQL: the loaded copy answers exactly as the SQLite file it was loaded from (the same service
// over the other backend), for random merchants, days and months.
if (store.backend === 'postgres') {
  const sqliteStore = await openReportStore('sqlite', generated, () => {});
  const onSqlite = servicesOver(sqliteStore.design);
  const CROSS_CHECKS = quickMode ? 10 : 20;
  let differing = 0;
  for (let i = 0; i < CROSS_CHECKS; i += 1) {
    const viewer = ownerOf(pick(accounts).id);
    const date = randomDay();
    const pairs: Array<[unknown, unknown]> = [
      [
        await design.reports.dailySummary(viewer, { date }),
        await onSqlite.reports.dailySummary(viewer, { date }),
      ],
      [
        await design.reports.rangeSummary(viewer, { period: 'month', date }),
        await onSqlite.reports.rangeSummary(viewer, { period: 'month', date }),
      ],
      [
        await design.reports.listSales(viewer, { limit: 50, to: date }),
        await onSqlite.reports.listSales(viewer, { limit: 50, to: date }),
      ],
    ];
    for (const [postgres, sqlite] of pairs) {
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(postgres)), JSON.parse(JSON.stringify(sqlite)))) {
        differing += 1;
        if (differing <= 3) console.error(`# differs from SQLite: ${viewer.account.id} ${date}`);
      }
    }
  }
  describeSetup(
    'reports.same_answers_as_sqlite',
    `${CROSS_CHECKS} random merchant-days: daily summary, month summary and sales list on PostgreSQL vs the SQLite file it was loaded from`,
  );
  reportFigure('reports.answers_differing_from_sqlite', differing, 'answers', '<=', 0);
  await sqliteStore.close();
}
await store.close();
