import { describe, expect, it } from 'vitest';
import type { SaleRecord } from '../db/repositories/sales.repo.ts';
import { buildReceiptView, renderReceiptHtml, renderReceiptText } from './receipts.service.ts';

/** What a line without variant, modifiers, discount or tax stores. */
const LINE_DEFAULTS = {
  variantId: null,
  variantName: null,
  modifiers: [],
  lineDiscount: null,
  discountMinor: 0,
  taxMinor: 0,
  taxRateBps: 0,
};

function paidSale(overrides: Partial<SaleRecord> = {}): SaleRecord {
  return {
    id: 'sale_1',
    accountId: 'acc_1',
    locationId: 'loc_1',
    registerId: 'reg_1',
    staffId: 'stf_1',
    clientSaleId: '7b0c5c3e-4a53-4d1c-9d7e-0d6b8a3f6a11',
    status: 'succeeded',
    currency: 'usd',
    description: null,
    captureMethod: 'manual',
    subtotalMinor: 1345,
    taxMinor: 116,
    tipMinor: 200,
    totalMinor: 1661,
    applicationFeeMinor: 78,
    paymentIntentId: 'pi_1',
    readerId: 'rdr_1',
    chargeId: 'ch_1',
    card: { brand: 'visa', last4: '4242', readMethod: 'contactless_emv' },
    cardDetails: {
      type: 'card_present',
      brand: 'visa',
      last4: '4242',
      readMethod: 'contactless_emv',
      funding: 'credit',
      receipt: {
        accountType: 'credit',
        applicationPreferredName: 'Visa Credit',
        dedicatedFileName: 'A0000000031010',
        authorizationCode: '123456',
        authorizationResponseCode: '3030',
        cardholderVerificationMethod: 'none',
      },
    },
    lastError: null,
    createdAtMs: Date.UTC(2026, 0, 15, 17, 0, 0),
    updatedAtMs: Date.UTC(2026, 0, 15, 17, 1, 0),
    capturedAtMs: Date.UTC(2026, 0, 15, 17, 1, 0),
    lines: [
      {
        position: 0,
        productId: 'p1',
        description: 'Latte <large>',
        quantity: 2,
        unitPriceMinor: 475,
        amountMinor: 950,
        ...LINE_DEFAULTS,
      },
      {
        position: 1,
        productId: 'p2',
        description: 'Croissant',
        quantity: 1,
        unitPriceMinor: 395,
        amountMinor: 395,
        ...LINE_DEFAULTS,
      },
    ],
    discountMinor: 0,
    saleDiscount: null,
    taxIncluded: false,
    taxes: [],
    kind: 'sale',
    parentSaleId: null,
    receiptNumber: null,
    ...overrides,
  };
}

const location = {
  name: 'Mission',
  timeZone: 'America/Los_Angeles',
  address: { line1: '1 Valencia St', city: 'San Francisco' },
};

describe(buildReceiptView.name, () => {
  it("shows the time in the location's time zone and every card-present receipt field", () => {
    const view = buildReceiptView(paidSale(), 'Bean & Co', location);
    expect(view.dateTime).toBe('Jan 15, 2026, 9:01 AM PST');
    expect(view).toMatchObject({ subtotal: '$13.45', tax: '$1.16', tip: '$2.00', total: '$16.61' });
    expect(view.card).toEqual({
      brand: 'Visa',
      last4: '4242',
      entryMode: 'Contactless',
      applicationName: 'Visa Credit',
      aid: 'A0000000031010',
      authorizationCode: '123456',
      accountType: 'Credit',
      verification: 'none',
    });
  });

  it('formats yen without decimals', () => {
    const view = buildReceiptView(
      paidSale({ currency: 'jpy', subtotalMinor: 1480, taxMinor: 148, tipMinor: 0, totalMinor: 1628 }),
      'Kissa',
      { ...location, timeZone: 'Asia/Tokyo' },
    );
    expect(view).toMatchObject({ total: '¥1,628', tip: null, dateTime: 'Jan 16, 2026, 2:01 AM GMT+9' });
  });
});

describe(renderReceiptHtml.name, () => {
  it('escapes text from the catalog and includes the totals and card', () => {
    const html = renderReceiptHtml(buildReceiptView(paidSale(), 'Bean & Co', location));
    expect(html).toContain('Bean &amp; Co');
    expect(html).toContain('Latte &lt;large&gt;');
    expect(html).not.toContain('<large>');
    expect(html).toContain('Visa •••• 4242');
    expect(html).toContain('A0000000031010');
  });
});

describe(renderReceiptText.name, () => {
  it('lists lines, totals and the authorization code', () => {
    const text = renderReceiptText(buildReceiptView(paidSale(), 'Bean & Co', location));
    expect(text).toContain('2 × Latte <large>  $9.50');
    expect(text).toContain('Total  $16.61');
    expect(text).toContain('Auth code: 123456');
  });
});
