/**
 * The IANA time zones of each country the platform supports (shared/src/api/countries.ts), most populous
 * first: a new location's time zone defaults to its country's first zone, and the console offers the others
 * where a country has several. Names are IANA's canonical ones; runtimes accept them all in
 * `Intl.DateTimeFormat` (V8 lists some under older aliases in `Intl.supportedValuesOf('timeZone')`, e.g.
 * `Asia/Calcutta` for `Asia/Kolkata`: `sameTimeZone` compares through those aliases).
 */

const COUNTRY_TIME_ZONES: Readonly<Record<string, readonly string[]>> = {
  AE: ['Asia/Dubai'],
  AG: ['America/Antigua'],
  AL: ['Europe/Tirane'],
  AM: ['Asia/Yerevan'],
  AO: ['Africa/Luanda'],
  AR: ['America/Argentina/Buenos_Aires', 'America/Argentina/Cordoba', 'America/Argentina/Mendoza'],
  AT: ['Europe/Vienna'],
  AU: [
    'Australia/Sydney',
    'Australia/Melbourne',
    'Australia/Brisbane',
    'Australia/Perth',
    'Australia/Adelaide',
    'Australia/Hobart',
    'Australia/Darwin',
  ],
  AZ: ['Asia/Baku'],
  BA: ['Europe/Sarajevo'],
  BD: ['Asia/Dhaka'],
  BE: ['Europe/Brussels'],
  BG: ['Europe/Sofia'],
  BH: ['Asia/Bahrain'],
  BJ: ['Africa/Porto-Novo'],
  BN: ['Asia/Brunei'],
  BO: ['America/La_Paz'],
  BR: [
    'America/Sao_Paulo',
    'America/Bahia',
    'America/Fortaleza',
    'America/Recife',
    'America/Belem',
    'America/Manaus',
    'America/Cuiaba',
    'America/Porto_Velho',
    'America/Rio_Branco',
    'America/Noronha',
  ],
  BS: ['America/Nassau'],
  BT: ['Asia/Thimphu'],
  BW: ['Africa/Gaborone'],
  CA: [
    'America/Toronto',
    'America/Vancouver',
    'America/Edmonton',
    'America/Winnipeg',
    'America/Halifax',
    'America/Regina',
    'America/St_Johns',
  ],
  CH: ['Europe/Zurich'],
  CI: ['Africa/Abidjan'],
  CL: ['America/Santiago', 'America/Punta_Arenas', 'Pacific/Easter'],
  CO: ['America/Bogota'],
  CR: ['America/Costa_Rica'],
  CY: ['Asia/Nicosia'],
  CZ: ['Europe/Prague'],
  DE: ['Europe/Berlin'],
  DK: ['Europe/Copenhagen'],
  DO: ['America/Santo_Domingo'],
  DZ: ['Africa/Algiers'],
  EC: ['America/Guayaquil', 'Pacific/Galapagos'],
  EE: ['Europe/Tallinn'],
  EG: ['Africa/Cairo'],
  ES: ['Europe/Madrid', 'Atlantic/Canary'],
  ET: ['Africa/Addis_Ababa'],
  FI: ['Europe/Helsinki'],
  FR: ['Europe/Paris'],
  GA: ['Africa/Libreville'],
  GB: ['Europe/London'],
  GE: ['Asia/Tbilisi'],
  GH: ['Africa/Accra'],
  GI: ['Europe/Gibraltar'],
  GM: ['Africa/Banjul'],
  GR: ['Europe/Athens'],
  GT: ['America/Guatemala'],
  GY: ['America/Guyana'],
  HK: ['Asia/Hong_Kong'],
  HR: ['Europe/Zagreb'],
  HU: ['Europe/Budapest'],
  ID: ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Asia/Pontianak'],
  IE: ['Europe/Dublin'],
  IL: ['Asia/Jerusalem'],
  IN: ['Asia/Kolkata'],
  IS: ['Atlantic/Reykjavik'],
  IT: ['Europe/Rome'],
  JM: ['America/Jamaica'],
  JO: ['Asia/Amman'],
  JP: ['Asia/Tokyo'],
  KE: ['Africa/Nairobi'],
  KH: ['Asia/Phnom_Penh'],
  KR: ['Asia/Seoul'],
  KW: ['Asia/Kuwait'],
  KZ: ['Asia/Almaty', 'Asia/Aqtobe', 'Asia/Atyrau', 'Asia/Oral'],
  LA: ['Asia/Vientiane'],
  LC: ['America/St_Lucia'],
  LI: ['Europe/Vaduz'],
  LK: ['Asia/Colombo'],
  LT: ['Europe/Vilnius'],
  LU: ['Europe/Luxembourg'],
  LV: ['Europe/Riga'],
  MA: ['Africa/Casablanca'],
  MC: ['Europe/Monaco'],
  MD: ['Europe/Chisinau'],
  MG: ['Indian/Antananarivo'],
  MK: ['Europe/Skopje'],
  MN: ['Asia/Ulaanbaatar', 'Asia/Hovd'],
  MO: ['Asia/Macau'],
  MT: ['Europe/Malta'],
  MU: ['Indian/Mauritius'],
  MX: [
    'America/Mexico_City',
    'America/Monterrey',
    'America/Cancun',
    'America/Chihuahua',
    'America/Hermosillo',
    'America/Mazatlan',
    'America/Tijuana',
  ],
  MY: ['Asia/Kuala_Lumpur', 'Asia/Kuching'],
  MZ: ['Africa/Maputo'],
  NA: ['Africa/Windhoek'],
  NE: ['Africa/Niamey'],
  NG: ['Africa/Lagos'],
  NL: ['Europe/Amsterdam'],
  NO: ['Europe/Oslo'],
  NZ: ['Pacific/Auckland', 'Pacific/Chatham'],
  OM: ['Asia/Muscat'],
  PA: ['America/Panama'],
  PE: ['America/Lima'],
  PH: ['Asia/Manila'],
  PK: ['Asia/Karachi'],
  PL: ['Europe/Warsaw'],
  PT: ['Europe/Lisbon', 'Atlantic/Madeira', 'Atlantic/Azores'],
  PY: ['America/Asuncion'],
  QA: ['Asia/Qatar'],
  RO: ['Europe/Bucharest'],
  RS: ['Europe/Belgrade'],
  RW: ['Africa/Kigali'],
  SA: ['Asia/Riyadh'],
  SE: ['Europe/Stockholm'],
  SG: ['Asia/Singapore'],
  SI: ['Europe/Ljubljana'],
  SK: ['Europe/Bratislava'],
  SM: ['Europe/San_Marino'],
  SN: ['Africa/Dakar'],
  SV: ['America/El_Salvador'],
  TH: ['Asia/Bangkok'],
  TN: ['Africa/Tunis'],
  TR: ['Europe/Istanbul'],
  TT: ['America/Port_of_Spain'],
  TW: ['Asia/Taipei'],
  TZ: ['Africa/Dar_es_Salaam'],
  US: [
    'America/New_York',
    'America/Chicago',
    'America/Denver',
    'America/Phoenix',
    'America/Los_Angeles',
    'America/Anchorage',
    'Pacific/Honolulu',
  ],
  UY: ['America/Montevideo'],
  UZ: ['Asia/Tashkent', 'Asia/Samarkand'],
  VN: ['Asia/Ho_Chi_Minh'],
  ZA: ['Africa/Johannesburg'],
};

/** The time zones of a country (any case), most populous first; empty for a country the table lacks. */
export function timeZonesOfCountry(country: string): readonly string[] {
  return COUNTRY_TIME_ZONES[country.toUpperCase()] ?? [];
}

/** The zone `Intl` reports for `timeZone` (its alias in this runtime), or null when it is not a zone. */
function resolvedTimeZone(timeZone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Whether two zone names are the same zone (e.g. `Asia/Kolkata` and its alias `Asia/Calcutta`). */
export function sameTimeZone(a: string, b: string): boolean {
  if (a === b) return true;
  const resolved = resolvedTimeZone(a);
  return resolved !== null && resolved === resolvedTimeZone(b);
}

/** The country (upper-case ISO code) whose table lists `timeZone`, or null (e.g. `UTC`, or a zone not listed). */
export function countryOfTimeZone(timeZone: string): string | null {
  for (const [country, zones] of Object.entries(COUNTRY_TIME_ZONES)) {
    if (zones.includes(timeZone)) return country;
  }
  for (const [country, zones] of Object.entries(COUNTRY_TIME_ZONES)) {
    if (zones.some((zone) => sameTimeZone(zone, timeZone))) return country;
  }
  return null;
}
