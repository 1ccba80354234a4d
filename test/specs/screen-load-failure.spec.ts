/**
 * A screen the POS loads on demand cannot load: the connection drops as the cashier opens it, or a deploy
 * replaced the page's assets while it was open. The page says so with "Try again" instead of going blank,
 * and trying again once the network is back brings the screen.
 */
import { CounterPage } from '../support/counter-page.ts';
import { expect, test } from '../support/fixtures.ts';

const NETWORK_DOWN = 'Cannot reach the server. Check the network, then try again.';

test('the connection drops as the cashier opens the cash drawer: the counter says so, and Try again brings it', async ({
  page,
}) => {
  const counter = new CounterPage(page);
  await counter.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345' });
  await counter.useReader('counter reader');

  await page.route('**/*', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Cash drawer' }).click();
  const failed = page.getByRole('alert').filter({ hasText: NETWORK_DOWN });
  await expect(failed).toBeVisible();

  await page.unroute('**/*');
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('.counter-screen')).toHaveAttribute('data-ready', 'true');
  await page.getByRole('button', { name: 'Cash drawer' }).click();
  await expect(page.getByRole('heading', { name: 'Cash drawer' })).toBeVisible();
});

test("a deploy replaced the merchant app's assets: the page says so instead of going blank", async ({
  page,
}) => {
  // The entry chunk still loads (the browser had it); the merchant app's chunk is gone from the server.
  const entryChunk = /\/assets\/(index|rolldown-runtime|validation)-[\w-]+\.js$/;
  await page.route(/\/assets\/.*\.js$/, (route) =>
    entryChunk.test(route.request().url()) ? route.fallback() : route.fulfill({ status: 404, body: '' }),
  );
  await page.goto('/merchant/catalog');
  const failed = page.getByRole('alert').filter({ hasText: NETWORK_DOWN });
  await expect(failed).toBeVisible();

  await page.unroute(/\/assets\/.*\.js$/);
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
});
