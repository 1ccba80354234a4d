/**
 * The counter's strings that its first screen does not show (later-en.ts: sign-in and pairing, approvals,
 * the item picker, the discount dialog, payments and tenders, the readers' failures, the sale summary and
 * receipt, the simulated reader, shift sales, statuses), in the `counter` and `common` namespaces like the
 * rest. Each screen or driver that shows them imports this module, so they load with the first of those
 * (the reader's driver, as the counter connects), not with the counter's first load; the loaders also wait
 * for `laterStrings`, so that in Japanese nothing shows in English first.
 */
import { addTranslations } from './i18n.ts';
import { laterEn } from './later-en.ts';

/** Settled once the strings are in for the language in use (English at once; Japanese once loaded). */
export const laterStrings: Promise<void> = addTranslations(laterEn, {
  ja: () => import('./later-ja.ts').then((module) => module.laterJa),
});
