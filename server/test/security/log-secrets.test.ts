// No secret and no personal data in the server's log: the real server process (src/main.ts, demo data,
// embedded emulator) goes through a full flow over HTTP — a device paired with a one-time code, wrong and
// right PINs, a staff member added with a PIN, a card sale and its e-mailed receipt, an owner invited (the
// link read from the outbox, opened and accepted), a refund, a password change, wrong console passwords,
// sign out everywhere — and everything it wrote to stdout and stderr is searched for each token, code, PIN,
// password and e-mail address of the flow, and for anything shaped like a token or an e-mail address.
// (The start-up banner prints the demo's own sign-ins by design — emulator mode only — and is left out of
// the shape searches; none of the flow's secrets is a demo one.)
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { demoPairingCode, pairAndSignIn } from '../support/http-pairing.ts';

const serverDir = join(import.meta.dirname, '..', '..');
let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

const CUSTOMER_EMAIL = 'customer-9f3a@example.com';
const OWNER_EMAIL = 'new-owner-77c1@example.com';
const NEW_PIN = '90817263';
const WRONG_PIN = '11223344';
const OWNER_PASSWORD = 'An invited owner passphrase 42';
const CHANGED_PASSWORD = 'A changed passphrase 77';
const WRONG_PASSWORD = 'wrong-password-xyz-123';

function cookieOf(response: Response, name: string): string {
  return new RegExp(`(?:__Host-)?${name}=[^;]+`).exec(response.headers.get('set-cookie') ?? '')?.[0] ?? '';
}
const cookieValue = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);

it('writes no token, code, PIN, password or e-mail address of a full flow to the log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'countertop-logs-'));
  let output = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_PATH: join(dir, 'pos.db'),
      STATIC_ROOT: join(dir, 'no-client'),
      DEMO_HISTORY_DAYS: '0',
      RECONCILIATION_HOUR_UTC: '-1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Countertop listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] && /SHIBUYA-1/.test(output)) resolve(match[1]);
    };
    child?.stdout?.on('data', onData);
    child?.stderr?.on('data', onData);
    child?.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const secrets: { name: string; value: string }[] = [];
  const keep = (name: string, value: string) => {
    expect(value, name).not.toBe('');
    secrets.push({ name, value });
  };
  const call = async (
    path: string,
    init: { method?: string; json?: unknown; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });

  // The counter: a device paired with a one-time code, Ben signed in with his PIN.
  const ben = await pairAndSignIn(base, { registerCode: 'MISSION-1', staffName: 'Ben', pin: '2345' });
  keep('counter session token', cookieValue(ben.cookie));
  keep('register device token', cookieValue(ben.deviceCookie));
  keep('session CSRF token', ben.csrfToken);
  keep('device CSRF token', ben.deviceCsrfToken);
  const spareCode = await demoPairingCode(base, 'MISSION-2');
  keep('pairing code', spareCode);
  keep('pairing code (typed)', spareCode.replace('-', ''));

  // The platform admin adds a staff member with a PIN; a wrong PIN, then the right one, on the device.
  const adminSignIn = await call('/api/console/session', {
    method: 'POST',
    json: { email: 'admin@countertop.test', password: 'countertop-admin' },
  });
  const admin = {
    cookie: cookieOf(adminSignIn, 'ct_console'),
    csrf: ((await adminSignIn.json()) as { csrfToken: string }).csrfToken,
  };
  keep('console session token', cookieValue(admin.cookie));
  const asAdmin = (path: string, init: { method?: string; json?: unknown } = {}) =>
    call(path, { ...init, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
  const { accounts } = (await (await asAdmin('/api/platform/accounts')).json()) as {
    accounts: { id: string; businessName: string }[];
  };
  const bean = accounts.find((account) => account.businessName === 'Bean Counter Coffee');
  const { locations } = (await (await asAdmin(`/api/platform/accounts/${bean?.id}/locations`)).json()) as {
    locations: { id: string; name: string }[];
  };
  const mission = locations.find((location) => location.name === 'Mission St');
  const added = await asAdmin(`/api/platform/accounts/${bean?.id}/staff`, {
    method: 'POST',
    json: { displayName: 'Lou', role: 'staff', pin: NEW_PIN, locationIds: [mission?.id] },
  });
  expect(added.status).toBe(201);
  const lou = ((await added.json()) as { staff: { id: string } }).staff.id;
  const device = { cookie: ben.deviceCookie, 'x-csrf-token': ben.deviceCsrfToken };
  expect(
    (
      await call('/api/counter/session', {
        method: 'POST',
        json: { staffId: lou, pin: WRONG_PIN },
        headers: device,
      })
    ).status,
  ).toBe(401);
  const louSignIn = await call('/api/counter/session', {
    method: 'POST',
    json: { staffId: lou, pin: NEW_PIN },
    headers: device,
  });
  expect(louSignIn.status).toBe(200);
  keep('second counter session token', cookieValue(cookieOf(louSignIn, 'ct_session')));

  // A card sale on the server-driven reader, and its receipt e-mailed to the customer.
  const asBen = (path: string, init: { method?: string; json?: unknown } = {}) =>
    call(path, { ...init, headers: { cookie: ben.cookie, 'x-csrf-token': ben.csrfToken } });
  const { readers } = (await (await asBen('/api/counter/readers')).json()) as {
    readers: { id: string; integration: string }[];
  };
  const reader = readers.find((candidate) => candidate.integration === 'server_driven');
  const created = await asBen('/api/counter/sales', {
    method: 'POST',
    json: { clientSaleId: randomUUID(), keyedAmountMinor: 1234 },
  });
  const saleId = ((await created.json()) as { sale: { id: string } }).sale.id;
  expect(
    (
      await asBen(`/api/counter/sales/${saleId}/attempts`, {
        method: 'POST',
        json: { attemptKey: randomUUID(), readerId: reader?.id },
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await asBen(`/api/counter/readers/${reader?.id}/present-card`, {
        method: 'POST',
        json: { cardNumber: '4242424242424242' },
      })
    ).status,
  ).toBe(202);
  let status = '';
  for (let i = 0; i < 50 && status !== 'succeeded'; i++) {
    const synced = await asBen(`/api/counter/sales/${saleId}/sync`, { method: 'POST' });
    status = ((await synced.json()) as { sale: { status: string } }).sale.status;
    if (status !== 'succeeded') await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(status).toBe('succeeded');
  const receipt = await asBen(`/api/counter/sales/${saleId}/receipt/email`, {
    method: 'POST',
    json: { email: CUSTOMER_EMAIL },
  });
  expect(receipt.status).toBe(202);
  keep('customer e-mail', CUSTOMER_EMAIL);

  // An owner invited: the link read from the outbox, opened, accepted; a refund; a password change.
  expect(
    (
      await asAdmin('/api/console/invitations', {
        method: 'POST',
        json: { email: OWNER_EMAIL, accountId: bean?.id },
      })
    ).status,
  ).toBe(201);
  keep('invited e-mail', OWNER_EMAIL);
  const outbox = (await (await asAdmin('/api/platform/outbox')).json()) as {
    messages: { to: string; text: string }[];
  };
  const invitation = outbox.messages.find((message) => message.to === OWNER_EMAIL);
  const token = /\/platform\/invitations\/([A-Za-z0-9_-]+)/.exec(invitation?.text ?? '')?.[1] ?? '';
  keep('invitation token', token);
  expect((await call(`/api/console/invitations/${token}`)).status).toBe(200);
  const accepted = await call(`/api/console/invitations/${token}/accept`, {
    method: 'POST',
    json: { password: OWNER_PASSWORD },
  });
  expect(accepted.status).toBe(200);
  keep('owner password', OWNER_PASSWORD);
  const owner = {
    cookie: cookieOf(accepted, 'ct_console'),
    csrf: ((await accepted.json()) as { csrfToken: string }).csrfToken,
  };
  keep('owner session token', cookieValue(owner.cookie));
  const asOwner = (path: string, init: { method?: string; json?: unknown } = {}) =>
    call(path, { ...init, headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf } });
  const refund = await asOwner(`/api/merchant/sales/${saleId}/refunds`, {
    method: 'POST',
    json: { amountMinor: 234, refundKey: randomUUID(), reason: 'log scan' },
  });
  expect(refund.status).toBe(201);
  expect(
    (
      await asOwner('/api/console/password', {
        method: 'POST',
        json: { currentPassword: OWNER_PASSWORD, newPassword: CHANGED_PASSWORD },
      })
    ).status,
  ).toBe(204);
  keep('changed password', CHANGED_PASSWORD);
  for (let i = 0; i < 3; i++) {
    await call('/api/console/session', {
      method: 'POST',
      json: { email: OWNER_EMAIL, password: WRONG_PASSWORD },
    });
  }
  keep('wrong password', WRONG_PASSWORD);
  keep('new PIN', NEW_PIN);
  keep('wrong PIN', WRONG_PIN);
  expect((await asOwner('/api/console/sessions', { method: 'DELETE' })).status).toBe(200);

  child.kill('SIGTERM');
  await new Promise((resolve) => child?.once('exit', resolve));

  const found = secrets.filter(({ value }) => output.includes(value)).map(({ name }) => name);
  // Outside the demo banner (its indented sign-in lines): nothing shaped like a token or an address.
  const logLines = output.split('\n').filter((line) => !/^ {2}\S/.test(line) && !line.startsWith('Demo '));
  const tokenShaped = logLines.filter((line) =>
    /[A-Za-z0-9_-]{40,}/.test(line.replace(/[0-9a-f]{40,}/g, '')),
  );
  const addresses = logLines.filter((line) => /[\w.+-]+@[\w-]+\.[\w.]+/.test(line));
  console.log(
    `[log-secrets] log lines=${output.split('\n').length} secrets searched=${secrets.length} found=${found.length}`,
  );
  expect(found).toEqual([]);
  expect(tokenShaped).toEqual([]);
  expect(addresses).toEqual([]);
  // The request log did see the flow (the invitation's path, redacted).
  expect(output).toContain('"path":"/api/console/invitations/[redacted]/accept"');
}, 120_000);
