/**
 * Checks the secret scan itself (support/fixtures.ts): its patterns catch keys, signing secrets and hashes
 * but not our ids and tokens; a page that receives a secret from the POS origin fails its test; and the built
 * client bundle, every file of it (including chunks no e2e test happens to load), holds none.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMULATOR_URL } from '../support/emulator.ts';
import { createScanner, expect, findSecrets, test } from '../support/fixtures.ts';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'pos-client', 'dist');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

test('the scan patterns catch secrets and hashes and pass ids, UUIDs and session tokens', () => {
  const digest = 'a3'.repeat(32);
  const caught = [
    '{"key":"sk_test_51Hx"}',
    'const k = "sk_live_abc";',
    '{"key":"rk_test_abc"}',
    '{"secret":"whsec_abc123"}',
    '{"pin_hash":"x"}',
    '{"passwordHash":"x"}',
    '{"tokenHash":"x"}',
    `{"value":"${digest}"}`,
  ];
  for (const body of caught) expect(findSecrets(body), body).not.toEqual([]);
  const passed = [
    '{"id":"att_0123456789abcdef0123","paymentIntentId":"pi_3NabcdEF"}',
    '{"clientSaleId":"0b6f1c2e-8d2a-4c0e-9d3b-1f2e3a4b5c6d"}',
    '{"csrfToken":"q2bY_3k9ZzT0aLxU8pWcRv1N5mE7hJdS"}',
    '{"publishableKey":"pk_test_countertop","task":"desk_test_plan"}',
    `{"id":"ch_${digest}"}`,
  ];
  for (const body of passed) expect(findSecrets(body), body).toEqual([]);
});

test('the scanner reads what the browser receives and names the URL and the secret', async ({ page }) => {
  // Another origin than the POS server's, so this test's own automatic scan stays clean.
  const scanner = createScanner(new URL(EMULATOR_URL).origin);
  scanner.watch(page.context());
  await page.route(`${EMULATOR_URL}/leak`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<p>whsec_leaked and sk_live_leaked</p>' }),
  );
  await page.goto(`${EMULATOR_URL}/leak`);
  await scanner.settle();
  expect(scanner.counts.scanned).toBe(1);
  expect(scanner.findings).toEqual([
    expect.stringMatching(/^GET http:\/\/.+\/leak — Stripe secret key: /),
    expect.stringMatching(/^GET http:\/\/.+\/leak — webhook signing secret: /),
  ]);
});

test('a page that receives a secret key from the POS server fails its test', async ({ page }) => {
  // The auto fixture must turn this into a failure; test.fail() expects exactly that.
  test.fail();
  await page.route('**/api/health', (route) =>
    route.fulfill({ contentType: 'application/json', body: '{"ok":true,"key":"sk_test_leaked"}' }),
  );
  await page.goto('/api/health');
});

test('the built client bundle holds no secret key, webhook secret or hash', () => {
  const files = filesUnder(dist);
  expect(files.length).toBeGreaterThan(0);
  const findings = files.flatMap((file) =>
    findSecrets(readFileSync(file, 'latin1')).map((hit) => `${relative(dist, file)}: ${hit}`),
  );
  console.log(`secret scan: ${files.length} files of the built client bundle scanned`);
  expect(findings).toEqual([]);
});
