/** Picks the TerminalDriver for a reader by its `integration` (js_sdk or server_driven). */
import type { CounterReader } from '@countertop/shared';
import type { StripeTerminal } from '@stripe/terminal-js/pure';
import type { DriverApi, TerminalDriver } from './driver.ts';
import { createJsSdkDriver } from './js-sdk-driver.ts';
import { createServerDrivenDriver } from './server-driven-driver.ts';

export interface DriverContext {
  api: DriverApi;
  stripeLocationId: string | null;
  loadTerminal?: () => Promise<StripeTerminal | null>;
}

export function createDriver(
  reader: Pick<CounterReader, 'integration'>,
  context: DriverContext,
): TerminalDriver {
  switch (reader.integration) {
    case 'js_sdk':
      return createJsSdkDriver({
        api: context.api,
        stripeLocationId: context.stripeLocationId,
        ...(context.loadTerminal ? { loadTerminal: context.loadTerminal } : {}),
      });
    case 'server_driven':
      return createServerDrivenDriver({ api: context.api });
  }
}
