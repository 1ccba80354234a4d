// Vitest setup: components read the client's i18next instance (English) through react-i18next, as in main.tsx.
import { setI18n } from 'react-i18next';
import { i18n } from '../lib/i18n/i18n.ts';

setI18n(i18n);
