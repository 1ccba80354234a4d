// The receipt view after payment: discounts, tax (added or included), each tender with the cash given and
// the change (static markup in node).
import type { Sale } from '@countertop/shared';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SaleSummary } from './SaleSummary.tsx';

const tender = {
  tipMinor: 0,
  refundedMinor: 0,
  createdAt: '2026-12-04T10:00:00Z',
  status: 'paid' as const,
};

const sale = {
  id: 'sal_1',
  currency: 'usd',
  receiptNumber: 'MISSION-1-7',
  lines: [
    {
      description: 'Flat white (12 oz)',
      quantity: 1,
      amountMinor: 575,
      modifiers: [{ modifierId: 'mod_oat', name: 'Oat milk', priceDeltaMinor: 50 }],
      discount: null,
    },
  ],
  subtotalMinor: 575,
  discountMinor: 58,
  saleDiscount: { name: 'Happy hour 10%', discountMinor: 58 },
  taxIncluded: false,
  taxes: [{ name: 'Sales tax 8.63%', taxClass: 'standard', rateBps: 863, baseMinor: 517, taxMinor: 45 }],
  tipMinor: 0,
  totalMinor: 562,
  tenders: [
    {
      ...tender,
      id: 'tnd_1',
      method: 'cash',
      amountMinor: 281,
      tenderedMinor: 500,
      changeMinor: 219,
      card: null,
    },
    {
      ...tender,
      id: 'tnd_2',
      method: 'card',
      amountMinor: 281,
      tenderedMinor: null,
      changeMinor: null,
      card: { brand: 'visa', last4: '4242', readMethod: null },
    },
  ],
} as unknown as Sale;

describe('SaleSummary', () => {
  it('shows the discount, the tax added, both tenders, the cash given and the change', () => {
    const html = renderToStaticMarkup(<SaleSummary sale={sale} />);
    expect(html).toContain('Receipt MISSION-1-7');
    expect(html).toContain('Oat milk');
    expect(html).toContain('Discounts (Happy hour 10%)');
    expect(html).toContain('−$0.58');
    expect(html).toContain('Sales tax 8.63%');
    expect(html).toContain('(given $5.00)');
    expect(html).toContain('Change');
    expect(html).toContain('$2.19');
    expect(html).toContain('VISA •••• 4242');
  });

  it('says the tax is included where prices include it', () => {
    const html = renderToStaticMarkup(
      <SaleSummary
        sale={{ ...sale, taxIncluded: true, currency: 'jpy', saleDiscount: null, discountMinor: 0 }}
      />,
    );
    expect(html).toContain('Sales tax 8.63% (included)');
    expect(html).not.toContain('Discounts');
  });
});
