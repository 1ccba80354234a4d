import { CounterPage } from '../support/counter-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('a second register takes over a reader in use, and the first register is told it lost it', async ({
  browser,
}) => {
  const first = new CounterPage(await (await browser.newContext()).newPage());
  await first.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345' });
  await first.useReader('counter reader');

  const second = new CounterPage(await (await browser.newContext()).newPage());
  await second.signIn({ register: 'MISSION-2', staff: 'Ana', pin: '1234' });
  const select = second.page.getByLabel('Reader', { exact: true });
  const option = select.locator('option', { hasText: 'counter reader' });
  await select.selectOption((await option.getAttribute('value')) ?? '');
  await second.page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(second.page.getByText('Another register is using this reader.')).toBeVisible();

  await second.page.getByRole('button', { name: 'Take over reader' }).click();
  await expect(second.page.getByText('Connected to Mission St counter reader')).toBeVisible();
  await expect(first.page.getByText('Reader disconnected')).toBeVisible();
  await expect(first.page.getByText('Another register connected to this reader.')).toBeVisible();

  await first.page.context().close();
  await second.page.context().close();
});
