// User-supplied text on the way out: a cashier's keyed-sale description in the printable receipt is HTML-
// escaped (no markup or script survives), and a refund reason and staff name in the CSV exports cannot run
// as a spreadsheet formula (cells starting with = + - @ are neutralised).
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { api, presentCard, TEST_CARDS } from '../checkout/support.ts';
import {
  merchantApi,
  paidSale,
  type ReportingMerchant,
  setUpReportingMerchant,
  TODAY,
} from '../merchant/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;
let merchant: ReportingMerchant;

beforeEach(async () => {
  ctx = await createTestContext();
  merchant = await setUpReportingMerchant(ctx, { tipping: false });
});

afterEach(async () => {
  await ctx.close();
});

const MARKUP = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const FORMULA = '=HYPERLINK("http://evil.test","click")';

it('escapes a keyed description in the printable receipt', async () => {
  const created = await api<{ sale: { id: string } }>(ctx, merchant.signIn, 'POST', '/api/counter/sales', {
    clientSaleId: randomUUID(),
    keyedAmountMinor: 1200,
    description: MARKUP,
  });
  expect(created.status).toBe(201);
  const saleId = created.body.sale.id;
  await api(ctx, merchant.signIn, 'POST', `/api/counter/sales/${saleId}/attempts`, {
    attemptKey: randomUUID(),
    readerId: merchant.readers.serverDriven.id,
  });
  await presentCard(ctx, merchant, TEST_CARDS.visa);
  await api(ctx, merchant.signIn, 'POST', `/api/counter/sales/${saleId}/sync`);

  const receipt = await ctx.request(`/api/counter/sales/${saleId}/receipt`, { as: merchant.signIn });
  expect(receipt.status).toBe(200);
  const html = await receipt.text();
  expect(html).not.toContain('<img');
  expect(html).not.toContain('<script>alert');
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
});

it('neutralises formulas in refund reasons in the refunds export', async () => {
  const sale = await paidSale(ctx, merchant);
  const refund = await merchantApi(
    ctx,
    merchant.managerSignIn,
    'POST',
    `/api/merchant/sales/${sale.id}/refunds`,
    {
      refundKey: randomUUID(),
      amountMinor: 100,
      reason: FORMULA,
    },
  );
  expect(refund.status, refund.text).toBeLessThan(300);
  const csv = await merchantApi(
    ctx,
    merchant.managerSignIn,
    'GET',
    `/api/merchant/exports/refunds.csv?from=${TODAY}&to=${TODAY}`,
  );
  expect(csv.status).toBe(200);
  expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
  const cells = csv.text.split(/[\r\n,]+/).map((cell) => cell.replace(/^"/, ''));
  expect(cells.filter((cell) => /^[=+\-@]/.test(cell) && !/^-?\d/.test(cell))).toEqual([]);
});

it('escapes a drawer movement reason and a modifier name in the Z report and the receipt', async () => {
  const opened = await api(ctx, merchant.managerSignIn, 'POST', '/api/counter/drawer/open', {
    openingFloatMinor: 5000,
  });
  expect(opened.status).toBe(201);
  await api(ctx, merchant.managerSignIn, 'POST', '/api/counter/drawer/movements', {
    movementKey: randomUUID(),
    kind: 'paid_out',
    amountMinor: 100,
    reason: MARKUP,
  });
  const group = await api<{ modifierGroup: { id: string; modifiers: { id: string }[] } }>(
    ctx,
    merchant.managerSignIn,
    'POST',
    '/api/merchant/catalog/modifier-groups',
    { name: 'Extras', modifiers: [{ name: MARKUP, priceDeltaMinor: 50 }] },
  );
  const item = await api<{ item: { id: string } }>(
    ctx,
    merchant.managerSignIn,
    'POST',
    '/api/merchant/catalog/items',
    {
      name: 'Tea',
      priceMinor: 300,
      modifierGroupIds: [group.body.modifierGroup.id],
    },
  );
  const sale = await api<{ sale: { id: string } }>(
    ctx,
    merchant.managerSignIn,
    'POST',
    '/api/counter/sales',
    {
      clientSaleId: randomUUID(),
      items: [
        {
          productId: item.body.item.id,
          quantity: 1,
          modifierIds: [group.body.modifierGroup.modifiers[0]?.id],
        },
      ],
    },
  );
  await api(ctx, merchant.managerSignIn, 'POST', `/api/counter/sales/${sale.body.sale.id}/tenders`, {
    tenderKey: randomUUID(),
    method: 'cash',
    tenderedMinor: 1000,
  });
  const closed = await api<{ report: { shift: { id: string } } }>(
    ctx,
    merchant.managerSignIn,
    'POST',
    '/api/counter/drawer/close',
    {
      countedMinor: 5250,
    },
  );
  for (const path of [
    `/api/counter/drawer/shifts/${closed.body.report.shift.id}/report`,
    `/api/counter/sales/${sale.body.sale.id}/receipt`,
  ]) {
    const html = await (await ctx.request(path, { as: merchant.managerSignIn })).text();
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  }
});
