/**
 * Pairing a device and signing in over plain HTTP, against a running server with the demo data (for tests
 * that start `src/main.ts` as a process, like the crash test): the demo platform admin creates a one-time
 * pairing code in the console API, the "device" redeems it, then signs the staff member in with their PIN.
 * The returned `cookie` is the counter session's (what every counter request needs); `deviceCookie` is the
 * register device's, for signing in again on the same device.
 */
export const DEMO_ADMIN = { email: 'admin@countertop.test', password: 'countertop-admin' };

export interface HttpCounterSignIn {
  cookie: string;
  csrfToken: string;
  deviceCookie: string;
  deviceCsrfToken: string;
  staffId: string;
}

function cookieOf(response: Response, name: string): string {
  return new RegExp(`(?:__Host-)?${name}=[^;]+`).exec(response.headers.get('set-cookie') ?? '')?.[0] ?? '';
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A one-time pairing code for the register with this code, created by the demo platform admin. */
export async function demoPairingCode(base: string, registerCode: string): Promise<string> {
  const signIn = await fetch(`${base}/api/console/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_ADMIN),
  });
  const { csrfToken } = await json<{ csrfToken: string }>(signIn, 'console sign-in');
  const headers = { cookie: cookieOf(signIn, 'ct_console'), 'x-csrf-token': csrfToken };
  const { accounts } = await json<{ accounts: { id: string }[] }>(
    await fetch(`${base}/api/platform/accounts`, { headers }),
    'accounts',
  );
  for (const account of accounts) {
    const path = `${base}/api/platform/accounts/${account.id}/registers`;
    const { registers } = await json<{ registers: { id: string; code: string }[] }>(
      await fetch(path, { headers }),
      'registers',
    );
    const register = registers.find((candidate) => candidate.code === registerCode);
    if (!register) continue;
    const created = await json<{ pairingCode: { code: string } }>(
      await fetch(`${path}/${register.id}/pairing-code`, { method: 'POST', headers }),
      'pairing code',
    );
    return created.pairingCode.code;
  }
  throw new Error(`no register ${registerCode}`);
}

/** Pairs a new device with `registerCode` and signs `staffName` in on it with `pin`. */
export async function pairAndSignIn(
  base: string,
  options: { registerCode: string; staffName: string; pin: string },
): Promise<HttpCounterSignIn> {
  const code = await demoPairingCode(base, options.registerCode);
  const paired = await fetch(`${base}/api/counter/pairing`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const info = await json<{ csrfToken: string; staff: { id: string; displayName: string }[] }>(
    paired,
    'pairing',
  );
  const deviceCookie = cookieOf(paired, 'ct_register');
  const staffId = info.staff.find((staff) => staff.displayName === options.staffName)?.id ?? '';
  const signIn = await fetch(`${base}/api/counter/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: deviceCookie, 'x-csrf-token': info.csrfToken },
    body: JSON.stringify({ staffId, pin: options.pin }),
  });
  const { csrfToken } = await json<{ csrfToken: string }>(signIn, 'PIN sign-in');
  return {
    cookie: cookieOf(signIn, 'ct_session'),
    csrfToken,
    deviceCookie,
    deviceCsrfToken: info.csrfToken,
    staffId,
  };
}
