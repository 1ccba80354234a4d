// Entry point of the counter app: mounts <App/> with the stylesheet.
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App, startCounter } from './app/App.tsx';
import './app/styles.css';

// `/merchant/*`: the merchant's sales review, loaded on demand (keeps charts out of the counter bundle).
const MerchantApp = lazy(() =>
  import('./features/merchant/index.ts').then((entry) => ({ default: entry.MerchantApp })),
);
// `/platform/*`: the platform console (accounts, onboarding, readers, fees), loaded on demand.
const PlatformApp = lazy(() =>
  import('./features/platform/index.ts').then((entry) => ({ default: entry.PlatformApp })),
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
