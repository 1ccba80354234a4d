import { describe, expect, it } from 'vitest';
import {
  compareSummaries,
  divideSignedRoundHalfUp,
  type RefundRecord,
  type SaleRecord,
  type SalesFigures,
  summarizeDailySeries,
  summarizeDayWithComparison,
  summarizeSales,
} from './sales-summary.ts';

const utc = (iso: string) => Date.parse(iso);
const NY = { 'loc-ny': 'America/New_York' };

let nextId = 1;
function buildSale(overrides: Partial<SaleRecord> = {}): SaleRecord {
  const subtotalMinor = overrides.subtotalMinor ?? 1000;
  const discountMinor = overrides.discountMinor ?? 0;
  const taxMinor = overrides.taxMinor ?? 0;
  const tipMinor = overrides.tipMinor ?? 0;
  return {
    id: `sale-${nextId++}`,
    locationId: 'loc-ny',
    status: 'succeeded',
    currency: 'usd',
    subtotalMinor,
    discountMinor,
    taxMinor,
    tipMinor,
    totalMinor: subtotalMinor - discountMinor + taxMinor + tipMinor,
    applicationFeeMinor: 0,
    stripeFeeMinor: 0,
    createdAtMs: utc('2026-03-08T16:00:00Z'),
    staffId: 'staff-a',
    cardBrand: 'visa',
    readMethod: 'contactless_emv',
    paymentIntentId: null,
    lines: [],
    ...overrides,
  };
}

function buildRefund(overrides: Partial<RefundRecord> = {}): RefundRecord {
  return {
    id: `refund-${nextId++}`,
    saleId: 'sale-older',
    locationId: 'loc-ny',
    currency: 'usd',
    amountMinor: 100,
    applicationFeeRefundedMinor: 0,
    status: 'succeeded',
    createdAtMs: utc('2026-03-08T19:00:00Z'),
    stripeRefundId: null,
    reason: null,
    ...overrides,
  };
}

const latte = (quantity: number) => ({
  itemId: 'prod-latte',
  description: 'Latte',
  quantity,
  unitPriceMinor: 450,
  amountMinor: quantity * 450,
});

// 2026-03-08 is New York's spring-forward day (23 hours): 00:00 EST = 05:00Z, next midnight = 04:00Z.
const morning = buildSale({
  id: 'sale-morning',
  createdAtMs: utc('2026-03-08T13:15:00Z'), // 09:15 EDT
  lines: [
    latte(2),
    { itemId: 'prod-muffin', description: 'Muffin', quantity: 1, unitPriceMinor: 350, amountMinor: 350 },
  ],
  subtotalMinor: 1250,
  taxMinor: 111,
  tipMinor: 200,
  applicationFeeMinor: 75,
  stripeFeeMinor: 52,
});
const lateNight = buildSale({
  id: 'sale-late',
  createdAtMs: utc('2026-03-09T03:30:00Z'), // 23:30 EDT, still 8 March in New York
  staffId: 'staff-b',
  cardBrand: 'mastercard',
  readMethod: 'contact_emv',
  lines: [latte(1)],
  subtotalMinor: 450,
  discountMinor: 50,
  taxMinor: 36,
  applicationFeeMinor: 30,
  stripeFeeMinor: 18,
});
const keyed = buildSale({
  id: 'sale-keyed',
  status: 'partially_refunded',
  createdAtMs: utc('2026-03-08T16:05:00Z'), // 12:05 EDT
  lines: [
    { itemId: null, description: 'Keyed amount', quantity: 1, unitPriceMinor: 5000, amountMinor: 5000 },
  ],
  subtotalMinor: 5000,
  applicationFeeMinor: 175,
  stripeFeeMinor: null,
});
const daySales: SaleRecord[] = [
  morning,
  lateNight,
  keyed,
  buildSale({ status: 'payment_failed', subtotalMinor: 999 }),
  buildSale({ status: 'canceled', subtotalMinor: 777 }),
  buildSale({ status: 'requires_capture', subtotalMinor: 2000 }),
  buildSale({ status: 'open', subtotalMinor: 123 }),
  buildSale({ createdAtMs: utc('2026-03-09T04:30:00Z'), subtotalMinor: 4444 }), // 00:30 EDT on 9 March
  buildSale({ createdAtMs: utc('2026-03-08T04:30:00Z'), subtotalMinor: 3333 }), // 23:30 EST on 7 March
  buildSale({ locationId: 'loc-elsewhere', subtotalMinor: 2222 }), // not in scope
];
const dayRefunds: RefundRecord[] = [
  buildRefund({ saleId: 'sale-keyed', amountMinor: 1200, applicationFeeRefundedMinor: 42 }),
  buildRefund({ saleId: 'sale-last-week', amountMinor: 500 }),
  buildRefund({ amountMinor: 100, status: 'pending' }),
  buildRefund({ amountMinor: 700, status: 'failed' }),
  buildRefund({ amountMinor: 800, status: 'canceled' }),
  buildRefund({ amountMinor: 900, createdAtMs: utc('2026-03-09T12:00:00Z') }),
];

const dayOf = (date: string) => ({ from: date, to: date });

function onlyCurrency(summary: ReturnType<typeof summarizeSales>) {
  expect(summary.currencies).toHaveLength(1);
  const [entry] = summary.currencies;
  if (entry === undefined) throw new Error('no currency');
  return entry;
}

describe(summarizeSales.name, () => {
  const summary = summarizeSales({
    range: dayOf('2026-03-08'),
    timeZoneByLocation: NY,
    sales: daySales,
    refunds: dayRefunds,
  });
  const usd = onlyCurrency(summary);

  it('computes every figure of a New York day with a 23:30 sale, partial refunds and an unknown fee', () => {
    expect(usd.currency).toBe('usd');
    expect(usd.figures).toEqual<SalesFigures>({
      grossSalesMinor: 6700, // 1250 + 450 + 5000
      discountsMinor: 50,
      // Square's net sales (issue 13): gross − refunds − discounts; refunds used to leave it at 6650.
      netSalesMinor: 4850, // 6700 − 1800 − 50
      taxMinor: 147,
      tipsMinor: 200,
      refundsMinor: 1800, // 1200 + 500 + 100 pending; failed, canceled and next-day refunds left out
      totalCollectedMinor: 5197, // 4850 + 147 + 200 = Σ totals 6997 − 1800
      stripeFeesMinor: 70,
      applicationFeesMinor: 280,
      applicationFeeRefundsMinor: 42,
      netToMerchantMinor: 4889, // 5197 − 70 − 280 + 42
      salesCount: 3,
      refundsCount: 3,
      averageSaleMinor: 1617, // net sales 4850 / 3 = 1616.67 (was 6650 / 3 before refunds reduced net sales)
      cardMinor: 5197, // every sale paid by card: 6997 taken − 1800 refunded
      cashMinor: 0,
      drawerOverShortMinor: 0,
    });
    expect(usd.stripeFeesUnknownCount).toBe(1);
    expect(usd.uncapturedAuthorizations).toEqual({ count: 1, amountMinor: 2000 });
  });

  it('breaks sales down by card brand and entry method, largest first', () => {
    expect(
      usd.byPaymentMethod.map((row) => [row.cardBrand, row.readMethod, row.salesCount, row.totalMinor]),
    ).toEqual([
      ['visa', 'contactless_emv', 2, 6561],
      ['mastercard', 'contact_emv', 1, 436],
    ]);
  });

  it('breaks sales down by item, keyed amounts by description', () => {
    // Items without variants or line discounts (the lines of this day have none).
    const ITEM = { variantId: null, discountsMinor: 0 };
    expect(usd.byItem).toEqual([
      {
        ...ITEM,
        itemId: null,
        description: 'Keyed amount',
        quantity: 1,
        grossSalesMinor: 5000,
        salesCount: 1,
      },
      {
        ...ITEM,
        itemId: 'prod-latte',
        description: 'Latte',
        quantity: 3,
        grossSalesMinor: 1350,
        salesCount: 2,
      },
      {
        ...ITEM,
        itemId: 'prod-muffin',
        description: 'Muffin',
        quantity: 1,
        grossSalesMinor: 350,
        salesCount: 1,
      },
    ]);
  });

  it('breaks sales down by staff member', () => {
    expect(usd.byStaff).toEqual([
      {
        staffId: 'staff-a',
        salesCount: 2,
        grossSalesMinor: 6250,
        discountsMinor: 0,
        netSalesMinor: 6250,
        taxMinor: 111,
        tipsMinor: 200,
        totalMinor: 6561,
      },
      {
        staffId: 'staff-b',
        salesCount: 1,
        grossSalesMinor: 450,
        discountsMinor: 50,
        netSalesMinor: 400,
        taxMinor: 36,
        tipsMinor: 0,
        totalMinor: 436,
      },
    ]);
  });

  it('breaks sales down by local hour, 24 slots, the 23:30 sale in hour 23', () => {
    expect(usd.byHour).toHaveLength(24);
    const busy = usd.byHour.filter((slot) => slot.salesCount > 0).map((slot) => [slot.hour, slot.totalMinor]);
    expect(busy).toEqual([
      [9, 1561],
      [12, 5000],
      [23, 436],
    ]);
  });

  it('ties every breakdown back to the totals', () => {
    const sumOf = (rows: { totalMinor: number; salesCount: number }[]) => [
      rows.reduce((sum, row) => sum + row.totalMinor, 0),
      rows.reduce((sum, row) => sum + row.salesCount, 0),
    ];
    const expected = [usd.figures.totalCollectedMinor + usd.figures.refundsMinor, usd.figures.salesCount];
    expect(sumOf(usd.byPaymentMethod)).toEqual(expected);
    expect(sumOf(usd.byStaff)).toEqual(expected);
    expect(sumOf(usd.byHour)).toEqual(expected);
    expect(sumOf(usd.byLocation)).toEqual(expected);
    expect(usd.byItem.reduce((sum, row) => sum + row.grossSalesMinor, 0)).toBe(usd.figures.grossSalesMinor);
  });

  it('counts a refund on the day it was made, not on the day of its sale', () => {
    const sale = buildSale({
      id: 'sale-monday',
      createdAtMs: utc('2026-03-09T15:00:00Z'),
      subtotalMinor: 2000,
    });
    const refund = buildRefund({
      saleId: 'sale-monday',
      amountMinor: 2000,
      createdAtMs: utc('2026-03-10T15:00:00Z'),
    });
    const input = { timeZoneByLocation: NY, sales: [sale], refunds: [refund] };
    const monday = onlyCurrency(summarizeSales({ ...input, range: dayOf('2026-03-09') })).figures;
    const tuesday = onlyCurrency(summarizeSales({ ...input, range: dayOf('2026-03-10') })).figures;
    expect([monday.salesCount, monday.refundsMinor, monday.totalCollectedMinor]).toEqual([1, 0, 2000]);
    expect([tuesday.salesCount, tuesday.refundsMinor, tuesday.totalCollectedMinor]).toEqual([0, 2000, -2000]);
    expect(tuesday.netToMerchantMinor).toBe(-2000);
    expect(tuesday.averageSaleMinor).toBe(0);
  });

  it('places each location’s rows in its own time zone when summarising all locations', () => {
    const zones = { 'loc-tokyo': 'Asia/Tokyo', 'loc-ny': 'America/New_York' };
    const sales = [
      buildSale({ locationId: 'loc-tokyo', createdAtMs: utc('2026-03-07T23:00:00Z'), subtotalMinor: 100 }), // 08:00 JST 8 Mar
      buildSale({ locationId: 'loc-ny', createdAtMs: utc('2026-03-09T00:00:00Z'), subtotalMinor: 200 }), // 20:00 EDT 8 Mar
      buildSale({ locationId: 'loc-tokyo', createdAtMs: utc('2026-03-08T15:00:00Z'), subtotalMinor: 400 }), // 00:00 JST 9 Mar
    ];
    const usd = onlyCurrency(
      summarizeSales({ range: dayOf('2026-03-08'), timeZoneByLocation: zones, sales, refunds: [] }),
    );
    expect(usd.figures.grossSalesMinor).toBe(300);
    expect(usd.byLocation.map((row) => [row.locationId, row.timeZone, row.grossSalesMinor])).toEqual([
      ['loc-ny', 'America/New_York', 200],
      ['loc-tokyo', 'Asia/Tokyo', 100],
    ]);
    expect(usd.byHour.filter((slot) => slot.salesCount > 0).map((slot) => slot.hour)).toEqual([8, 20]);
  });

  it('keeps currencies apart, sorted by code', () => {
    const sales = [
      buildSale({ currency: 'usd', subtotalMinor: 1000 }),
      buildSale({ currency: 'cad', subtotalMinor: 700, cardBrand: 'interac', readMethod: 'contact_emv' }),
    ];
    const refunds = [buildRefund({ currency: 'cad', amountMinor: 200 })];
    const summary = summarizeSales({ range: dayOf('2026-03-08'), timeZoneByLocation: NY, sales, refunds });
    expect(summary.currencies.map((entry) => [entry.currency, entry.figures.totalCollectedMinor])).toEqual([
      ['cad', 500],
      ['usd', 1000],
    ]);
  });

  it('sums JPY in whole yen and rounds the average half up', () => {
    const tokyo = { 'loc-tokyo': 'Asia/Tokyo' };
    const at = utc('2026-03-08T03:00:00Z');
    const yen = (subtotalMinor: number, taxMinor: number) =>
      buildSale({
        locationId: 'loc-tokyo',
        currency: 'jpy',
        createdAtMs: at,
        subtotalMinor,
        taxMinor,
        cardBrand: 'jcb',
      });
    const sales = [yen(1200, 120), yen(880, 88), yen(1001, 100), yen(1000, 100)];
    const refunds = [
      buildRefund({ locationId: 'loc-tokyo', currency: 'jpy', amountMinor: 300, createdAtMs: at }),
    ];
    const jpy = onlyCurrency(
      summarizeSales({ range: dayOf('2026-03-08'), timeZoneByLocation: tokyo, sales, refunds }),
    );
    expect(jpy.currency).toBe('jpy');
    expect(jpy.figures).toMatchObject({
      grossSalesMinor: 4081,
      taxMinor: 408,
      refundsMinor: 300,
      netSalesMinor: 3781, // 4081 − 300 (refunds reduce net sales, issue 13)
      totalCollectedMinor: 4189,
      averageSaleMinor: 945, // net sales 3781 / 4 = 945.25 (was gross 4081 / 4 before issue 13)
    });
    const half = [yen(1000, 0), yen(1001, 0)];
    const halfAverage = onlyCurrency(
      summarizeSales({ range: dayOf('2026-03-08'), timeZoneByLocation: tokyo, sales: half, refunds: [] }),
    ).figures.averageSaleMinor;
    expect(halfAverage).toBe(1001); // 1000.5 rounds up
  });

  it('groups currency codes case-insensitively and reports them lower-case', () => {
    const sales = [
      buildSale({ currency: 'USD', subtotalMinor: 100 }),
      buildSale({ currency: 'usd', subtotalMinor: 200 }),
    ];
    const summary = summarizeSales({
      range: dayOf('2026-03-08'),
      timeZoneByLocation: NY,
      sales,
      refunds: [],
    });
    expect(summary.currencies.map((entry) => [entry.currency, entry.figures.grossSalesMinor])).toEqual([
      ['usd', 300],
    ]);
  });

  it('refuses a location whose time zone is not a valid IANA name, even without rows', () => {
    expect(() =>
      summarizeSales({
        range: dayOf('2026-03-08'),
        timeZoneByLocation: { loc: 'EST-ish' },
        sales: [],
        refunds: [],
      }),
    ).toThrow(/not an IANA time zone/);
  });

  it('returns no currency at all for a day without activity', () => {
    expect(
      summarizeSales({ range: dayOf('2026-03-08'), timeZoneByLocation: NY, sales: [], refunds: [] })
        .currencies,
    ).toEqual([]);
  });

  it('covers a custom multi-day range with the same figures', () => {
    const range = { from: '2026-03-07', to: '2026-03-09' };
    const usdRange = onlyCurrency(
      summarizeSales({ range, timeZoneByLocation: NY, sales: daySales, refunds: dayRefunds }),
    );
    expect(usdRange.figures.grossSalesMinor).toBe(6700 + 4444 + 3333);
    expect(usdRange.figures.refundsMinor).toBe(1800 + 900);
  });

  it.each<[string, Partial<SaleRecord>, RegExp]>([
    ['a total that does not add up', { subtotalMinor: 1000, totalMinor: 999 }, /sale sale-bad: total 999/],
    ['lines that do not sum to the subtotal', { subtotalMinor: 1000, lines: [latte(1)] }, /lines sum to 450/],
    ['a negative tax', { taxMinor: -5, totalMinor: 995 }, /taxMinor must be a non-negative integer/],
    ['a fractional amount', { subtotalMinor: 10.5, totalMinor: 10.5 }, /subtotalMinor/],
  ])('refuses a counted sale with %s, naming it', (_name, overrides, message) => {
    const sale = buildSale({ id: 'sale-bad', ...overrides });
    expect(() =>
      summarizeSales({ range: dayOf('2026-03-08'), timeZoneByLocation: NY, sales: [sale], refunds: [] }),
    ).toThrow(message);
  });

  it('refuses a zero refund and a range that ends before it starts', () => {
    const refunds = [buildRefund({ id: 'refund-zero', amountMinor: 0 })];
    expect(() =>
      summarizeSales({ range: dayOf('2026-03-08'), timeZoneByLocation: NY, sales: [], refunds }),
    ).toThrow(/refund-zero/);
    expect(() =>
      summarizeSales({
        range: { from: '2026-03-09', to: '2026-03-08' },
        timeZoneByLocation: NY,
        sales: [],
        refunds: [],
      }),
    ).toThrow(RangeError);
  });
});

describe(summarizeDailySeries.name, () => {
  it('gives every date of the range per currency, zero-filled, each equal to that day’s summary', () => {
    const range = { from: '2026-03-07', to: '2026-03-10' };
    const input = { range, timeZoneByLocation: NY, sales: daySales, refunds: dayRefunds };
    const series = summarizeDailySeries(input);
    expect(series.map((row) => [row.date, row.currency, row.figures.grossSalesMinor])).toEqual([
      ['2026-03-07', 'usd', 3333],
      ['2026-03-08', 'usd', 6700],
      ['2026-03-09', 'usd', 4444],
      ['2026-03-10', 'usd', 0],
    ]);
    for (const row of series) {
      const day = summarizeSales({ ...input, range: dayOf(row.date) });
      const figures = day.currencies[0]?.figures;
      if (figures !== undefined) expect(row.figures).toEqual(figures);
      else expect(row.figures.salesCount + row.figures.refundsCount).toBe(0);
    }
  });
});

describe(summarizeDayWithComparison.name, () => {
  it('compares a day with the same weekday last week, figure by figure', () => {
    const lastWeek = [
      buildSale({ createdAtMs: utc('2026-03-01T17:00:00Z'), subtotalMinor: 4000, tipMinor: 400 }),
      buildSale({ createdAtMs: utc('2026-03-01T18:00:00Z'), subtotalMinor: 1000, tipMinor: 0 }),
    ];
    const today = [buildSale({ createdAtMs: utc('2026-03-08T17:00:00Z'), subtotalMinor: 6000, tipMinor: 0 })];
    const daily = summarizeDayWithComparison({
      date: '2026-03-08',
      timeZoneByLocation: NY,
      sales: [...lastWeek, ...today],
      refunds: [],
    });
    expect(daily.comparedWith).toBe('2026-03-01');
    const [usd] = daily.comparison;
    expect(usd?.currency).toBe('usd');
    expect(usd?.figures.grossSalesMinor).toEqual({
      current: 6000,
      previous: 5000,
      delta: 1000,
      changeBps: 2000,
    });
    expect(usd?.figures.tipsMinor).toEqual({ current: 0, previous: 400, delta: -400, changeBps: -10_000 });
    expect(usd?.figures.salesCount).toEqual({ current: 1, previous: 2, delta: -1, changeBps: -5000 });
    expect(usd?.figures.refundsMinor).toEqual({ current: 0, previous: 0, delta: 0, changeBps: null });
  });

  it('treats a currency missing on one side as zeros and rounds the change half away from zero', () => {
    const current = summarizeSales({
      range: dayOf('2026-03-08'),
      timeZoneByLocation: NY,
      sales: [
        buildSale({ currency: 'usd', subtotalMinor: 3 }),
        buildSale({ currency: 'cad', subtotalMinor: 10 }),
      ],
      refunds: [],
    });
    const previous = summarizeSales({
      range: dayOf('2026-03-01'),
      timeZoneByLocation: NY,
      sales: [buildSale({ currency: 'usd', subtotalMinor: 7, createdAtMs: utc('2026-03-01T17:00:00Z') })],
      refunds: [],
    });
    const comparison = compareSummaries(current, previous);
    expect(comparison.map((entry) => entry.currency)).toEqual(['cad', 'usd']);
    expect(comparison[0]?.figures.grossSalesMinor).toEqual({
      current: 10,
      previous: 0,
      delta: 10,
      changeBps: null,
    });
    // (3 − 7) / 7 = −57.142857 % → −5714 bps
    expect(comparison[1]?.figures.grossSalesMinor.changeBps).toBe(-5714);
  });
});

describe(divideSignedRoundHalfUp.name, () => {
  it.each([
    [7, 2, 4],
    [-7, 2, -4],
    [5, 3, 2],
    [-5, 3, -2],
    [1, 3, 0],
    [0, 5, 0],
    [7, -2, -4],
  ])('%i / %i = %i', (numerator, denominator, expected) => {
    expect(divideSignedRoundHalfUp(numerator, denominator)).toBe(expected);
  });

  it('refuses division by zero', () => {
    expect(() => divideSignedRoundHalfUp(1, 0)).toThrow(RangeError);
  });
});
