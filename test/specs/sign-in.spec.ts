import { expectAccessible } from '../support/axe.ts';
import { CounterPage } from '../support/counter-page.ts';
import { expect, test } from '../support/fixtures.ts';

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
  await expect(alert).toHaveText('Too many wrong PINs. Wait a few minutes, then try again.');
});

test('a counter whose session has ended goes back to the sign-in screen', async ({ page, context }) => {
  const counter = new CounterPage(page);
  await counter.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345' });
  await context.clearCookies();
  await page.getByRole('button', { name: 'Shift sales' }).click();
  await expect(page.getByRole('heading', { name: 'Who is signing in?' })).toBeVisible();
});
