import { describe, expect, it } from 'vitest';
import { changePercent, entryMethod, parseMajorAmount } from './format.ts';

describe('merchant formatting', () => {
  it('reads typed amounts in the currency digits', () => {
    expect(parseMajorAmount('3.50', 2)).toBe(350);
    expect(parseMajorAmount('3.5', 2)).toBe(350);
    expect(parseMajorAmount('12', 2)).toBe(1200);
    expect(parseMajorAmount('1200', 0)).toBe(1200);
    expect(parseMajorAmount('12.5', 0)).toBeNull();
    expect(parseMajorAmount('1.234', 2)).toBeNull();
    expect(parseMajorAmount('-1', 2)).toBeNull();
    expect(parseMajorAmount('', 2)).toBeNull();
  });

  it('shows changes in percent with a sign, and a dash without a baseline', () => {
    expect(changePercent(1250)).toBe('+12.5%');
    expect(changePercent(-300)).toBe('−3%');
    expect(changePercent(0)).toBe('0%');
    expect(changePercent(null)).toBe('—');
  });

  it('names entry methods in plain words', () => {
    expect(entryMethod('contactless_emv')).toBe('Contactless');
    expect(entryMethod(null)).toBe('Unknown');
  });
});
