// Public entry of the embedded Stripe emulator: `createEmulator` (in-process `fetch`) and
// `startEmulator` (an HTTP server stripe-node can target with host/port/protocol 'http').

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createEmulatorCore, type EmulatorCore, type EmulatorOptions } from './core/app.ts';
import { registerResources } from './resources/index.ts';

export interface Emulator {
  fetch(request: Request): Promise<Response>;
  reset(): void;
  close(): void;
}

/** A core with every resource registered and the platform account created. */
function buildCore(options: EmulatorOptions): EmulatorCore {
  const core = createEmulatorCore(options);
  registerResources(core.api);
  core.bootstrap();
  return core;
}

function emulatorOf(core: EmulatorCore): Emulator {
  return {
    fetch: async (request) => core.app.fetch(request),
    reset: () => core.reset(),
    close: () => core.close(),
  };
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  return emulatorOf(buildCore(options));
}

export async function startEmulator(
  options: EmulatorOptions & { port?: number; host?: string } = {},
): Promise<{ emulator: Emulator; url: string; port: number; close(): Promise<void> }> {
  const core = buildCore(options);
  const emulator = emulatorOf(core);
  const host = options.host ?? '127.0.0.1';
  // /v1 endpoints are served straight from Node's request (core.api.serveNode); everything else through Hono.
  const viaHono = getRequestListener(core.app.fetch, { hostname: host });
  const server = createServer((incoming, outgoing) => {
    if (!core.api.serveNode(incoming, outgoing)) void viaHono(incoming, outgoing);
  });
  return new Promise((resolve, reject) => {
    server.listen(options.port ?? 0, host, () => {
      const info = server.address() as AddressInfo;
      const url = `http://${host}:${info.port}`;
      resolve({
        emulator,
        url,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => {
              core.close();
              done();
            });
          }),
      });
    });
    server.once('error', reject);
  });
}
