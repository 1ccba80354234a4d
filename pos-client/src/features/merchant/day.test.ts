// The day shown after the merchant changes location: today follows the location's zone; a picked day stays
// unless it has not begun in the new location.
import { describe, expect, it } from 'vitest';
import { dayAfterLocationChange } from './day.ts';

describe('dayAfterLocationChange', () => {
  it("moves today to the new location's today (New York past midnight, Los Angeles not yet)", () => {
    expect(dayAfterLocationChange('2026-12-05', '2026-12-05', '2026-12-04')).toBe('2026-12-04');
    expect(dayAfterLocationChange('2026-12-04', '2026-12-04', '2026-12-05')).toBe('2026-12-05');
  });

  it('keeps a day picked in the past', () => {
    expect(dayAfterLocationChange('2026-11-20', '2026-12-05', '2026-12-04')).toBe('2026-11-20');
  });

  it('moves a picked day that has not begun in the new location to its today', () => {
    expect(dayAfterLocationChange('2026-12-05', '2026-12-06', '2026-12-04')).toBe('2026-12-04');
  });

  it("starts on the new location's today, and keeps the day when that is unknown", () => {
    expect(dayAfterLocationChange(null, null, '2026-12-04')).toBe('2026-12-04');
    expect(dayAfterLocationChange('2026-12-01', '2026-12-05', null)).toBe('2026-12-01');
  });
});
