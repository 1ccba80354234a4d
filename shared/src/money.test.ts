import { describe, expect, it } from 'vitest';
import { formatMoney, minorUnitDigits, parseMajorAmount } from './money.ts';

describe('minorUnitDigits', () => {
  it.each([
    ['usd', 2],
    ['JPY', 0],
    ['krw', 0],
    ['kwd', 3],
    ['eur', 2],
  ])('%s has %i decimals', (currency, digits) => {
    expect(minorUnitDigits(currency)).toBe(digits);
  });
});

describe('formatMoney', () => {
  it('formats cents as dollars', () => {
    expect(formatMoney(1099, 'usd')).toBe('$10.99');
  });
  it('formats zero-decimal yen without dividing', () => {
    expect(formatMoney(1099, 'jpy')).toBe('¥1,099');
  });
  it('rejects a fractional amount', () => {
    expect(() => formatMoney(10.5, 'usd')).toThrow(RangeError);
  });
});

describe('parseMajorAmount', () => {
  it.each([
    ['10.99', 'usd', 1099],
    ['10.9', 'usd', 1090],
    ['5', 'usd', 500],
    ['.5', 'usd', 50],
    ['1,099', 'jpy', 1099],
    ['1.5', 'jpy', null],
    ['10.999', 'usd', null],
    ['abc', 'usd', null],
    ['', 'usd', null],
    ['-1', 'usd', null],
    // The merchant view's refund and search amounts, read by this same function:
    ['3.50', 'usd', 350],
    ['3.5', 'usd', 350],
    ['12', 'usd', 1200],
    ['1200', 'jpy', 1200],
    ['12.5', 'jpy', null],
    ['1.234', 'usd', null],
  ])('parses %j in %s as %j', (text, currency, expected) => {
    expect(parseMajorAmount(text, currency)).toBe(expected);
  });
});
