import { describe, expect, it } from 'vitest';
import { addTranslations } from '../../lib/i18n/i18n.ts';
import { changePercent, entryMethod, saleStatus } from './format.ts';
import { merchantEn } from './locales/en.ts';

await addTranslations(merchantEn, {});

// Reading typed amounts is shared parseMajorAmount (its cases, these included, are in shared/src/money.test.ts).
describe('merchant formatting', () => {
  it('shows changes in percent with a sign, and a dash without a baseline', () => {
    expect(changePercent(1250)).toBe('+12.5%');
    expect(changePercent(-300)).toBe('−3%');
    expect(changePercent(0)).toBe('0%');
    expect(changePercent(null)).toBe('—');
  });

  it('names entry methods and statuses in plain words', () => {
    expect(entryMethod('contactless_emv')).toBe('Contactless');
    expect(entryMethod(null)).toBe('Unknown');
    expect(saleStatus('partially_refunded')).toBe('Partially refunded');
  });
});
