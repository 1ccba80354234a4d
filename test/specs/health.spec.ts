import { expect, test } from '../support/fixtures.ts';

test('the server reports its health and Stripe mode', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.ok()).toBe(true);
  expect(await response.json()).toMatchObject({ ok: true, stripeMode: 'emulator' });
});
