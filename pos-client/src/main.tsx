// Entry point: picks the app by path and mounts it with the stylesheet and the UI language (i18next).
// First of all, the counter's first requests go out (early-requests.ts): this import stays first, as
// modules run in the order they are imported.
import './lib/early-requests.ts';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { setI18n } from 'react-i18next';
import { App, startCounter } from './app/App.tsx';
import { i18n } from './lib/i18n/i18n.ts';
// The kit's look first: the apps' own rules (app/styles.css, the features' CSS) refine it.
import './components/ui/ui-kit.css';
import './app/styles.css';

setI18n(i18n);

/** A console once the shared strings not in the counter's first load (lib/i18n/later.ts) are in. */
function withStrings<T>(module: Promise<T>): Promise<T> {
  const strings = import('./lib/i18n/later.ts').then((later) => later.laterStrings);
  return Promise.all([module, strings]).then(([loaded]) => loaded);
}

// `/merchant/*`: the merchant's sales review, loaded on demand (keeps charts out of the counter bundle).
const MerchantApp = lazy(() =>
  withStrings(import('./features/merchant/index.ts')).then((entry) => ({ default: entry.MerchantApp })),
);
// `/platform/*`: the platform console (accounts, onboarding, readers, fees), loaded on demand.
const PlatformApp = lazy(() =>
  withStrings(import('./features/platform/index.ts')).then((entry) => ({ default: entry.PlatformApp })),
);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('the page has no #root element');
createRoot(rootElement).render(
  <StrictMode>
    {window.location.pathname.startsWith('/platform') ? (
      <Suspense fallback={null}>
        <PlatformApp />
      </Suspense>
    ) : window.location.pathname.startsWith('/merchant') ? (
      <Suspense fallback={null}>
        <MerchantApp />
      </Suspense>
    ) : (
      <App boot={startCounter()} />
    )}
  </StrictMode>,
);
