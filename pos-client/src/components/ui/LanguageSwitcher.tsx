/**
 * The language switcher: the person's choice is remembered on this device and wins over the location's
 * language. Each language is named in itself (English, 日本語).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../../lib/i18n/i18n.ts';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, rememberLanguage } from '../../lib/i18n/language.ts';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <span className="language-switcher">
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <select
        id={id}
        className="input compact"
        value={i18n.language}
        onChange={(event) => {
          const chosen = event.target.value;
          if (!isLanguage(chosen)) return;
          rememberLanguage(chosen);
          void setLanguage(chosen);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </span>
  );
}
