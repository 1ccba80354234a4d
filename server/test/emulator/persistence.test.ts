import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/stripe/emulator/index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function call(emulator: ReturnType<typeof createEmulator>, method: string, path: string, form = '') {
  const res = await emulator.fetch(
    new Request(`http://emulator.test${path}`, {
      method,
      headers: {
        authorization: 'Bearer sk_test_persist',
        'content-type': 'application/x-www-form-urlencoded',
      },
      ...(method === 'POST' ? { body: form } : {}),
    }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('createEmulator with a database file', () => {
  it('keeps objects and the platform account across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stripe-emu-'));
    dirs.push(dir);
    const databasePath = join(dir, 'stripe.db');
    const first = createEmulator({ databasePath });
    const pi = await call(
      first,
      'POST',
      '/v1/payment_intents',
      'amount=1000&currency=usd&allowed_payment_method_types[]=card',
    );
    const platform = await call(first, 'GET', '/v1/account');
    first.close();

    const second = createEmulator({ databasePath });
    const again = await call(second, 'GET', `/v1/payment_intents/${String(pi.body.id)}`);
    expect(again.status).toBe(200);
    expect(again.body.amount).toBe(1000);
    expect((await call(second, 'GET', '/v1/account')).body.id).toBe(platform.body.id);
    second.close();
  });
});
