/**
 * The counter's strings that its first screen does not show (later-en.ts: sign-in and pairing, the item
 * picker, the discount dialog, tenders, the sale summary and receipt, the simulated reader, shift sales,
 * statuses), in the `counter` namespace like the rest. Each screen that shows them imports this module, so
 * they load with the first of those screens, not with the counter; the screens' loaders also wait for
 * `laterStrings` so that, in Japanese, a screen never opens in English first.
 */
import { addTranslations } from './i18n.ts';
import { laterEn } from './later-en.ts';

/** Settled once the strings are in for the language in use (English at once; Japanese once loaded). */
export const laterStrings: Promise<void> = addTranslations(laterEn, {
  ja: () => import('./later-ja.ts').then((module) => module.laterJa),
});
