import { expect, test } from '../support/fixtures.ts';

test('the server reports its health and Stripe mode', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.ok()).toBe(true);
  expect(await response.json()).toMatchObject({ ok: true, stripe: 'reachable', stripeMode: 'emulator' });
  const live = await request.get('/api/health/live');
  expect(await live.json()).toEqual({ ok: true });
});
