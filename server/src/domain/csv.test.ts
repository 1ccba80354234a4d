import { describe, expect, it } from 'vitest';
import {
  buildDailySummaryCsv,
  buildRefundsCsv,
  buildSalesCsv,
  csvFileName,
  DAILY_SUMMARY_CSV_HEADER,
  formatCsvField,
  formatMinorAsDecimal,
  neutralizeFormula,
  toCsv,
} from './csv.ts';
import { type RefundRecord, type SaleRecord, summarizeDailySeries } from './sales-summary.ts';

const utc = (iso: string) => Date.parse(iso);

/** A strict RFC 4180 reader for the tests: records of fields, CRLF-terminated. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let index = 0;
  while (index < text.length) {
    if (text[index] === '"') {
      index += 1;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote < 0) throw new Error('unterminated quote');
        field += text.slice(index, quote);
        index = quote + 1;
        if (text[index] === '"') {
          field += '"';
          index += 1;
        } else break;
      }
    } else {
      while (index < text.length && text[index] !== ',' && text[index] !== '\r') field += text[index++];
    }
    if (text[index] === ',') {
      record.push(field);
      field = '';
      index += 1;
    } else if (text.startsWith('\r\n', index)) {
      record.push(field);
      records.push(record);
      field = '';
      record = [];
      index += 2;
    } else {
      throw new Error(`unexpected character at ${index}`);
    }
  }
  if (field !== '' || record.length > 0) throw new Error('last record is not CRLF-terminated');
  return records;
}

describe(formatCsvField.name, () => {
  it.each<[string, string | number | null, string]>([
    ['plain text as is', 'Latte', 'Latte'],
    ['an empty string as empty', '', ''],
    ['null as empty', null, ''],
    ['an integer as digits', 42, '42'],
    ['a comma by quoting', 'Milk, oat', '"Milk, oat"'],
    ['a quote by doubling it', 'the "big" one', '"the ""big"" one"'],
    ['a line feed by quoting', 'two\nlines', '"two\nlines"'],
    ['a carriage return by quoting', 'two\r\nlines', '"two\r\nlines"'],
    ['a formula starting with =', '=1+2', "'=1+2"],
    ['a formula starting with +', '+1+cmd', "'+1+cmd"],
    ['a formula starting with -', '-2+3', "'-2+3"],
    ['a formula starting with @', '@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['a cell starting with a tab', '\t=1', "'\t=1"],
    ['a cell starting with CR, also quoted', '\r=1', `"'\r=1"`],
    [
      'a hyperlink formula with quotes',
      '=HYPERLINK("http://x.test","y")',
      `"'=HYPERLINK(""http://x.test"",""y"")"`,
    ],
    ['a negative decimal amount without a prefix', '-12.50', '-12.50'],
    ['a negative whole amount without a prefix', '-300', '-300'],
    ['an = later in the text as is', 'a=b', 'a=b'],
  ])('writes %s', (_name, cell, expected) => {
    expect(formatCsvField(cell)).toBe(expected);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses the non-integer number %s', (cell) => {
    expect(() => formatCsvField(cell)).toThrow(RangeError);
  });

  it('leaves text a spreadsheet reads as text alone', () => {
    expect(neutralizeFormula('Café ☕')).toBe('Café ☕');
    expect(neutralizeFormula(' =1')).toBe(' =1');
  });
});

describe(toCsv.name, () => {
  it('ends every record, the last one too, with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['1', 2],
          [null, 'x'],
        ],
      ),
    ).toBe('a,b\r\n1,2\r\n,x\r\n');
  });

  it('round-trips awkward fields through an RFC 4180 reader', () => {
    const awkward = ['a,b', 'say "hi"', 'multi\r\nline', '', '=cmd', 'ok'];
    const parsed = parseCsv(
      toCsv(
        ['x'],
        awkward.map((text) => [text]),
      ),
    );
    expect(parsed).toEqual([['x'], ['a,b'], ['say "hi"'], ['multi\r\nline'], [''], ["'=cmd"], ['ok']]);
  });

  it('prepends a byte order mark only when asked', () => {
    expect(toCsv(['a'], [], { byteOrderMark: true })).toBe('\uFEFFa\r\n');
    expect(toCsv(['a'], [])).toBe('a\r\n');
  });

  it('refuses a record whose field count differs from the header', () => {
    expect(() => toCsv(['a', 'b'], [['only one']])).toThrow(/row 1 has 1 fields/);
    expect(() => toCsv([], [])).toThrow(RangeError);
  });
});

describe(formatMinorAsDecimal.name, () => {
  it.each([
    [1234, 'usd', '12.34'],
    [5, 'usd', '0.05'],
    [-5, 'usd', '-0.05'],
    [0, 'usd', '0.00'],
    [-2000, 'USD', '-20.00'],
    [99_999_999, 'eur', '999999.99'],
    [1234, 'jpy', '1234'],
    [-300, 'jpy', '-300'],
    [0, 'krw', '0'],
    [1234, 'kwd', '1.234'],
    [7, 'bhd', '0.007'],
  ])('writes %i %s as %s', (amountMinor, currency, text) => {
    expect(formatMinorAsDecimal(amountMinor, currency)).toBe(text);
  });

  it('refuses a fractional amount', () => {
    expect(() => formatMinorAsDecimal(10.5, 'usd')).toThrow(RangeError);
  });
});

describe(csvFileName.name, () => {
  it('names a day and a range', () => {
    expect(csvFileName('sales', { from: '2026-03-08', to: '2026-03-08' })).toBe('sales-2026-03-08.csv');
    expect(csvFileName('daily-summary', { from: '2026-03-01', to: '2026-03-31' })).toBe(
      'daily-summary-2026-03-01-to-2026-03-31.csv',
    );
  });
});

const zones = { 'loc-ny': 'America/New_York', 'loc-tokyo': 'Asia/Tokyo' };

const nySale: SaleRecord = {
  id: 'sale-1',
  locationId: 'loc-ny',
  status: 'partially_refunded',
  currency: 'usd',
  subtotalMinor: 1250,
  discountMinor: 100,
  taxMinor: 102,
  tipMinor: 200,
  totalMinor: 1452,
  applicationFeeMinor: 72,
  stripeFeeMinor: null,
  createdAtMs: utc('2026-07-05T03:30:00Z'), // 23:30 EDT on 4 July
  staffId: 'staff-a',
  cardBrand: 'visa',
  readMethod: 'contactless_emv',
  paymentIntentId: 'pi_123',
  lines: [
    { itemId: 'p1', description: 'Latte, large', quantity: 2, unitPriceMinor: 450, amountMinor: 900 },
    { itemId: 'p2', description: '=cmd|"/c calc"!A1', quantity: 1, unitPriceMinor: 350, amountMinor: 350 },
  ],
};

const tokyoSale: SaleRecord = {
  ...nySale,
  id: 'sale-2',
  locationId: 'loc-tokyo',
  status: 'succeeded',
  currency: 'jpy',
  subtotalMinor: 1200,
  discountMinor: 0,
  taxMinor: 120,
  tipMinor: 0,
  totalMinor: 1320,
  applicationFeeMinor: 43,
  stripeFeeMinor: 47,
  createdAtMs: utc('2026-07-04T14:30:00Z'), // 23:30 JST on 4 July
  cardBrand: 'jcb',
  readMethod: 'contact_emv',
  paymentIntentId: 'pi_456',
  lines: [{ itemId: 'p9', description: 'Matcha', quantity: 1, unitPriceMinor: 1200, amountMinor: 1200 }],
};

describe(buildSalesCsv.name, () => {
  it('writes each sale in its currency’s digits and its location’s time zone', () => {
    const records = parseCsv(
      buildSalesCsv([nySale, tokyoSale], zones, {
        names: { locations: { 'loc-ny': 'Brooklyn', 'loc-tokyo': 'Shibuya' }, staff: { 'staff-a': 'Ana' } },
      }),
    );
    expect(records).toEqual([
      [
        'sale_id',
        'local_date',
        'created_at',
        'location_id',
        'location_name',
        'time_zone',
        'staff_id',
        'staff_name',
        'status',
        'currency',
        'subtotal',
        'discount',
        'tax',
        'tip',
        'total',
        'application_fee',
        'stripe_fee',
        'card_brand',
        'entry_method',
        'payment_intent_id',
        'items',
        'receipt_number',
        'tax_included',
        'card',
        'cash',
        'discounts',
      ],
      [
        'sale-1',
        '2026-07-04',
        '2026-07-04T23:30:00-04:00',
        'loc-ny',
        'Brooklyn',
        'America/New_York',
        'staff-a',
        'Ana',
        'partially_refunded',
        'USD',
        '12.50',
        '1.00',
        '1.02',
        '2.00',
        '14.52',
        '0.72',
        '',
        'visa',
        'contactless_emv',
        'pi_123',
        '2 × Latte, large; 1 × =cmd|"/c calc"!A1',
        '',
        'no',
        '14.52', // paid directly by card
        '0.00',
        '',
      ],
      [
        'sale-2',
        '2026-07-04',
        '2026-07-04T23:30:00+09:00',
        'loc-tokyo',
        'Shibuya',
        'Asia/Tokyo',
        'staff-a',
        'Ana',
        'succeeded',
        'JPY',
        '1200',
        '0',
        '120',
        '0',
        '1320',
        '43',
        '47',
        'jcb',
        'contact_emv',
        'pi_456',
        '1 × Matcha',
        '',
        'no',
        '1320',
        '0',
        '',
      ],
    ]);
  });

  it('leaves a name empty when the id has none (and without names at all)', () => {
    const [, row] = parseCsv(buildSalesCsv([nySale], zones));
    expect(row?.slice(3, 7)).toEqual(['loc-ny', '', 'America/New_York', 'staff-a']);
    expect(row?.[7]).toBe('');
  });

  it('refuses a sale whose location has no time zone', () => {
    expect(() => buildSalesCsv([nySale], { 'loc-tokyo': 'Asia/Tokyo' })).toThrow(/sale sale-1: no time zone/);
  });
});

describe(buildRefundsCsv.name, () => {
  it('dates each refund by the refund and neutralises a formula in the reason', () => {
    const refund: RefundRecord = {
      id: 'refund-1',
      saleId: 'sale-1',
      locationId: 'loc-ny',
      currency: 'usd',
      amountMinor: 500,
      applicationFeeRefundedMinor: 25,
      status: 'succeeded',
      createdAtMs: utc('2026-11-01T06:30:00Z'), // 01:30 EST, the repeated hour
      stripeRefundId: 're_1',
      reason: '@SUM(1+1)',
    };
    const csv = buildRefundsCsv([refund], zones, { names: { locations: { 'loc-ny': 'Brooklyn' } } });
    expect(csv.split('\r\n')[1]).toBe(
      "refund-1,sale-1,2026-11-01,2026-11-01T01:30:00-05:00,loc-ny,Brooklyn,America/New_York,succeeded,USD,5.00,0.25,'@SUM(1+1),re_1,card,0.00",
    );
  });
});

describe(buildDailySummaryCsv.name, () => {
  it('writes one record per date and currency, counts as integers and money as decimals', () => {
    const refund: RefundRecord = {
      id: 'refund-2',
      saleId: 'sale-0',
      locationId: 'loc-ny',
      currency: 'usd',
      amountMinor: 2000,
      applicationFeeRefundedMinor: 0,
      status: 'succeeded',
      createdAtMs: utc('2026-07-05T14:00:00Z'),
      stripeRefundId: null,
      reason: null,
    };
    const series = summarizeDailySeries({
      range: { from: '2026-07-04', to: '2026-07-05' },
      timeZoneByLocation: zones,
      sales: [nySale, tokyoSale],
      refunds: [refund],
    });
    const records = parseCsv(buildDailySummaryCsv(series, { byteOrderMark: true }).slice(1));
    expect(records[0]).toEqual([...DAILY_SUMMARY_CSV_HEADER]);
    expect(records.slice(1)).toEqual([
      // date, currency, gross, discounts, net, tax, tips, refunds, collected, stripe, app, app refunds, net to merchant, sales, refunds, average, unknown fees, card, cash, drawer over/short
      [
        '2026-07-04',
        'JPY',
        '1200',
        '0',
        '1200',
        '120',
        '0',
        '0',
        '1320',
        '47',
        '43',
        '0',
        '1230',
        '1',
        '0',
        '1200',
        '0',
        '1320',
        '0',
        '0',
      ],
      [
        '2026-07-05',
        'JPY',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
        '0',
      ],
      [
        '2026-07-04',
        'USD',
        '12.50',
        '1.00',
        '11.50',
        '1.02',
        '2.00',
        '0.00',
        '14.52',
        '0.00',
        '0.72',
        '0.00',
        '13.80',
        '1',
        '0',
        '11.50',
        '1',
        '14.52',
        '0.00',
        '0.00',
      ],
      [
        '2026-07-05',
        'USD',
        '0.00',
        '0.00',
        '-20.00', // net sales = gross − refunds − discounts (issue 13; was 0.00)
        '0.00',
        '0.00',
        '20.00',
        '-20.00',
        '0.00',
        '0.00',
        '0.00',
        '-20.00',
        '0',
        '1',
        '0.00',
        '0',
        '-20.00',
        '0.00',
        '0.00',
      ],
    ]);
  });
});
