import { randomUUID } from 'node:crypto';
import {
  AccountResponseSchema,
  AuditLogResponseSchema,
  RefundResponseSchema,
  SalesPageResponseSchema,
} from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paidSale, type ReportingMerchant, setUpReportingMerchant } from '../merchant/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { asConsole, type ConsoleSignIn, consoleSignIn, createOwner, signInAdmin } from './support.ts';

let ctx: TestContext;
let admin: ConsoleSignIn;
let merchant: ReportingMerchant;

beforeAll(async () => {
  ctx = await createTestContext();
  merchant = await setUpReportingMerchant(ctx);
  admin = await signInAdmin(ctx);
});
afterAll(async () => {
  await ctx.close();
});

describe('support view', () => {
  it("lets a platform admin open a merchant's sales and refund on their behalf, audit-logged by name", async () => {
    const sale = await paidSale(ctx, merchant);
    const base = `/api/platform/accounts/${merchant.account.id}`;
    const list = SalesPageResponseSchema.parse(await (await asConsole(ctx, admin, `${base}/sales`)).json());
    expect(list.sales.map((s) => s.id)).toContain(sale.id);

    const detail = await asConsole(ctx, admin, `${base}/sales/${sale.id}`);
    expect(detail.status).toBe(200);

    const refunded = await asConsole(ctx, admin, `${base}/sales/${sale.id}/refunds`, {
      method: 'POST',
      json: { refundKey: randomUUID(), amountMinor: 100, reason: 'Customer called support' },
    });
    expect(refunded.status).toBe(201);
    const body = RefundResponseSchema.parse(await refunded.json());
    expect(body.refund.amountMinor).toBe(100);

    const log = AuditLogResponseSchema.parse(await (await asConsole(ctx, admin, `${base}/audit-log`)).json());
    expect(log.entries[0]).toMatchObject({
      action: 'support.refund',
      actor: 'admin@example.test',
      target: `sale ${sale.id}`,
      details: { amountMinor: 100, reason: 'Customer called support' },
    });
  });

  it('lists no sales for a new account without locations', async () => {
    const created = await asConsole(ctx, admin, '/api/platform/accounts', {
      method: 'POST',
      json: { businessName: 'Brand New', country: 'US', chargeType: 'direct' },
    });
    const { account } = AccountResponseSchema.parse(await created.json());
    const response = await asConsole(ctx, admin, `/api/platform/accounts/${account.id}/sales?limit=20`);
    expect(response.status).toBe(200);
    expect(SalesPageResponseSchema.parse(await response.json())).toEqual({ sales: [], nextCursor: null });
  });

  it('is closed to merchant owners and to unknown accounts', async () => {
    const owner = await createOwner(ctx, merchant.account.id, 'support-owner@example.test');
    const who = await consoleSignIn(ctx, owner.email);
    const forbidden = await asConsole(ctx, who, `/api/platform/accounts/${merchant.account.id}/sales`);
    expect(forbidden.status).toBe(403);
    const missing = await asConsole(ctx, admin, '/api/platform/accounts/acc_missing/sales');
    expect(missing.status).toBe(404);
  });
});
