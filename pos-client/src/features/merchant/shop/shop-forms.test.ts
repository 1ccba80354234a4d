import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/api-client.ts';
import { amountText, csvRowErrors, parseDelta, parsePercent, parsePrice, percentText } from './shop-forms.ts';

describe('shop forms', () => {
  it('writes and reads amounts in the currency’s digits', () => {
    expect(amountText(450, 'usd')).toBe('4.50');
    expect(amountText(480, 'jpy')).toBe('480');
    expect(amountText(-50, 'usd')).toBe('-0.50');
    expect(parsePrice('4.50', 'usd')).toBe(450);
    expect(parsePrice('480', 'jpy')).toBe(480);
    expect(parsePrice('4.5x', 'usd')).toBeNull();
    expect(parseDelta('-0.50', 'usd')).toBe(-50);
    expect(parseDelta('+0.75', 'usd')).toBe(75);
    expect(parseDelta('-100', 'jpy')).toBe(-100);
  });

  it('reads percentages as basis points and writes them back', () => {
    expect(parsePercent('10')).toBe(1000);
    expect(parsePercent('8.63')).toBe(863);
    expect(parsePercent('8.5 %')).toBe(850);
    expect(parsePercent('100')).toBe(10_000);
    expect(parsePercent('101')).toBeNull();
    expect(parsePercent('ten')).toBeNull();
    expect(percentText(1000)).toBe('10');
    expect(percentText(863)).toBe('8.63');
    expect(percentText(850)).toBe('8.5');
  });

  it('finds the refused rows of a CSV import', () => {
    const refused = new ApiError('csv_invalid', 'The CSV has problems.', 400, null, {
      rows: [{ row: 3, message: 'price: not an amount' }, { nonsense: true }],
    });
    expect(csvRowErrors(refused)).toEqual([{ row: 3, message: 'price: not an amount' }]);
    expect(csvRowErrors(new ApiError('csv_invalid', 'x', 400))).toEqual([]);
    expect(csvRowErrors(new ApiError('forbidden', 'x', 403))).toBeNull();
    expect(csvRowErrors(new Error('x'))).toBeNull();
  });
});
