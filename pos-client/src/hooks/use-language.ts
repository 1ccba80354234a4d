/**
 * Speaks the language of the place a screen is about: the person's choice on this device if any, else
 * the language of the location's country (found from its time zone), else the browser's.
 */
import { countryOfTimeZone } from '@countertop/shared';
import { useEffect } from 'react';
import { setLanguage } from '../lib/i18n/i18n.ts';
import { preferredLanguage } from '../lib/i18n/language.ts';

export function useLanguageOf(timeZone: string | null | undefined) {
  useEffect(() => {
    if (timeZone === undefined) return;
    void setLanguage(preferredLanguage(timeZone ? countryOfTimeZone(timeZone) : null));
  }, [timeZone]);
}
