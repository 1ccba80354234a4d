/**
 * Real webhook deliveries in a test: the composed app listens on an ephemeral port, the emulator's platform
 * and Connect endpoints point at it (subscribed to the events the server handles, as in production), and
 * `flush()` delivers everything pending and waits for the answers. Signed by the emulator, verified by the
 * server: nothing about a delivery is faked.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { registerEmulatorWebhookEndpoints } from '../../src/stripe/connection.ts';
import type { TestContext } from './context.ts';

export interface LiveWebhooks {
  /** Delivers every pending event (a few rounds: handling one may emit the next) and waits. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function liveWebhooks(ctx: TestContext): Promise<LiveWebhooks> {
  const server = serve({ fetch: ctx.app.fetch, hostname: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const secrets = await registerEmulatorWebhookEndpoints(
    ctx.stripe,
    `http://127.0.0.1:${port}/api/webhooks/stripe`,
  );
  ctx.connection.webhookSecrets.splice(0, ctx.connection.webhookSecrets.length, ...secrets);
  return {
    async flush() {
      for (let round = 0; round < 3; round += 1) {
        await fetch(`${ctx.emulator?.url}/_emulator/webhooks/flush`, { method: 'POST' });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/** POSTs an emulator control and returns its JSON answer (throws on a non-2xx answer). */
export async function emulatorControl<T = Record<string, unknown>>(
  ctx: TestContext,
  path: string,
  body: unknown = {},
): Promise<T> {
  const response = await fetch(`${ctx.emulator?.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Retries `probe` until it returns a value (test-mode steps of the emulator take ~100 ms). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('eventually: timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
