/**
 * Pairing a browser with a register, as the shop would: the demo platform admin creates a one-time pairing
 * code through the console API (in a request context of its own, so no console cookie reaches the counter's
 * browser), and the counter page types it on its setup screen (CounterPage.pairRegister).
 */
import { request } from '@playwright/test';

export const DEMO_ADMIN = { email: 'admin@countertop.test', password: 'countertop-admin' };

/** The POS under test (playwright.config.ts serves it on E2E_PORT). */
export const POS_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

/** A new one-time pairing code for the register with this code (e.g. MISSION-1). */
export async function pairingCodeFor(registerCode: string, baseURL = POS_URL): Promise<string> {
  const api = await request.newContext({ baseURL });
  try {
    const signIn = await api.post('/api/console/session', { data: DEMO_ADMIN });
    if (!signIn.ok()) throw new Error(`console sign-in: ${signIn.status()} ${await signIn.text()}`);
    const headers = { 'x-csrf-token': ((await signIn.json()) as { csrfToken: string }).csrfToken };
    const { accounts } = (await (await api.get('/api/platform/accounts')).json()) as {
      accounts: { id: string }[];
    };
    for (const account of accounts) {
      const path = `/api/platform/accounts/${account.id}/registers`;
      const { registers } = (await (await api.get(path)).json()) as {
        registers: { id: string; code: string }[];
      };
      const register = registers.find((candidate) => candidate.code === registerCode);
      if (!register) continue;
      const created = await api.post(`${path}/${register.id}/pairing-code`, { headers });
      if (!created.ok()) throw new Error(`pairing code: ${created.status()} ${await created.text()}`);
      return ((await created.json()) as { pairingCode: { code: string } }).pairingCode.code;
    }
    throw new Error(`no register ${registerCode}`);
  } finally {
    await api.dispose();
  }
}
