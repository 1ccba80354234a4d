/**
 * The counter app shell: moves between three screens with plain state (pairing this device with a register
 * → staff sign-in → the counter). Which register this device opens is the server's to say (the paired
 * device's HttpOnly cookie): an unpaired device is shown the pairing screen, and nothing of any register.
 * Opening the page asks for /api/config and the current session at once, before the first
 * render (`startCounter`, called by main.tsx for the counter route only); in emulator mode the
 * emulated Terminal SDK script starts loading as soon as the config names it (the reader waits for it, see
 * use-reader.ts), and a live session starts the counter's own first requests before it renders — so that
 * a returning register is ready to charge after as few round trips as possible (docs/performance.md).
 */
import type { CounterSession, SessionResponse } from '@countertop/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/ui/Button.tsx';
import { OnDemand } from '../components/ui/OnDemand.tsx';
import { LoadingState } from '../components/ui/States.tsx';
import { CounterScreen } from '../features/counter/index.ts';
import { PlaceContext } from '../hooks/use-formatters.ts';
import { ApiClient, ApiError } from '../lib/api-client.ts';
import {
  type AppConfig,
  type CounterApi,
  type CounterPreload,
  createCounterApi,
  preloadCounter,
} from '../lib/counter-api.ts';
import { describeError } from '../lib/errors.ts';
import { setLanguage } from '../lib/i18n/i18n.ts';
import { preferredLanguage } from '../lib/i18n/language.ts';
import { lazyScreen } from '../lib/lazy-screen.ts';
import { loadScript } from '../lib/load-script.ts';

// The sign-in screens load on demand: a register whose session is still open goes straight to the counter.
// Their strings (lib/i18n/later.ts) are in before they show, Japanese too.
const RegisterSetup = lazyScreen(() =>
  import('../features/auth/index.ts').then((module) => module.RegisterSetup),
);
const SignIn = lazyScreen(() => import('../features/auth/index.ts').then((module) => module.SignIn));

type Stage =
  | { name: 'loading' }
  | { name: 'fatal'; message: string }
  | { name: 'setup'; code: string }
  | { name: 'sign-in' }
  | { name: 'counter'; session: CounterSession; preload?: CounterPreload };

/**
 * The pairing address the platform console shows with a one-time pairing code, `/pair#7KQ4-M2XH`: the code
 * rides in the fragment, which the browser never sends (so no server or proxy log holds it). An unpaired
 * device opens the setup screen with it filled in; the address bar is set back to `/` either way. (The
 * older `/register/CODE` addresses pair nothing any more — a register code is not a secret — and lead
 * to `/` too.)
 */
export function pairingCodeFromAddress(pathname: string, hash: string): string | null {
  if (/^\/pair\/?$/.test(pathname)) {
    const code = hash.replace(/^#/, '').trim();
    return code === '' ? null : code.slice(0, 32);
  }
  return null;
}

function readPairingAddress(): string | null {
  const { pathname, hash } = window.location;
  const code = pairingCodeFromAddress(pathname, hash);
  if (code !== null || /^\/(pair|register)(\/|$)/.test(pathname)) window.history.replaceState(null, '', '/');
  return code;
}

/**
 * What the counter needs first, asked for as the module runs (before React has rendered or painted
 * anything): the config and the current session, at once since neither needs the other.
 */
interface CounterBoot {
  api: CounterApi;
  config: Promise<AppConfig>;
  session: Promise<SessionResponse>;
  /** A pairing code from the pairing address (`/pair#CODE`), for the setup screen. */
  pairingCode?: string | null;
}

export function startCounter(): CounterBoot {
  const pairingCode = readPairingAddress();
  const api = createCounterApi(new ApiClient());
  const boot = { api, config: api.config(), session: api.currentSession(), pairingCode };
  // In emulator mode the emulated Terminal SDK script loads as soon as the config names it (not once React
  // has rendered). Not fatal: server-driven readers still work; browser-SDK readers report it on connect.
  // A failed config is App's to show; this only keeps it from being "unhandled" if App never reads it.
  boot.config.then(
    (config) => {
      if (!config.terminalScriptUrl) return;
      loadScript(config.terminalScriptUrl).catch((error: unknown) => {
        console.warn('The emulated Stripe Terminal SDK did not load:', error);
      });
    },
    () => undefined,
  );
  // No session: the sign-in screens will be needed; fetch them while the rest of the answer is read.
  boot.session.catch(() => SignIn.prefetch());
  return boot;
}

export function App({ boot }: { boot: CounterBoot }) {
  const { api } = boot;
  const { t } = useTranslation('counter');
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [stage, setStage] = useState<Stage>({ name: 'loading' });

  const toSignIn = useCallback(() => setStage({ name: 'sign-in' }), []);
  const toSetup = useCallback(() => setStage({ name: 'setup', code: '' }), []);

  useEffect(() => {
    let active = true;
    (async () => {
      try {
        const loadedConfig = await boot.config;
        if (!active) return;
        setConfig(loadedConfig);
      } catch (error) {
        if (active) setStage({ name: 'fatal', message: describeError(error).message });
        return;
      }
      try {
        const { session } = await boot.session;
        if (!active) return;
        const preload = preloadCounter(api);
        // The location's language (Japanese loads on demand) before the counter's first render.
        await setLanguage(preferredLanguage(session.location.country)).catch(() => undefined);
        if (active) setStage({ name: 'counter', session, preload });
      } catch (error) {
        if (!active) return;
        if (error instanceof ApiError && error.code === 'unauthenticated') {
          // No session: a pairing address pairs this device (the person confirms the code), else sign in.
          if (boot.pairingCode) setStage({ name: 'setup', code: boot.pairingCode });
          else toSignIn();
        } else setStage({ name: 'fatal', message: describeError(error).message });
      }
    })();
    return () => {
      active = false;
    };
  }, [api, boot, toSignIn]);

  // Anywhere on the counter, a session found gone (expired, signed out elsewhere) leads back to sign-in.
  const onCounter = stage.name === 'counter';
  useEffect(() => {
    if (!onCounter) return;
    api.onSessionLost(toSignIn);
    return () => api.onSessionLost(null);
  }, [api, onCounter, toSignIn]);

  const forgetRegister = async () => {
    try {
      await api.forgetDevice();
    } catch {
      // unpaired already, or the server will refuse it anyway: pair again
    }
    toSetup();
  };

  const signOut = async () => {
    try {
      await api.signOut();
    } catch {
      // the session is gone either way
    }
    toSignIn();
  };

  const timeZone = stage.name === 'counter' ? stage.session.location.timeZone : null;
  // The location's country (from the session) for money and dates in its locale.
  const country = stage.name === 'counter' ? stage.session.location.country : null;
  const place = useMemo(() => ({ country, timeZone }), [country, timeZone]);

  return (
    <div className="app">
      {stage.name === 'loading' && (
        <main className="centered">
          <LoadingState label={t('app.loading')} />
        </main>
      )}
      {stage.name === 'fatal' && (
        <main className="centered" role="alert">
          <h1>{t('app.cannotStart')}</h1>
          <p>{stage.message}</p>
          <Button onClick={() => window.location.reload()}>{t('app.tryAgain')}</Button>
        </main>
      )}
      <OnDemand fallback={<LoadingState label={t('app.loading')} />}>
        {stage.name === 'setup' && <RegisterSetup api={api} onPaired={toSignIn} initialCode={stage.code} />}
        {stage.name === 'sign-in' && (
          <SignIn
            api={api}
            onSignedIn={(session) => setStage({ name: 'counter', session })}
            onNotPaired={toSetup}
            onChangeRegister={() => void forgetRegister()}
          />
        )}
      </OnDemand>
      {stage.name === 'counter' && config && (
        <PlaceContext.Provider value={place}>
          <CounterScreen
            api={api}
            config={config}
            session={stage.session}
            onSignOut={signOut}
            {...(stage.preload ? { preload: stage.preload } : {})}
          />
        </PlaceContext.Provider>
      )}
    </div>
  );
}
