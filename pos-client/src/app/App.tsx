/**
 * The counter app shell: loads /api/config (and, in emulator mode, the emulated Terminal SDK script so
 * `window.StripeTerminal` exists before `loadStripeTerminal()`), then moves between three screens with
 * plain state: register setup → staff sign-in → the counter.
 */
import type { CounterSession } from '@countertop/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { RegisterSetup } from '../features/auth/RegisterSetup.tsx';
import { SignIn } from '../features/auth/SignIn.tsx';
import { CounterScreen } from '../features/counter/CounterScreen.tsx';
import { ApiClient, ApiError } from '../lib/api-client.ts';
import { type AppConfig, createCounterApi } from '../lib/counter-api.ts';
import { describeError } from '../lib/errors.ts';
import { loadScript } from './load-script.ts';

const REGISTER_KEY = 'countertop.registerCode';

type Stage =
  | { name: 'loading' }
  | { name: 'fatal'; message: string }
  | { name: 'setup' }
  | { name: 'sign-in'; registerCode: string }
  | { name: 'counter'; session: CounterSession };

function storedRegisterCode(): string | null {
  try {
    return localStorage.getItem(REGISTER_KEY);
  } catch {
    return null;
  }
}

export function App() {
  const api = useMemo(() => createCounterApi(new ApiClient()), []);
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
        const loadedConfig = await api.config();
        if (loadedConfig.terminalScriptUrl) {
          // Not fatal: server-driven readers still work; browser-SDK readers report the problem on connect.
          await loadScript(loadedConfig.terminalScriptUrl).catch((error: unknown) => {
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
        const { session } = await api.currentSession();
        if (active) setStage({ name: 'counter', session });
      } catch (error) {
        if (!active) return;
        if (error instanceof ApiError && error.code === 'unauthenticated') toSignIn();
        else setStage({ name: 'fatal', message: describeError(error).message });
      }
    })();
    return () => {
      active = false;
    };
  }, [api, toSignIn]);

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
      {stage.name === 'setup' && <RegisterSetup api={api} onPaired={pairRegister} />}
      {stage.name === 'sign-in' && (
        <SignIn
          api={api}
          registerCode={stage.registerCode}
          onSignedIn={(session) => setStage({ name: 'counter', session })}
          onChangeRegister={forgetRegister}
        />
      )}
      {stage.name === 'counter' && config && (
        <CounterScreen
          api={api}
          config={config}
          session={stage.session}
          onSignOut={signOut}
          onSessionLost={toSignIn}
        />
      )}
    </div>
  );
}
