// `pnpm --filter @countertop/server exec tsx bench/reports.bench.ts [sales]`: the merchant sales list and
// day queries over a large history (default 1,000,000 sales of one account over two years). Prints p50/p95
// per query; speed is reported here, never asserted in tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrate } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open.ts';
import { createReportsRepo } from '../src/db/reports.repo.ts';

const total = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'countertop-reports-bench-'));
const db = openDatabase(join(dir, 'bench.db'));
migrate(db);

const now = Date.UTC(2026, 2, 10, 19);
const span = 2 * 365 * 86_400_000;
db.exec(`INSERT INTO accounts (id, stripe_account_id, business_name, country, currency, charge_type, created_at_ms, updated_at_ms)
  VALUES ('acc', 'acct_bench', 'Bench', 'US', 'usd', 'direct', 0, 0);
  INSERT INTO locations (id, account_id, name, time_zone, created_at_ms) VALUES ('loc1', 'acc', 'One', 'America/Los_Angeles', 0), ('loc2', 'acc', 'Two', 'America/New_York', 0);
  INSERT INTO registers (id, code, name, location_id, created_at_ms) VALUES ('reg1', 'R-1', 'R1', 'loc1', 0), ('reg2', 'R-2', 'R2', 'loc2', 0);
  INSERT INTO staff (id, account_id, display_name, role, pin_hash, pin_salt, created_at_ms) VALUES ('s1', 'acc', 'A', 'staff', 'x', 'x', 0), ('s2', 'acc', 'B', 'staff', 'x', 'x', 0), ('s3', 'acc', 'C', 'staff', 'x', 'x', 0);`);
const insertSale = db.prepare(
  `INSERT INTO sales (id, account_id, location_id, register_id, staff_id, client_sale_id, status, currency, subtotal_minor,
     total_minor, card_brand, card_last4, read_method, created_at_ms, updated_at_ms, stripe_fee_minor)
   VALUES (?, 'acc', ?, ?, ?, ?, ?, 'usd', ?, ?, 'visa', ?, 'contactless_emv', ?, ?, ?)`,
);
const insertLine = db.prepare(
  `INSERT INTO sale_lines (sale_id, position, description, quantity, unit_price_minor, amount_minor) VALUES (?, 0, 'Latte', 1, ?, ?)`,
);
const started = performance.now();
db.transaction(() => {
  for (let i = 0; i < total; i += 1) {
    const at = now - span + Math.floor((i / total) * span);
    const location = i % 2 === 0 ? 'loc1' : 'loc2';
    const amount = 300 + ((i * 7919) % 2000);
    const id = `sale_${String(i).padStart(8, '0')}`;
    insertSale.run(
      id,
      location,
      location === 'loc1' ? 'reg1' : 'reg2',
      `s${(i % 3) + 1}`,
      `c${i}`,
      i % 50 === 0 ? 'refunded' : 'succeeded',
      amount,
      amount,
      String(1000 + (i % 9000)),
      at,
      at,
      30,
    );
    insertLine.run(id, amount, amount);
  }
})();
db.exec('ANALYZE');
console.log(`seeded ${total} sales in ${Math.round(performance.now() - started)} ms`);

const reports = createReportsRepo(db);
const base = {
  accountId: 'acc',
  locationIds: ['loc1', 'loc2'],
  startMs: now - span,
  endMs: now + 1,
  limit: 50,
};
function bench(name: string, iterations: number, run: (i: number) => unknown) {
  for (let i = 0; i < 5; i += 1) run(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const t0 = performance.now();
    run(i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0).toFixed(2);
  console.log(`${name.padEnd(44)} p50 ${at(0.5)} ms  p95 ${at(0.95)} ms`);
}

const deep = reports.searchSales({ ...base, limit: 1 }).sales[0];
bench('sales list, first page (50)', 200, () => reports.searchSales(base));
bench('sales list, page after a cursor', 200, (i) =>
  reports.searchSales({
    ...base,
    after: { createdAtMs: (deep?.createdAtMs ?? now) - i * 3_600_000, id: 'sale_z' },
  }),
);
bench('sales list, one location', 200, () => reports.searchSales({ ...base, locationIds: ['loc2'] }));
bench('search by last4', 200, (i) => reports.searchSales({ ...base, last4: String(1000 + (i % 9000)) }));
bench('search by exact amount', 200, (i) => reports.searchSales({ ...base, amountMinor: 300 + (i % 2000) }));
bench('search by staff', 200, () => reports.searchSales({ ...base, staffId: 's2' }));
bench('search by status (rare: refunded)', 200, () => reports.searchSales({ ...base, status: 'refunded' }));
bench('a day of sales with lines (summary input)', 100, (i) =>
  reports.salesInWindow('acc', ['loc1', 'loc2'], now - (i + 1) * 86_400_000, now - i * 86_400_000),
);
bench('a month of sales with lines', 10, (i) =>
  reports.salesInWindow('acc', ['loc1', 'loc2'], now - (i + 1) * 30 * 86_400_000, now - i * 30 * 86_400_000),
);
db.close();
rmSync(dir, { recursive: true, force: true });
