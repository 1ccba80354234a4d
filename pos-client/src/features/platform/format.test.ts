import { describe, expect, it } from 'vitest';
import { bpsToPercent, minorToInput, parseAmountToMinor } from './format.ts';

describe('platform money inputs', () => {
  it('parses amounts in the currency units into minor units', () => {
    expect(parseAmountToMinor('0.30', 'usd')).toBe(30);
    expect(parseAmountToMinor('12.5', 'usd')).toBe(1250);
    expect(parseAmountToMinor('100', 'jpy')).toBe(100);
    expect(parseAmountToMinor('1.234', 'kwd')).toBe(1234);
    expect(parseAmountToMinor('', 'usd')).toBeNull();
  });

  it('refuses negative amounts, too many decimals and decimals in zero-decimal currencies', () => {
    expect(parseAmountToMinor('-1', 'usd')).toBeUndefined();
    expect(parseAmountToMinor('0.001', 'usd')).toBeUndefined();
    expect(parseAmountToMinor('1.5', 'jpy')).toBeUndefined();
    expect(parseAmountToMinor('abc', 'usd')).toBeUndefined();
  });

  it('formats minor units back for form fields and bps as percent', () => {
    expect(minorToInput(30, 'usd')).toBe('0.30');
    expect(minorToInput(100, 'jpy')).toBe('100');
    expect(minorToInput(null, 'usd')).toBe('');
    expect(bpsToPercent(150)).toBe('1.5 %');
  });
});
