// Entry point: picks the app by path and mounts it with the stylesheet and the UI language (i18next).
// First of all, the counter's first requests go out (early-requests.ts): this import stays first, as
// modules run in the order they are imported.
import './lib/early-requests.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setI18n } from 'react-i18next';
import { App, startCounter } from './app/App.tsx';
import { OnDemand } from './components/ui/OnDemand.tsx';
import { i18n } from './lib/i18n/i18n.ts';
import { lazyScreen } from './lib/lazy-screen.ts';
// The kit's look first: the apps' own rules (app/styles.css, the features' CSS) refine it.
import './components/ui/ui-kit.css';
import './app/styles.css';

setI18n(i18n);

// `/merchant/*`: the merchant's sales review, loaded on demand (keeps charts out of the counter bundle).
const MerchantApp = lazyScreen(() =>
  import('./features/merchant/index.ts').then((module) => module.MerchantApp),
);
// `/platform/*`: the platform console (accounts, onboarding, readers, fees), loaded on demand.
const PlatformApp = lazyScreen(() =>
  import('./features/platform/index.ts').then((module) => module.PlatformApp),
);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('the page has no #root element');
createRoot(rootElement).render(
  <StrictMode>
    {window.location.pathname.startsWith('/platform') ? (
      <OnDemand>
        <PlatformApp />
      </OnDemand>
    ) : window.location.pathname.startsWith('/merchant') ? (
      <OnDemand>
        <MerchantApp />
      </OnDemand>
    ) : (
      <App boot={startCounter()} />
    )}
  </StrictMode>,
);
