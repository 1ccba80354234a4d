/**
 * Where the screen's figures belong (the location's country and time zone), given once by an app's shell
 * with `PlaceContext`, and `useFormatters()`: money, dates and times in the locale of the UI language in
 * that country and in that zone. Components re-render with new formatters when the language changes.
 */
import { createContext, useContext, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createFormatters, type Formatters } from '../lib/format.ts';
import { localeFor } from '../lib/i18n/language.ts';

export interface Place {
  /** ISO country code of the location, or null (platform-wide views). */
  country: string | null;
  /** IANA zone times are shown in; null for UTC. */
  timeZone: string | null;
}

export const PlaceContext = createContext<Place>({ country: null, timeZone: null });

export function useFormatters(override?: Partial<Place>): Formatters {
  const { i18n } = useTranslation();
  const place = useContext(PlaceContext);
  const country = override?.country !== undefined ? override.country : place.country;
  const timeZone = override?.timeZone !== undefined ? override.timeZone : place.timeZone;
  const locale = localeFor(i18n.language, country);
  return useMemo(() => createFormatters(locale, timeZone), [locale, timeZone]);
}
