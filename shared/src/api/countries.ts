import { z } from 'zod';

/**
 * Where a Connect account may be created, and each country's default currency. The lists are exactly
 * the ones in the platform-console issue (Stripe's "Connect availability" page): `available` countries
 * can be chosen freely; `preview` countries only with an explicit acknowledgement; anything else is
 * refused. Also the Terminal location address fields each country requires.
 */

/** Countries where Connect accounts are generally available, with the default currency of each. */
const AVAILABLE_COUNTRY_CURRENCIES = {
  AE: 'aed',
  AG: 'xcd',
  AL: 'all',
  AM: 'amd',
  AR: 'ars',
  AT: 'eur',
  AU: 'aud',
  BA: 'bam',
  BE: 'eur',
  BG: 'eur',
  BH: 'bhd',
  BJ: 'xof',
  BN: 'bnd',
  BO: 'bob',
  BS: 'bsd',
  BW: 'bwp',
  CA: 'cad',
  CH: 'chf',
  CI: 'xof',
  CL: 'clp',
  CO: 'cop',
  CR: 'crc',
  CY: 'eur',
  CZ: 'czk',
  DE: 'eur',
  DK: 'dkk',
  DO: 'dop',
  EC: 'usd',
  EE: 'eur',
  EG: 'egp',
  ES: 'eur',
  ET: 'etb',
  FI: 'eur',
  FR: 'eur',
  GB: 'gbp',
  GH: 'ghs',
  GM: 'gmd',
  GR: 'eur',
  GT: 'gtq',
  GY: 'gyd',
  HK: 'hkd',
  HU: 'huf',
  IE: 'eur',
  IL: 'ils',
  IS: 'isk',
  IT: 'eur',
  JM: 'jmd',
  JO: 'jod',
  JP: 'jpy',
  KE: 'kes',
  KH: 'khr',
  KR: 'krw',
  KW: 'kwd',
  LC: 'xcd',
  LK: 'lkr',
  LT: 'eur',
  LU: 'eur',
  LV: 'eur',
  MA: 'mad',
  MC: 'eur',
  MD: 'mdl',
  MG: 'mga',
  MK: 'mkd',
  MN: 'mnt',
  MO: 'mop',
  MT: 'eur',
  MU: 'mur',
  MX: 'mxn',
  NA: 'nad',
  NG: 'ngn',
  NL: 'eur',
  NO: 'nok',
  NZ: 'nzd',
  OM: 'omr',
  PA: 'usd',
  PE: 'pen',
  PH: 'php',
  PK: 'pkr',
  PL: 'pln',
  PT: 'eur',
  PY: 'pyg',
  QA: 'qar',
  RO: 'ron',
  RS: 'rsd',
  RW: 'rwf',
  SA: 'sar',
  SE: 'sek',
  SG: 'sgd',
  SI: 'eur',
  SK: 'eur',
  SN: 'xof',
  SV: 'usd',
  TH: 'thb',
  TN: 'tnd',
  TR: 'try',
  TT: 'ttd',
  TW: 'twd',
  TZ: 'tzs',
  US: 'usd',
  UY: 'uyu',
  UZ: 'uzs',
  VN: 'vnd',
  ZA: 'zar',
} as const satisfies Record<string, string>;

/** Countries where Connect is in preview: allowed only with `previewAcknowledged: true`. */
const PREVIEW_COUNTRY_CURRENCIES = {
  AO: 'aoa',
  AZ: 'azn',
  BD: 'bdt',
  BR: 'brl',
  BT: 'btn',
  DZ: 'dzd',
  GA: 'xaf',
  GE: 'gel',
  GI: 'gbp',
  HR: 'eur',
  ID: 'idr',
  IN: 'inr',
  KZ: 'kzt',
  LA: 'lak',
  LI: 'chf',
  MY: 'myr',
  MZ: 'mzn',
  NE: 'xof',
  SM: 'eur',
} as const satisfies Record<string, string>;

type AvailableCountry = keyof typeof AVAILABLE_COUNTRY_CURRENCIES;
type PreviewCountry = keyof typeof PREVIEW_COUNTRY_CURRENCIES;

export const AVAILABLE_COUNTRIES = Object.keys(AVAILABLE_COUNTRY_CURRENCIES) as AvailableCountry[];
export const PREVIEW_COUNTRIES = Object.keys(PREVIEW_COUNTRY_CURRENCIES) as PreviewCountry[];

type CountryAvailability = 'available' | 'preview' | 'unsupported';

/** How Connect treats `country` (an ISO 3166-1 alpha-2 code, any case). */
export function countryAvailability(country: string): CountryAvailability {
  const code = country.toUpperCase();
  if (Object.hasOwn(AVAILABLE_COUNTRY_CURRENCIES, code)) return 'available';
  if (Object.hasOwn(PREVIEW_COUNTRY_CURRENCIES, code)) return 'preview';
  return 'unsupported';
}

/** The default (lower-case) currency of a Connect country, or null for an unsupported one. */
export function defaultCurrencyForCountry(country: string): string | null {
  const code = country.toUpperCase();
  if (Object.hasOwn(AVAILABLE_COUNTRY_CURRENCIES, code)) {
    return AVAILABLE_COUNTRY_CURRENCIES[code as AvailableCountry];
  }
  if (Object.hasOwn(PREVIEW_COUNTRY_CURRENCIES, code)) {
    return PREVIEW_COUNTRY_CURRENCIES[code as PreviewCountry];
  }
  return null;
}

/** Country names for select boxes, in the browser's language (falls back to the code). */
export function countryName(country: string, locale = 'en'): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(country.toUpperCase()) ?? country;
  } catch {
    return country;
  }
}

const AddressFieldSchema = z.enum(['line1', 'city', 'state', 'postal_code']);
export type AddressField = z.infer<typeof AddressFieldSchema>;

/**
 * Address fields Stripe requires for a Terminal location, by country (docs "creating locations"):
 * AU CA IT ES US need a state; the European list needs a postal code; IE and SG need no city. Countries
 * the table does not cover get line1 + city (our conservative default).
 */
const WITH_STATE: readonly string[] = ['AU', 'CA', 'IT', 'ES', 'US', 'JP', 'MX', 'BR', 'IN', 'MY'];
const WITH_POSTAL: readonly string[] = [
  'AT',
  'BE',
  'CZ',
  'DK',
  'FI',
  'FR',
  'DE',
  'LU',
  'NL',
  'NZ',
  'NO',
  'PT',
  'SE',
  'CH',
  'GB',
  'PL',
];
const WITHOUT_CITY: readonly string[] = ['IE', 'SG'];

export function requiredAddressFields(country: string): AddressField[] {
  const code = country.toUpperCase();
  if (WITHOUT_CITY.includes(code)) return ['line1', 'postal_code'];
  if (WITH_STATE.includes(code)) return ['line1', 'city', 'state', 'postal_code'];
  if (WITH_POSTAL.includes(code)) return ['line1', 'city', 'postal_code'];
  return ['line1', 'city'];
}
