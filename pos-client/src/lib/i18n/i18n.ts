/**
 * The one i18next instance of the client. English is bundled (namespaces `common`: the UI kit and shared
 * wording, and `counter`: the cashier's screens); Japanese loads on demand (`setLanguage('ja')`). The
 * consoles add their own namespaces when their chunk loads (`addTranslations`), so the counter bundle
 * carries neither their strings nor any Japanese. React components read it through react-i18next
 * (`setI18n` in main.tsx); code without React (errors, the Terminal drivers) calls `t` here.
 */
import i18next, { type TFunction } from 'i18next';
import { en } from './en.ts';
import { LANGUAGES, type Language } from './language.ts';

export type Translations = Record<string, unknown>;

export const i18n = i18next.createInstance();
void i18n.init({
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  ns: Object.keys(en),
  defaultNS: 'common',
  resources: { en },
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

/** Translates with the current language; for code outside React. */
export const t: TFunction = ((...args: Parameters<TFunction>) => i18n.t(...args)) as TFunction;

/** Namespaces per language that a lazily loaded part of the app brings (e.g. the merchant view's). */
type Loader = () => Promise<Partial<Record<string, Translations>>>;
const loaders: Record<Language, Loader[]> = {
  en: [],
  ja: [() => import('./ja.ts').then((module) => module.ja)],
};
const loaded = new Set<Loader>();

async function load(language: Language): Promise<void> {
  await Promise.all(
    loaders[language].map(async (loader) => {
      if (loaded.has(loader)) return;
      const bundles = await loader();
      for (const [namespace, resources] of Object.entries(bundles)) {
        if (resources) i18n.addResourceBundle(language, namespace, resources, true, true);
      }
      loaded.add(loader);
    }),
  );
}

/**
 * Registers a part of the app's strings: English now, other languages through their loaders (called now
 * if that language is in use, else when it is chosen).
 */
export async function addTranslations(
  english: Record<string, Translations>,
  others: Partial<Record<Exclude<Language, 'en'>, Loader>>,
): Promise<void> {
  for (const [namespace, resources] of Object.entries(english)) {
    i18n.addResourceBundle('en', namespace, resources, true, true);
  }
  for (const [language, loader] of Object.entries(others) as [Exclude<Language, 'en'>, Loader][]) {
    loaders[language].push(loader);
  }
  const current = i18n.language as Language;
  if (current !== 'en') {
    await load(current);
    // Components already on screen render again with the strings just added.
    await i18n.changeLanguage(current);
  }
}

/** Switches the UI language, loading its strings first; the page's `lang` follows. */
export async function setLanguage(language: Language): Promise<void> {
  await load(language);
  await i18n.changeLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
