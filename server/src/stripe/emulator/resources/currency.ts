// Currency facts the emulator needs: zero-decimal currencies, minimum charge amounts, default currency per
// country, and the emulator's stated processing-fee rule. Does NOT cover every currency Stripe supports.

const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/**
 * Countries where Stripe lets a platform create Connect accounts (generally available and preview), with
 * each country's default settlement currency, as listed on Stripe's Connect availability page.
 */
const COUNTRY_CURRENCY: Record<string, string> = {
  AE: 'aed',
  AG: 'xcd',
  AL: 'all',
  AM: 'amd',
  AO: 'aoa',
  AR: 'ars',
  AT: 'eur',
  AU: 'aud',
  AZ: 'azn',
  BA: 'bam',
  BD: 'bdt',
  BE: 'eur',
  BG: 'eur',
  BH: 'bhd',
  BJ: 'xof',
  BN: 'bnd',
  BO: 'bob',
  BR: 'brl',
  BS: 'bsd',
  BT: 'btn',
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
  DZ: 'dzd',
  EC: 'usd',
  EE: 'eur',
  EG: 'egp',
  ES: 'eur',
  ET: 'etb',
  FI: 'eur',
  FR: 'eur',
  GA: 'xaf',
  GB: 'gbp',
  GE: 'gel',
  GH: 'ghs',
  GI: 'gbp',
  GM: 'gmd',
  GR: 'eur',
  GT: 'gtq',
  GY: 'gyd',
  HK: 'hkd',
  HR: 'eur',
  HU: 'huf',
  ID: 'idr',
  IE: 'eur',
  IL: 'ils',
  IN: 'inr',
  IS: 'isk',
  IT: 'eur',
  JM: 'jmd',
  JO: 'jod',
  JP: 'jpy',
  KE: 'kes',
  KH: 'khr',
  KR: 'krw',
  KW: 'kwd',
  KZ: 'kzt',
  LA: 'lak',
  LC: 'xcd',
  LI: 'chf',
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
  MY: 'myr',
  MZ: 'mzn',
  NA: 'nad',
  NE: 'xof',
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
  SM: 'eur',
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
};

/** Currencies the emulator accepts for charges: every default currency above plus common presentment ones. */
export const SUPPORTED_CURRENCIES = new Set([
  ...Object.values(COUNTRY_CURRENCY),
  'usd',
  'eur',
  'gbp',
  'cad',
  'aud',
  'jpy',
]);

export function defaultCurrencyFor(country: string): string {
  return COUNTRY_CURRENCY[country] ?? 'usd';
}

export const SUPPORTED_COUNTRIES = Object.keys(COUNTRY_CURRENCY);

/** Stripe's documented minimum charge amounts (minor units) for the currencies above. */
export function minimumAmount(currency: string): number {
  switch (currency) {
    case 'gbp':
      return 30;
    case 'jpy':
      return 50;
    case 'hkd':
      return 400;
    case 'mxn':
      return 1000;
    case 'czk':
      return 1500;
    case 'dkk':
    case 'nok':
    case 'sek':
      return 300;
    case 'pln':
      return 200;
    case 'myr':
      return 200;
    case 'krw':
      return 100;
    default:
      return 50;
  }
}

export function formatAmount(amount: number, currency: string): string {
  const symbol =
    currency === 'usd' || currency === 'cad' || currency === 'aud'
      ? '$'
      : currency === 'gbp'
        ? '£'
        : currency === 'eur'
          ? '€'
          : '';
  const value = ZERO_DECIMAL.has(currency) ? String(amount) : (amount / 100).toFixed(2);
  return `${symbol}${value} ${currency}`;
}

/** Rounds half up for non-negative integers scaled by 1/1000. */
function perMille(amount: number, perMilleRate: number): number {
  return Math.floor((amount * perMilleRate + 500) / 1000);
}

/**
 * The emulator's Stripe processing fee (stated rule, not Stripe's price list):
 * card_present / interac_present: 2.7% + 5 minor units (zero-decimal currencies: 2.7% + 10);
 * card (online): 2.9% + 30 minor units (zero-decimal: 3.6% + 0). Percentages round half up.
 */
export function processingFee(amount: number, currency: string, method: string): number {
  const zero = ZERO_DECIMAL.has(currency);
  if (method === 'card') return zero ? perMille(amount, 36) : perMille(amount, 29) + 30;
  return perMille(amount, 27) + (zero ? 10 : 5);
}
