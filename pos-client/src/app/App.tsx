/**
 * The counter app shell: moves between three screens with plain state (pairing this device with a register
 * → staff sign-in → the counter). Which register this device opens is the server's to say (the paired
 * device's HttpOnly cookie): an unpaired device is shown the pairing screen, and nothing of any register. Opening the page asks for /api/config and the current session at once, before the first
 * render (`startCounter`, called by main.tsx for the counter route only); in emulator mode the
 * emulated Terminal SDK script starts loading as soon as the config names it (the reader waits for it, see
 * use-reader.ts), and a live session starts the counter's own first requests before it renders — so that
 * a returning register is ready to charge after as few round trips as possible (docs/performance.md).
 */
import type { CounterSession, SessionResponse } from '@countertop/shared';
import { useCallback, useEffect, useState } from 'react';
import { RegisterSetup, SignIn } from '../features/auth/index.ts';
import { CounterScreen } from '../features/counter/index.ts';
import { ApiClient, ApiError } from '../lib/api-client.ts';
import {
  type AppConfig,
  type CounterApi,
  type CounterPreload,
  createCounterApi,
  preloadCounter,
} from '../lib/counter-api.ts';
import { describeError } from '../lib/errors.ts';
import { loadScript } from '../lib/load-script.ts';

type Stage =
  | { name: 'loading' }
  | { name: 'fatal'; message: string }
  | { name: 'setup' }
  | { name: 'sign-in' }
  | { name: 'counter'; session: CounterSession; preload?: CounterPreload };

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
  const api = createCounterApi(new ApiClient());
  const boot = { api, config: api.config(), session: api.currentSession() };
  // Read by App; this only keeps a failure that App never reads (an unmount) from being "unhandled".
  boot.config.catch(() => undefined);
  boot.session.catch(() => undefined);
  return boot;
}

export function App({ boot }: { boot: CounterBoot }) {
  const { api } = boot;
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [stage, setStage] = useState<Stage>({ name: 'loading' });

  const toSignIn = useCallback(() => setStage({ name: 'sign-in' }), []);
  const toSetup = useCallback(() => setStage({ name: 'setup' }), []);

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
        if (active) setStage({ name: 'counter', session, preload: preloadCounter(api) });
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

  const forgetRegister = async () => {
    try {
      await api.forgetDevice();
    } catch {
      // unpaired already, or the server will refuse it anyway: pair again
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

  return (
    <div className="app">
      {stage.name === 'loading' && (
        <p className="centered" role="status">
          Loading…
        </p>
      )}
      {stage.name === 'fatal' && (
        <div className="centered" role="alert">
          <h1>Countertop cannot start</h1>
          <p>{stage.message}</p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Try again
          </button>
        </div>
      )}
      {stage.name === 'setup' && <RegisterSetup api={api} onPaired={toSignIn} />}
      {stage.name === 'sign-in' && (
        <SignIn
          api={api}
          onSignedIn={(session) => setStage({ name: 'counter', session })}
          onNotPaired={toSetup}
          onChangeRegister={() => void forgetRegister()}
        />
      )}
      {stage.name === 'counter' && config && (
        <CounterScreen
          api={api}
          config={config}
          session={stage.session}
          onSignOut={signOut}
          {...(stage.preload ? { preload: stage.preload } : {})}
        />
      )}
    </div>
  );
}
