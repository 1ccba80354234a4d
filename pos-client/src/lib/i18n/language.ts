/**
 * Which language the UI speaks: the person's own choice on this device (the language switcher) wins;
 * otherwise the language of the location's country (JP → Japanese); otherwise the browser's first
 * supported language; otherwise English. Money and dates use the locale of that language in the
 * location's country (`localeFor`), e.g. `ja-JP`, `en-US`, `en-JP`.
 */

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ja: '日本語' };

const STORAGE_KEY = 'countertop.language';

/** Countries whose everyday language the UI has (others fall back to the browser's). */
const COUNTRY_LANGUAGE: Record<string, Language> = {
  JP: 'ja',
  US: 'en',
  GB: 'en',
  IE: 'en',
  CA: 'en',
  AU: 'en',
  NZ: 'en',
  SG: 'en',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language chosen with the switcher on this device, if any. */
export function chosenLanguage(): Language | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null;
  }
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this visit
  }
}

/** The browser's first language the UI has (`ja-JP` → `ja`), or null. */
function browserLanguage(): Language | null {
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of preferred) {
    const base = tag?.split('-')[0]?.toLowerCase();
    if (isLanguage(base)) return base;
  }
  return null;
}

/** The language to use where the person has not chosen one: the country's, else the browser's, else English. */
export function defaultLanguage(country: string | null): Language {
  return (country ? COUNTRY_LANGUAGE[country.toUpperCase()] : undefined) ?? browserLanguage() ?? 'en';
}

/** The person's choice, else the default for the country. */
export function preferredLanguage(country: string | null): Language {
  return chosenLanguage() ?? defaultLanguage(country);
}

/** The Intl locale for a language in a country: `ja` + `JP` → `ja-JP`; without a country, the language. */
export function localeFor(language: string, country: string | null): string {
  const base = language.split('-')[0] ?? 'en';
  return country ? `${base}-${country.toUpperCase()}` : base;
}
