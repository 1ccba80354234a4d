/**
 * Picks the TerminalDriver for a reader by its `integration` (js_sdk or server_driven) and loads its code
 * on demand: a register runs one of the two, and only a JS SDK reader needs Stripe Terminal JS.
 */
import type { CounterReader } from '@countertop/shared';
import { loadScript } from '../load-script.ts';
import type { DriverApi, TerminalDriver } from './driver.ts';

interface DriverContext {
  api: DriverApi;
  stripeLocationId: string | null;
  /** Emulator mode: the emulated Terminal JS SDK script (the shell starts loading it early). */
  terminalScriptUrl: string | null;
}

export async function createDriver(
  reader: Pick<CounterReader, 'integration'>,
  context: DriverContext,
): Promise<TerminalDriver> {
  const scriptUrl = context.terminalScriptUrl;
  switch (reader.integration) {
    case 'js_sdk': {
      const [{ createJsSdkDriver }, { loadStripeTerminal }] = await Promise.all([
        import('./js-sdk-driver.ts'),
        import('@stripe/terminal-js/pure'),
      ]);
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
    }
    case 'server_driven': {
      const { createServerDrivenDriver } = await import('./server-driven-driver.ts');
      return createServerDrivenDriver({ api: context.api });
    }
  }
}
