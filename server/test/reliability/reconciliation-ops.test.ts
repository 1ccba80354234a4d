// Platform reconciliation (endpoint and `reconcile` command), the payment-anomalies list, and the online
// SQLite backup command, against the embedded emulator.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/cli/backup.ts';
import { runReconcile } from '../../src/cli/reconcile.ts';
import { openPostgresDatabase } from '../../src/db/postgres/open.ts';
import { migrate } from '../../src/db/sqlite/migrate.ts';
import { openDatabase } from '../../src/db/sqlite/open.ts';
import { paidSale, type ReportingMerchant, setUpReportingMerchant, TODAY } from '../merchant/support.ts';
import { asConsole, consoleSignIn, createAdmin, createOwner } from '../platform/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { createPostgresDatabase } from '../support/databases.ts';

let ctx: TestContext;
let merchant: ReportingMerchant;

beforeEach(async () => {
  ctx = await createTestContext();
  merchant = await setUpReportingMerchant(ctx);
});

afterEach(async () => {
  await ctx.close();
});

interface PlatformReconciliationBody {
  date: string;
  differencesCount: number;
  accounts: {
    accountId: string;
    matchedSalesCount: number;
    differences: { kind: string; saleId: string | null }[];
  }[];
}

describe('platform reconciliation', () => {
  it('reports zero differences for a clean day, then names a tampered sale, to platform admins only', async () => {
    const sale = await paidSale(ctx, merchant);
    await createAdmin(ctx, 'admin@recon.test');
    const admin = await consoleSignIn(ctx, 'admin@recon.test');

    const clean = await asConsole(ctx, admin, `/api/platform/reconciliation?date=${TODAY}`);
    expect(clean.status).toBe(200);
    const cleanBody = (await clean.json()) as PlatformReconciliationBody;
    expect(cleanBody.differencesCount).toBe(0);
    expect(cleanBody.accounts.find((a) => a.accountId === merchant.account.id)?.matchedSalesCount).toBe(1);

    ctx.db.prepare('UPDATE sales SET total_minor = total_minor + 1 WHERE id = ?').run(sale.id);
    const tampered = (await (
      await asConsole(
        ctx,
        admin,
        `/api/platform/reconciliation?date=${TODAY}&accountId=${merchant.account.id}`,
      )
    ).json()) as PlatformReconciliationBody;
    expect(tampered.differencesCount).toBeGreaterThan(0);
    expect(tampered.accounts[0]?.differences.some((d) => d.saleId === sale.id)).toBe(true);

    await createOwner(ctx, merchant.account.id, 'owner@recon.test');
    const owner = await consoleSignIn(ctx, 'owner@recon.test');
    expect((await asConsole(ctx, owner, `/api/platform/reconciliation?date=${TODAY}`)).status).toBe(403);
    expect((await ctx.request(`/api/platform/reconciliation?date=${TODAY}`)).status).toBe(401);
    expect((await asConsole(ctx, admin, '/api/platform/reconciliation?date=yesterday')).status).toBe(400);
  });

  it('runs as a command: exit 0 when everything matches, 1 with the differences printed', async () => {
    const sale = await paidSale(ctx, merchant);
    const printed: string[] = [];
    const run = (args: string[]) =>
      runReconcile(args, {
        repos: ctx.repos,
        reconciliation: ctx.services.reconciliation,
        print: (line) => printed.push(line),
      });

    expect(await run(['--date', TODAY, '--account', merchant.stripeAccount.id])).toBe(0);
    expect(printed.at(-1)).toBe(`${TODAY}: 0 differences in 1 accounts`);
    ctx.db.prepare('UPDATE sales SET total_minor = total_minor + 1 WHERE id = ?').run(sale.id);
    printed.length = 0;
    expect(await run(['--date', TODAY])).toBe(1);
    expect(printed.join('\n')).toContain(sale.id);
    expect(await run(['--date', 'tomorrow'])).toBe(2);
    expect(await run(['--date', TODAY, '--account', 'acct_nobody'])).toBe(2);
  });

  it('lists the anomalies the sweeper recorded, to platform admins', async () => {
    ctx.db
      .prepare(
        `INSERT INTO payment_anomalies (id, kind, account_id, sale_id, payment_intent_id, charge_id, amount_minor,
           currency, detected_at_ms) VALUES ('anom_1', 'duplicate_charge', ?, 'sale_x', 'pi_dup', 'ch_dup', 500, 'usd', ?)`,
      )
      .run(merchant.account.id, ctx.clock.nowMs());
    await createAdmin(ctx, 'admin@anomalies.test');
    const admin = await consoleSignIn(ctx, 'admin@anomalies.test');
    const response = await asConsole(ctx, admin, '/api/platform/payment-anomalies?status=open');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      anomalies: [{ kind: 'duplicate_charge', paymentIntentId: 'pi_dup', amountMinor: 500, status: 'open' }],
    });
    expect((await ctx.request('/api/platform/payment-anomalies')).status).toBe(401);
  });
});

describe('backup command', () => {
  it('copies a consistent snapshot of a database in use, and refuses to overwrite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-backup-'));
    const source = join(dir, 'pos.db');
    const live = openDatabase(source);
    migrate(live);
    live
      .prepare(`INSERT INTO platform_settings (id, name, created_at_ms, updated_at_ms) VALUES (1, 'p', 1, 1)`)
      .run();
    const printed: string[] = [];
    const target = join(dir, 'copy.db');

    expect(
      await runBackup(['--to', target], { database: { path: source }, print: (l) => printed.push(l) }),
    ).toBe(0);
    live.close();
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare('SELECT name FROM platform_settings').get()).toEqual({ name: 'p' });
    expect(copy.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    copy.close();
    expect(
      await runBackup(['--to', target], { database: { path: source }, print: (l) => printed.push(l) }),
    ).toBe(2);
    expect(await runBackup([], { database: { path: source }, print: (l) => printed.push(l) })).toBe(2);
  });

  it('dumps a PostgreSQL database with pg_dump, which pg_restore reads back', async () => {
    const url = await createPostgresDatabase();
    const { database } = await openPostgresDatabase(url, { poolSize: 1 });
    await database.repos.platform.save({ name: 'Backed-up platform', stripeAccountId: null }, 1);
    await database.close();
    const target = join(mkdtempSync(join(tmpdir(), 'ct-pgdump-')), 'countertop.dump');
    const printed: string[] = [];
    expect(await runBackup(['--to', target], { database: { url }, print: (l) => printed.push(l) })).toBe(0);
    expect(printed.join('\n')).toMatch(/pg_dump custom format/);
    const listing = spawnSync('pg_restore', ['--list', target], { encoding: 'utf8' });
    expect(listing.status).toBe(0);
    expect(listing.stdout).toMatch(/TABLE DATA public platform_settings/);
    expect(await runBackup(['--to', target], { database: { url }, print: () => {} })).toBe(2);
  });
});
