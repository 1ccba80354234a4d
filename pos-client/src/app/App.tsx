/**
 * The counter app shell: moves between three screens with plain state (register setup → staff sign-in →
 * the counter). Opening the page asks for /api/config and the current session at once, before the first
 * render (`startCounter`, called by main.tsx for the counter route only); in emulator mode the
 * emulated Terminal SDK script starts loading as soon as the config names it (the reader waits for it, see
 * use-reader.ts), and a live session starts the counter's own first requests before it renders — so that
 * a returning register is ready to charge after as few round trips as possible (docs/performance.md).
 */
import { type CounterSession, countryOfTimeZone, type SessionResponse } from '@countertop/shared';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/ui/Button.tsx';
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
import { loadScript } from '../lib/load-script.ts';

const REGISTER_KEY = 'countertop.registerCode';

// The sign-in screens load on demand: a register whose session is still open goes straight to the counter.
const loadAuth = () => import('../features/auth/index.ts');
const RegisterSetup = lazy(() => loadAuth().then((auth) => ({ default: auth.RegisterSetup })));
const SignIn = lazy(() => loadAuth().then((auth) => ({ default: auth.SignIn })));

type Stage =
  | { name: 'loading' }
  | { name: 'fatal'; message: string }
  | { name: 'setup' }
  | { name: 'sign-in'; registerCode: string }
  | { name: 'counter'; session: CounterSession; preload?: CounterPreload };

function storedRegisterCode(): string | null {
  try {
    return localStorage.getItem(REGISTER_KEY);
  } catch {
    return null;
  }
}

/**
 * `/register/FRONT-1` (the address the platform console gives for a new register) pairs this device with
 * that register, as if its code had been typed on the setup screen, then shows the counter at `/`.
 */
function pairFromAddress(): void {
  const code = /^\/register\/([A-Za-z0-9-]+)\/?$/.exec(window.location.pathname)?.[1]?.toUpperCase();
  if (!code) return;
  try {
    localStorage.setItem(REGISTER_KEY, code);
  } catch {
    // private mode: the setup screen asks for it
  }
  window.history.replaceState(null, '', '/');
}

/**
 * What the counter needs first, asked for as the module runs (before React has rendered or painted
 * anything): the config and the current session, at once since neither needs the other.
 */
interface CounterBoot {
  api: CounterApi;
  config: Promise<AppConfig>;
  session: Promise<SessionResponse>;
}

export function startCounter(): CounterBoot {
  pairFromAddress();
  const api = createCounterApi(new ApiClient());
  const boot = { api, config: api.config(), session: api.currentSession() };
  // Read by App; this only keeps a failure that App never reads (an unmount) from being "unhandled".
  boot.config.catch(() => undefined);
  // No session: the sign-in screens will be needed; fetch them while the rest of the answer is read.
  boot.session.catch(() => loadAuth().catch(() => undefined));
  return boot;
}

export function App({ boot }: { boot: CounterBoot }) {
  const { api } = boot;
  const { t } = useTranslation('counter');
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [stage, setStage] = useState<Stage>({ name: 'loading' });

  const toSignIn = useCallback(() => {
    const code = storedRegisterCode();
    setStage(code ? { name: 'sign-in', registerCode: code } : { name: 'setup' });
  }, []);

  useEffect(() => {
    let active = true;
    (async () => {
      try {
        const loadedConfig = await boot.config;
        if (loadedConfig.terminalScriptUrl) {
          // Not fatal: server-driven readers still work; browser-SDK readers report the problem on connect.
          loadScript(loadedConfig.terminalScriptUrl).catch((error: unknown) => {
            console.warn('The emulated Stripe Terminal SDK did not load:', error);
          });
        }
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
        await setLanguage(preferredLanguage(countryOfTimeZone(session.location.timeZone))).catch(
          () => undefined,
        );
        if (active) setStage({ name: 'counter', session, preload });
      } catch (error) {
        if (!active) return;
        if (error instanceof ApiError && error.code === 'unauthenticated') toSignIn();
        else setStage({ name: 'fatal', message: describeError(error).message });
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

  const pairRegister = (code: string) => {
    try {
      localStorage.setItem(REGISTER_KEY, code);
    } catch {
      // private mode: the code is kept for this visit only
    }
    setStage({ name: 'sign-in', registerCode: code });
  };

  const forgetRegister = () => {
    try {
      localStorage.removeItem(REGISTER_KEY);
    } catch {
      // nothing stored
    }
    setStage({ name: 'setup' });
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
  const place = useMemo(
    () => ({ country: timeZone ? countryOfTimeZone(timeZone) : null, timeZone }),
    [timeZone],
  );

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
      <Suspense fallback={<LoadingState label={t('app.loading')} />}>
        {stage.name === 'setup' && <RegisterSetup api={api} onPaired={pairRegister} />}
        {stage.name === 'sign-in' && (
          <SignIn
            api={api}
            registerCode={stage.registerCode}
            onSignedIn={(session) => setStage({ name: 'counter', session })}
            onChangeRegister={forgetRegister}
          />
        )}
      </Suspense>
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
