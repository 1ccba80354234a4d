// The reports repository over a migrated in-memory database: keyset pagination visits every sale once in
// order (also with equal timestamps), filters combine, and each list query is served by an index.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeSalesCursor, encodeSalesCursor } from '../../src/db/repositories/reports.repo.ts';
import type { Db } from '../../src/db/sqlite/open.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildAccount, buildLocation, buildRegister, buildStaff } from '../support/factories.ts';

let ctx: TestContext;
let db: Db;

beforeEach(async () => {
  ctx = await createTestContext({ emulator: false });
  db = ctx.db;
});

afterEach(() => ctx.close());

async function seed(count: number) {
  const account = await buildAccount(ctx);
  const location = await buildLocation(ctx, account);
  const register = await buildRegister(ctx, location);
  const staff = await buildStaff(ctx, account, [location]);
  const insert = db.prepare(
    `INSERT INTO sales (id, account_id, location_id, register_id, staff_id, client_sale_id, status, currency,
       subtotal_minor, total_minor, card_last4, created_at_ms, updated_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'usd', ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      // Pairs of sales share a timestamp, so the id breaks ties.
      const at = 1_700_000_000_000 + Math.floor(i / 2) * 1000;
      const amount = 100 + (i % 7);
      insert.run(
        `sale_${String(i).padStart(5, '0')}`,
        account.id,
        location.id,
        register.id,
        staff.id,
        `c${i}`,
        i % 5 === 0 ? 'refunded' : 'succeeded',
        amount,
        amount,
        i % 3 === 0 ? '4242' : '4444',
        at,
        at,
      );
    }
  })();
  return { account, location };
}

describe('reports repository', () => {
  it('pages through every sale exactly once, newest first, with equal timestamps', async () => {
    const { account, location } = await seed(1001);
    const reports = ctx.repos.reports;
    const seen: string[] = [];
    let after: { createdAtMs: number; id: string } | undefined;
    for (;;) {
      const page = await reports.searchSales({
        accountId: account.id,
        locationIds: [location.id],
        startMs: 0,
        endMs: Number.MAX_SAFE_INTEGER,
        after,
        limit: 97,
      });
      seen.push(...page.sales.map((sale) => sale.id));
      const last = page.sales.at(-1);
      if (!page.hasMore || !last) break;
      after = { createdAtMs: last.createdAtMs, id: last.id };
    }
    expect(seen).toHaveLength(1001);
    expect(new Set(seen).size).toBe(1001);
    expect(seen[0]).toBe('sale_01000');
    expect(seen.slice(1, 3)).toEqual(['sale_00999', 'sale_00998']);
  });

  it('combines filters', async () => {
    const { account, location } = await seed(70);
    const page = await ctx.repos.reports.searchSales({
      accountId: account.id,
      locationIds: [location.id],
      startMs: 0,
      endMs: Number.MAX_SAFE_INTEGER,
      last4: '4242',
      amountMinor: 100,
      status: 'refunded',
      limit: 50,
    });
    // i ≡ 0 (mod 3), (mod 7) and (mod 5): 0 only below 70.
    expect(page.sales.map((sale) => sale.id)).toEqual(['sale_00000']);
  });

  it('round-trips cursors and refuses forged ones', () => {
    const cursor = encodeSalesCursor({ createdAtMs: 1_700_000_000_000, id: 'sale_abc' });
    expect(decodeSalesCursor(cursor)).toEqual({ createdAtMs: 1_700_000_000_000, id: 'sale_abc' });
    expect(decodeSalesCursor('bm9wZQ')).toBeNull();
    expect(decodeSalesCursor(Buffer.from("1:x' OR 1=1").toString('base64url'))).toBeNull();
  });

  it.each([
    ['status', "s.status = 'succeeded'"],
    ['last4', "s.card_last4 = '4242'"],
    ['amount', 's.total_minor = 100'],
    ['staff', "s.staff_id = 'x'"],
  ])('searches by %s through an index, not a table scan', (_name, condition) => {
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT s.id FROM sales s WHERE s.account_id = 'a' AND s.created_at_ms >= 0
         AND s.created_at_ms < 9 AND ${condition} ORDER BY s.created_at_ms DESC, s.id DESC LIMIT 51`,
      )
      .all() as { detail: string }[];
    const details = plan.map((row) => row.detail).join(' | ');
    expect(details).toMatch(/USING (COVERING )?INDEX/);
    expect(details).not.toMatch(/SCAN s(?! USING)/);
  });
});
