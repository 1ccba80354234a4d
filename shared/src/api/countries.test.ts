import { describe, expect, it } from 'vitest';
import {
  AVAILABLE_COUNTRIES,
  countryAvailability,
  defaultCurrencyForCountry,
  PREVIEW_COUNTRIES,
  requiredAddressFields,
} from './countries.ts';

const ISSUE_AVAILABLE =
  'AE AG AL AM AR AT AU BA BE BG BH BJ BN BO BS BW CA CH CI CL CO CR CY CZ DE DK DO EC EE EG ES ET FI FR GB GH GM GR GT GY HK HU IE IL IS IT JM JO JP KE KH KR KW LC LK LT LU LV MA MC MD MG MK MN MO MT MU MX NA NG NL NO NZ OM PA PE PH PK PL PT PY QA RO RS RW SA SE SG SI SK SN SV TH TN TR TT TW TZ US UY UZ VN ZA';
const ISSUE_PREVIEW = 'AO AZ BD BR BT DZ GA GE GI HR ID IN KZ LA LI MY MZ NE SM';

describe('Connect countries', () => {
  it('are exactly the lists in the platform console issue', () => {
    expect([...AVAILABLE_COUNTRIES].sort()).toEqual(ISSUE_AVAILABLE.split(' ').sort());
    expect([...PREVIEW_COUNTRIES].sort()).toEqual(ISSUE_PREVIEW.split(' ').sort());
  });

  it('classifies countries in any case and refuses others', () => {
    expect(countryAvailability('us')).toBe('available');
    expect(countryAvailability('BR')).toBe('preview');
    expect(countryAvailability('RU')).toBe('unsupported');
    expect(countryAvailability('XX')).toBe('unsupported');
  });

  it('gives every country a three-letter default currency', () => {
    for (const country of [...AVAILABLE_COUNTRIES, ...PREVIEW_COUNTRIES]) {
      expect(defaultCurrencyForCountry(country)).toMatch(/^[a-z]{3}$/);
    }
    expect(defaultCurrencyForCountry('JP')).toBe('jpy');
    expect(defaultCurrencyForCountry('KR')).toBe('krw');
    expect(defaultCurrencyForCountry('FR')).toBe('eur');
    expect(defaultCurrencyForCountry('ZZ')).toBeNull();
  });

  it('requires the address fields Stripe documents for Terminal locations', () => {
    expect(requiredAddressFields('US')).toEqual(['line1', 'city', 'state', 'postal_code']);
    expect(requiredAddressFields('GB')).toEqual(['line1', 'city', 'postal_code']);
    expect(requiredAddressFields('IE')).toEqual(['line1', 'postal_code']);
  });
});
