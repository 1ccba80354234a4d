import { describe, expect, it } from 'vitest';
import { AVAILABLE_COUNTRIES, PREVIEW_COUNTRIES } from './api/countries.ts';
import { countryOfTimeZone, sameTimeZone, timeZonesOfCountry } from './time-zones.ts';

describe('time zones by country', () => {
  it('lists at least one zone the runtime knows for every country the platform supports', () => {
    for (const country of [...AVAILABLE_COUNTRIES, ...PREVIEW_COUNTRIES]) {
      const zones = timeZonesOfCountry(country);
      expect(zones.length, country).toBeGreaterThan(0);
      for (const timeZone of zones) {
        expect(() => new Intl.DateTimeFormat('en', { timeZone }), `${country} ${timeZone}`).not.toThrow();
      }
    }
  });

  it('defaults a country to its most populous zone and offers the others', () => {
    expect(timeZonesOfCountry('jp')).toEqual(['Asia/Tokyo']);
    expect(timeZonesOfCountry('US')[0]).toBe('America/New_York');
    expect(timeZonesOfCountry('US')).toContain('America/Los_Angeles');
    expect(timeZonesOfCountry('XX')).toEqual([]);
  });

  it('finds the country of a zone, through the runtime aliases too', () => {
    expect(countryOfTimeZone('Asia/Tokyo')).toBe('JP');
    expect(countryOfTimeZone('America/Los_Angeles')).toBe('US');
    expect(countryOfTimeZone('Asia/Calcutta')).toBe('IN');
    expect(countryOfTimeZone('UTC')).toBeNull();
    expect(sameTimeZone('Asia/Kolkata', 'Asia/Calcutta')).toBe(true);
    expect(sameTimeZone('Asia/Tokyo', 'Asia/Seoul')).toBe(false);
  });
});
