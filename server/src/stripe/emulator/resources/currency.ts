// Currency facts the emulator needs: zero-decimal currencies, minimum charge amounts, default currency per
// country, and the emulator's stated processing-fee rule. Does NOT cover every currency Stripe supports.

export const ZERO_DECIMAL = new Set([
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

export const SUPPORTED_CURRENCIES = new Set([
  'usd',
  'cad',
  'eur',
  'gbp',
  'aud',
  'nzd',
  'sgd',
  'chf',
  'sek',
  'dkk',
  'nok',
  'czk',
  'myr',
  'mxn',
  'jpy',
  'krw',
  'hkd',
  'pln',
]);

const COUNTRY_CURRENCY: Record<string, string> = {
  US: 'usd',
  CA: 'cad',
  GB: 'gbp',
  AU: 'aud',
  NZ: 'nzd',
  SG: 'sgd',
  CH: 'chf',
  SE: 'sek',
  DK: 'dkk',
  NO: 'nok',
  CZ: 'czk',
  MY: 'myr',
  MX: 'mxn',
  JP: 'jpy',
  HK: 'hkd',
  PL: 'pln',
  IE: 'eur',
  FR: 'eur',
  DE: 'eur',
  ES: 'eur',
  IT: 'eur',
  NL: 'eur',
  BE: 'eur',
  AT: 'eur',
  FI: 'eur',
  PT: 'eur',
  LU: 'eur',
};

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
