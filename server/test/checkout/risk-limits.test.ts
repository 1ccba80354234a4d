// The daily risk limit counts a sale from the moment its payment starts: sales opened earlier (parked carts,
// a second register) cannot each slip under the limit and then all be paid.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';
import { api, type Merchant, setUpMerchant } from './support.ts';

let ctx: TestContext;
let merchant: Merchant;
beforeEach(async () => {
  ctx = await createTestContext();
  merchant = await setUpMerchant(ctx);
  await ctx.repos.console.setRiskLimits(merchant.account.id, { maxSaleMinor: null, maxDailyMinor: 8_000 }, 0);
});
afterEach(async () => {
  await ctx.close();
});

it('checks the daily limit again when a payment starts, counting the sales already being paid', async () => {
  const open = async (amountMinor: number) =>
    (
      await api<{ sale: { id: string } }>(ctx, merchant.signIn, 'POST', '/api/counter/sales', {
        clientSaleId: crypto.randomUUID(),
        keyedAmountMinor: amountMinor,
      })
    ).body.sale.id;
  // Both fit on their own, so both open; together they are over the day's 80.00.
  const first = await open(5_000);
  const second = await open(5_000);
  const pay = (saleId: string) =>
    api<{ error?: { code: string; message: string } }>(
      ctx,
      merchant.signIn,
      'POST',
      `/api/counter/sales/${saleId}/attempts`,
      {
        attemptKey: crypto.randomUUID(),
        readerId: merchant.readers.jsSdk.id,
      },
    );
  expect((await pay(first)).status).toBe(200);
  const refused = await pay(second);
  expect(refused.status).toBe(409);
  expect(refused.body.error?.code).toBe('risk_limit_exceeded');
  expect(refused.body.error?.message).toMatch(/daily limit of \$80\.00/);
  // Nothing was journaled for the refused payment.
  expect(await ctx.repos.payments.listBySale(second)).toEqual([]);
});
