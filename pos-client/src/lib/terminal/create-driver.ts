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

/** The drivers' messages (lib/i18n/later.ts), in place before a driver speaks (Japanese too, when in use). */
const strings = () => import('../i18n/later.ts').then((later) => later.laterStrings);

/** The code of a reader kind's driver and its strings, loaded on demand (once: modules are cached). */
const driverCode = {
  // The chunks a driver imports (the sale outcome's) are asked for alongside it, not after it arrives.
  js_sdk: () =>
    Promise.all([
      import('./js-sdk-driver.ts'),
      import('@stripe/terminal-js/pure'),
      import('./sale-outcome.ts'),
      strings(),
    ]),
  server_driven: async () => {
    const [driver] = await Promise.all([
      import('./server-driven-driver.ts'),
      import('./sale-outcome.ts'),
      strings(),
    ]);
    return driver;
  },
} satisfies Record<CounterReader['integration'], () => Promise<unknown>>;

/**
 * Starts loading the drivers' code for these readers (the counter calls it as soon as the readers list
 * arrives, before React renders it), so that creating the driver later waits for nothing.
 */
export function preloadDriverCode(readers: readonly Pick<CounterReader, 'integration'>[]): void {
  for (const integration of new Set(readers.map((reader) => reader.integration))) {
    driverCode[integration]().catch(() => undefined);
  }
}

export async function createDriver(
  reader: Pick<CounterReader, 'integration'>,
  context: DriverContext,
): Promise<TerminalDriver> {
  const scriptUrl = context.terminalScriptUrl;
  switch (reader.integration) {
    case 'js_sdk': {
      const [{ createJsSdkDriver }, { loadStripeTerminal }] = await driverCode.js_sdk();
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
      const { createServerDrivenDriver } = await driverCode.server_driven();
      return createServerDrivenDriver({ api: context.api });
    }
  }
}
