import { expectAccessible } from '../support/axe.ts';
import { CounterPage } from '../support/counter-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { pairingCodeFor } from '../support/pairing.ts';

test('an unpaired browser is shown only the pairing screen; a code pairs one device, once', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Set up this register' })).toBeVisible();
  await expect(page.getByText('Bean Counter Coffee')).toHaveCount(0);
  const lookup = await page.request.get('/api/counter/register');
  expect(lookup.status()).toBe(404);
  expect(await lookup.text()).not.toContain('Ben');

  await page.getByLabel('Pairing code').fill('2345-6789');
  await page.getByRole('button', { name: 'Pair this device' }).click();
  await expect(page.getByRole('alert')).toContainText('That pairing code is not valid');

  const code = await pairingCodeFor('MISSION-1');
  await page.getByLabel('Pairing code').fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Pair this device' }).click();
  await expect(page.getByRole('heading', { name: 'Who is signing in?' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ben', exact: true })).toBeVisible();

  // The same code on another browser: already used.
  const other = await (await browser.newContext()).newPage();
  await other.goto('/');
  await other.getByLabel('Pairing code').fill(code);
  await other.getByRole('button', { name: 'Pair this device' }).click();
  await expect(other.getByRole('alert')).toContainText('already used');
  await other.context().close();

  // Unpairing this device from its sign-in screen (after a confirmation) sends it back to pairing.
  await page.getByRole('button', { name: 'Not register MISSION-1? Unpair this device' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Unpair this device' }).click();
  await expect(page.getByRole('heading', { name: 'Set up this register' })).toBeVisible();
  expect((await page.request.get('/api/counter/register')).status()).toBe(404);
});

test('staff sign in at a paired register with their PIN, and a wrong PIN is refused in plain words', async ({
  page,
}) => {
  const counter = new CounterPage(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Set up this register' })).toBeVisible();
  await expectAccessible(page, 'counter register setup');
  await counter.pairRegister('MISSION-1');
  await expect(page.getByRole('heading', { name: 'Bean Counter Coffee' })).toBeVisible();
  await expectAccessible(page, 'counter sign-in');

  await page.getByRole('button', { name: 'Ben', exact: true }).click();
  await counter.enterPin('9999');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('That PIN is not right. Try again.');

  await counter.enterPin('2345');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Signed in: Ben')).toBeVisible();
  await expect(counter.product('Latte')).toBeVisible();
  await expectAccessible(page, 'counter');

  // The register stays paired across reloads; the session too.
  await page.reload();
  await expect(page.getByText('Signed in: Ben')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Who is signing in?' })).toBeVisible();
});

test('repeated wrong PINs are throttled with a message to wait', async ({ page }) => {
  const counter = new CounterPage(page);
  await counter.pairRegister('BROOKLYN-1');
  await page.getByRole('button', { name: 'Dev', exact: true }).click();
  const alert = page.getByRole('alert');
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await counter.enterPin('0000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toHaveText(/PIN/);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  }
  await counter.enterPin('4567');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The first wait is 30 s, counted from the last wrong PIN (a second may pass before this answer).
  await expect(alert).toHaveText(
    /^Too many wrong PINs\. Try again in (29|30) seconds, or ask a manager to approve this device\.$/,
  );
});

test('a counter whose session has ended goes back to the sign-in screen', async ({ page, context }) => {
  const counter = new CounterPage(page);
  await counter.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345' });
  // The session ends; the device stays paired.
  await context.clearCookies({ name: 'ct_session' });
  await page.getByRole('button', { name: 'Shift sales' }).click();
  await expect(page.getByRole('heading', { name: 'Who is signing in?' })).toBeVisible();
});
