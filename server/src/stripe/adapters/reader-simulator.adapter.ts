/** The reader simulator over the emulator's control endpoint (emulator mode only). */
import type { EmulatorEndpoint } from '../connection.ts';
import { GatewayError } from '../payments.port.ts';
import type { ReaderSimulator } from '../reader-simulator.port.ts';

export function createReaderSimulator(emulator: EmulatorEndpoint): ReaderSimulator {
  return {
    async customerCancel(stripeReaderId) {
      const response = await emulator.fetch(
        new Request(
          `http://emulator/_emulator/readers/${encodeURIComponent(stripeReaderId)}/customer_cancel`,
          {
            method: 'POST',
          },
        ),
      );
      if (response.ok) return;
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new GatewayError(
        'invalid_request',
        body.error?.message ?? `The simulated reader refused the customer's cancel (${response.status}).`,
      );
    },
  };
}
