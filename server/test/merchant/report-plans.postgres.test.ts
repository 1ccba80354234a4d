// PostgreSQL: every statement the merchant reports run (daily summary with its comparison, month summary
// through the day and month rollups and from raw rows, series, the sales list with each filter) is served by an index.
// With sequential scans turned off the planner still picks one only when no index can serve the query,
// so a small database shows what a large one would do: no "Seq Scan" on sales, lines, tenders, refunds,
// shifts or rollups. (The benchmark's SQLite side checks the same with EXPLAIN QUERY PLAN at 10M sales.)
import { PERMISSIONS } from '@countertop/shared';
import { Kysely, PostgresDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createKyselyDatabase } from '../../src/db/database.ts';
import { openPostgresDatabase } from '../../src/db/postgres/open.ts';
import type { DatabaseSchema } from '../../src/db/schema.ts';
import { MERCHANT_ACCESS_POLICY, type MerchantViewer } from '../../src/services/merchant-access.ts';
import { createSalesReports } from '../../src/services/reports/sales-reports.ts';
import { createReportScope } from '../../src/services/reports/scope.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { failOnLog } from '../support/logs.ts';

const T0 = Date.UTC(2026, 2, 6, 15, 0);
const NOW_MS = Date.UTC(2026, 2, 20);
const WATCHED =
  /Seq Scan on (sales|sale_lines|sale_tenders|refunds|drawer_shifts|report_day_rollups|report_month_rollups)\b/;

describe('merchant report plans (postgres)', () => {
  it('reads sales, lines, tenders, refunds, shifts and rollups through indexes only', async () => {
    const url = await createPostgresDatabase();
    const { pool } = await openPostgresDatabase(url, { poolSize: 3 });
    const statements = new Map<string, readonly unknown[]>();
    const kysely = new Kysely<DatabaseSchema>({
      dialect: new PostgresDialect({ pool }),
      log(event) {
        if (event.level === 'query' && /^\s*select/i.test(event.query.sql)) {
          statements.set(event.query.sql, event.query.parameters);
        }
      },
    });
    const database = createKyselyDatabase(kysely, 'postgres', async () => {
      await kysely.destroy();
    });
    try {
      const run = (sql: string, params: unknown[] = []) => pool.query(sql, params);
      await run(`INSERT INTO accounts (id, stripe_account_id, business_name, country, currency, charge_type, created_at_ms, updated_at_ms)
        VALUES ('acc_a', 'acct_a', 'A', 'US', 'usd', 'direct', 0, 0)`);
      await run(`INSERT INTO staff (id, account_id, display_name, role, pin_hash, pin_salt, created_at_ms)
        VALUES ('stf_a', 'acc_a', 'S', 'staff', 'x', 'x', 0)`);
      await run(`INSERT INTO locations (id, account_id, name, time_zone, created_at_ms)
        VALUES ('loc_a', 'acc_a', 'A', 'America/New_York', 0), ('loc_b', 'acc_a', 'B', 'Asia/Kolkata', 0)`);
      await run(`INSERT INTO registers (id, code, name, location_id, created_at_ms)
        VALUES ('reg_a', 'RA', 'R', 'loc_a', 0), ('reg_b', 'RB', 'R', 'loc_b', 0)`);
      for (let i = 0; i < 40; i += 1) {
        const at = T0 + i * 3_600_000;
        const location = i % 2 === 0 ? 'a' : 'b';
        await run(
          `INSERT INTO sales (id, account_id, location_id, register_id, staff_id, client_sale_id, status, currency,
             subtotal_minor, total_minor, payment_intent_id, charge_id, card_last4, created_at_ms, updated_at_ms, captured_at_ms)
           VALUES ($1, 'acc_a', $2, $3, 'stf_a', $1, 'succeeded', 'usd', 500, 500, $4, $5, '4242', $6, $6, $6)`,
          [`sale_${i}`, `loc_${location}`, `reg_${location}`, `pi_${i}`, `ch_${i}`, at],
        );
        await run(
          `INSERT INTO sale_lines (sale_id, position, description, quantity, unit_price_minor, amount_minor)
           VALUES ($1, 0, 'Tea', 1, 500, 500)`,
          [`sale_${i}`],
        );
        if (i % 5 === 0) {
          await run(
            `INSERT INTO refunds (id, sale_id, amount_minor, status, created_at_ms, application_fee_refunded_minor)
             VALUES ($1, $2, 100, 'succeeded', $3, 0)`,
            [`re_${i}`, `sale_${i}`, at + 60_000],
          );
        }
      }
      await run('ANALYZE');
      const account = (await database.repos.accounts.findById('acc_a'))!;
      const locations = await database.repos.locations.listByAccount('acc_a');
      const viewer: MerchantViewer = {
        kind: 'owner',
        policy: MERCHANT_ACCESS_POLICY.owner,
        account,
        locations,
        seesWholeAccount: true,
        label: 'Owner',
        name: 'Owner',
        staffId: null,
        userId: null,
        permissions: new Set(PERMISSIONS),
        accountLocationCount: locations.length,
      };
      const clock = { nowMs: () => NOW_MS } as never;
      const reports = createSalesReports({
        database,
        scope: createReportScope({ database, clock, log: failOnLog }),
        clock,
      });
      await reports.dailySummary(viewer, { date: '2026-03-07' });
      await reports.rangeSummary(viewer, { period: 'month', date: '2026-03-07' });
      await reports.rangeSummary(viewer, { period: 'month', date: '2026-03-07' }); // from the rollups
      // Once March is over: built from its days and stored, then read from the month rollups.
      const inApril = { nowMs: () => Date.UTC(2026, 3, 20) } as never;
      const later = createSalesReports({
        database,
        scope: createReportScope({ database, clock: inApril, log: failOnLog }),
        clock: inApril,
      });
      await later.rangeSummary(viewer, { period: 'month', date: '2026-03-07' });
      await later.rangeSummary(viewer, { period: 'month', date: '2026-03-07' });
      expect(await database.repos.reportRollups.monthsOf(['loc_a', 'loc_b'], ['2026-03'])).toHaveLength(2);
      await reports.series(viewer, { date: '2026-03-10', days: 7 });
      for (const filter of [
        {},
        { status: 'refunded' as const },
        { staffId: 'stf_a' },
        { last4: '4242' },
        { amountMinor: 500 },
      ]) {
        await reports.listSales(viewer, { from: '2026-03-01', to: '2026-03-19', limit: 10, ...filter });
      }
      expect(statements.size).toBeGreaterThan(5);
      const client = await pool.connect();
      const scans: string[] = [];
      try {
        await client.query('SET enable_seqscan = off');
        for (const [sql, params] of statements) {
          const plan = await client.query(`EXPLAIN ${sql}`, [...params]);
          const text = plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
          if (WATCHED.test(text)) scans.push(`${sql}\n${text}`);
        }
      } finally {
        client.release();
      }
      expect(scans).toEqual([]);
    } finally {
      await database.close();
    }
  }, 60_000);
});
