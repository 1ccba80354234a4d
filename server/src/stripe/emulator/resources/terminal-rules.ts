// Pure Stripe Terminal rules shared by the emulator's Terminal resources (no I/O, no state):
// registration codes of simulated readers, required Location address fields per country, test-card
// classification for Interac, and the error codes/messages the Terminal endpoints use.
// Emulates what Stripe documents for these rules: https://docs.stripe.com/terminal/fleet/locations (address
// fields), https://docs.stripe.com/terminal/references/testing (simulated readers, test cards) and
// https://docs.stripe.com/terminal/payments/collect-payment (errors). Does NOT emulate: physical reader
// registration codes (only the simulated ones exist here), the Japanese kana/kanji address rules, or the
// required fields of countries the locations page does not list (for those only `country` is required).

type SimulatedDeviceType = 'simulated_wisepos_e' | 'simulated_stripe_s700' | 'simulated_stripe_s710';

/** Registration codes Stripe accepts for simulated (server-driven, test mode) readers. */
export const SIMULATED_REGISTRATION_CODES: Readonly<Record<string, SimulatedDeviceType>> = {
  'simulated-wpe': 'simulated_wisepos_e',
  'simulated-s700': 'simulated_stripe_s700',
  'simulated-s710': 'simulated_stripe_s710',
};

/** Software version of simulated readers: Stripe's simulated_wisepos_e examples (register, cancel_action) show "". */
export const SIMULATED_DEVICE_SW_VERSION = '';
/** IP address Stripe's simulated-reader registration example shows. */
export const SIMULATED_IP_ADDRESS = '0.0.0.0';

const SERIAL_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `simulated-wpe-xxx-xxx-xx-xxx` (the form of Stripe's doc example), from a source of random bytes. */
export function simulatedSerialNumber(
  registrationCode: string,
  randomBytes: (n: number) => Uint8Array,
): string {
  const groups = [3, 3, 2, 3].map((length) =>
    Array.from(randomBytes(length), (byte) => SERIAL_ALPHABET[byte % SERIAL_ALPHABET.length]).join(''),
  );
  return `${registrationCode}-${groups.join('-')}`;
}

type AddressField = 'line1' | 'city' | 'state' | 'postal_code';

const FULL: readonly AddressField[] = ['line1', 'city', 'state', 'postal_code'];
const NO_STATE: readonly AddressField[] = ['line1', 'city', 'postal_code'];
const LINE_AND_POSTAL: readonly AddressField[] = ['line1', 'postal_code'];

/** Required address fields (besides `country`) per docs.stripe.com/terminal/fleet/locations. */
const REQUIRED_ADDRESS_FIELDS: Readonly<Record<string, readonly AddressField[]>> = {
  AU: FULL,
  CA: FULL,
  IT: FULL,
  ES: FULL,
  US: FULL,
  ...Object.fromEntries(
    ['AT', 'BE', 'CZ', 'DK', 'FI', 'FR', 'DE', 'LU', 'MY', 'NL', 'NZ', 'NO', 'PT', 'SE', 'CH', 'GB'].map(
      (c) => [c, NO_STATE],
    ),
  ),
  IE: LINE_AND_POSTAL,
  SG: LINE_AND_POSTAL,
};

interface AddressInput {
  country?: string | undefined;
  line1?: string | undefined;
  line2?: string | undefined;
  city?: string | undefined;
  state?: string | undefined;
  postal_code?: string | undefined;
}

/** The first missing required address field, as Stripe's `param` (`address[state]`), or null. */
export function missingAddressParam(address: AddressInput): string | null {
  if (address.country === undefined || address.country === '') return 'address[country]';
  const required = REQUIRED_ADDRESS_FIELDS[address.country.toUpperCase()] ?? [];
  for (const field of required) {
    const value = address[field];
    if (value === undefined || value.trim() === '') return `address[${field}]`;
  }
  return null;
}

/** ISO 3166-1 alpha-2 shape check (Stripe rejects non-country strings). */
export function isCountryCode(value: string): boolean {
  return /^[A-Za-z]{2}$/.test(value);
}

/** Interac test card (Stripe's Terminal testing page) — the default number for `interac_present` presentment. */
export const INTERAC_TEST_CARD = '4506445006931933';
export const DEFAULT_TEST_CARD = '4242424242424242';

// Messages point at the documented handling guide; Stripe documents only the codes, not the wording, so these
// are descriptive, not verbatim.
export const TERMINAL_ERROR_MESSAGES = {
  busy: 'Reader is currently busy processing another request. Please reference the integration guide at https://stripe.com/docs/terminal/payments/collect-payment?terminal-sdk-platform=server-driven#handle-errors for details on how to handle this error.',
  offline:
    'Reader is currently offline, please ensure the reader is powered on and connected to the internet before retrying your request. Reference the integration guide at https://stripe.com/docs/terminal/payments/collect-payment?terminal-sdk-platform=server-driven#handle-errors for details on how to handle this error.',
  timeout:
    'There was a timeout when sending this command to the reader. Please reference the integration guide at https://stripe.com/docs/terminal/payments/collect-payment?terminal-sdk-platform=server-driven#handle-errors for details on how to handle this error.',
} as const;
