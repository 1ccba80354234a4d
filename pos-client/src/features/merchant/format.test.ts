import { describe, expect, it } from 'vitest';
import { changePercent, entryMethod } from './format.ts';

// Reading typed amounts is shared parseMajorAmount (its cases, these included, are in shared/src/money.test.ts).
describe('merchant formatting', () => {
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
