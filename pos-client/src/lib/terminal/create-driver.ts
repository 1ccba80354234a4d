/** Picks the TerminalDriver for a reader by its `integration` (js_sdk or server_driven). */
import type { CounterReader } from '@countertop/shared';
import { loadStripeTerminal } from '@stripe/terminal-js/pure';
import { loadScript } from '../load-script.ts';
import type { DriverApi, TerminalDriver } from './driver.ts';
import { createJsSdkDriver } from './js-sdk-driver.ts';
import { createServerDrivenDriver } from './server-driven-driver.ts';

interface DriverContext {
  api: DriverApi;
  stripeLocationId: string | null;
  /** Emulator mode: the emulated Terminal JS SDK script (the shell starts loading it early). */
  terminalScriptUrl: string | null;
}

export function createDriver(
  reader: Pick<CounterReader, 'integration'>,
  context: DriverContext,
): TerminalDriver {
  const scriptUrl = context.terminalScriptUrl;
  switch (reader.integration) {
    case 'js_sdk':
      return createJsSdkDriver({
        api: context.api,
        stripeLocationId: context.stripeLocationId,
        // Stripe's loader injects Stripe's own script unless `window.StripeTerminal` exists: in emulator
        // mode wait for the emulated SDK first (a failed load then fails the same way as before).
        ...(scriptUrl
          ? {
              loadTerminal: () =>
                loadScript(scriptUrl)
                  .catch(() => undefined)
                  .then(() => loadStripeTerminal()),
            }
          : {}),
      });
    case 'server_driven':
      return createServerDrivenDriver({ api: context.api });
  }
}
