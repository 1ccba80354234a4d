// Test support for emulator unit tests: an in-process emulator core (no socket) plus a tiny form client.
import { createEmulatorCore, type EmulatorCore } from '../../src/stripe/emulator/core/app.ts';
import { registerResources } from '../../src/stripe/emulator/resources/index.ts';

export interface TestEmulator {
  core: EmulatorCore;
  call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params?: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
}

export function buildTestEmulator(options: { nowMs?: () => number } = {}): TestEmulator {
  const core = createEmulatorCore(options.nowMs ? { clock: { nowMs: options.nowMs } } : {});
  registerResources(core.api);
  core.bootstrap();
  return {
    core,
    async call(method, path, params = {}, headers = {}) {
      const form = new URLSearchParams(params).toString();
      const url = `http://emulator.test${path}${method === 'POST' || !form ? '' : `?${form}`}`;
      const res = await core.app.fetch(
        new Request(url, {
          method,
          headers: {
            authorization: 'Bearer sk_test_unit',
            'content-type': 'application/x-www-form-urlencoded',
            ...headers,
          },
          ...(method === 'POST' ? { body: form } : {}),
        }),
      );
      const text = await res.text();
      return {
        status: res.status,
        body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
        headers: res.headers,
      };
    },
  };
}

/** Creates an onboarded connected account through the emulator's own endpoints. */
export async function buildConnectedAccount(emu: TestEmulator): Promise<string> {
  const acct = await emu.call('POST', '/v1/accounts', {
    type: 'express',
    country: 'CA',
    'capabilities[card_payments][requested]': 'true',
    'capabilities[transfers][requested]': 'true',
  });
  const id = String(acct.body.id);
  await emu.core.app.fetch(
    new Request(`http://emulator.test/_emulator/accounts/${id}/onboarding`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'complete' }),
    }),
  );
  return id;
}
