// The counter speaks the location's language: at Kissa Tanpopo in Shibuya (JP) it opens in Japanese, money
// and times in the ja-JP locale; the cashier can switch to English, and the choice stays on the device.
import { expectAccessible } from '../support/axe.ts';
import { CounterPage } from '../support/counter-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('a Japanese location gets a Japanese counter, and the cashier can switch it to English', async ({
  page,
}) => {
  // Paired with a one-time code from the console (the setup screen is in the browser's language).
  await new CounterPage(page).pairRegister('SHIBUYA-1');

  // Sign-in in Japanese, by role and label.
  await expect(page.getByRole('heading', { name: 'サインインするのは誰ですか？' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expectAccessible(page, 'counter sign-in (Japanese)');
  await page.getByRole('button', { name: 'Kenji', exact: true }).click();
  for (const digit of '2222') {
    await page
      .getByRole('group', { name: 'PINキーパッド' })
      .getByRole('button', { name: digit, exact: true })
      .click();
  }
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();

  // The counter in Japanese, yen in the ja-JP locale.
  await expect(page.getByRole('button', { name: 'シフトの売上' })).toBeVisible();
  await page.getByRole('button', { name: '金額入力' }).click();
  await page.getByRole('textbox', { name: '金額', exact: true }).fill('1200');
  await expect(page.getByRole('button', { name: /を請求$/ })).toHaveText('￥1,200を請求');
  await expect(
    page.getByText('請求するにはカードリーダーを接続してください。').or(page.getByText(/に接続済み$/)),
  ).toBeVisible();
  // Tipping is off at Kissa Tanpopo: the simulated reader says so instead of offering a tip.
  await expect(
    page.getByText('この事業者ではチップがオフです。リーダーはお客様にチップを尋ねません。'),
  ).toBeVisible();
  await expectAccessible(page, 'counter (Japanese)');

  // The cashier chooses English; it stays chosen after a reload.
  await page.getByLabel('言語').selectOption('en');
  await expect(page.getByRole('button', { name: 'Shift sales' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Shift sales' })).toBeVisible();
  await page.getByLabel('Language').selectOption('ja');
  await expect(page.getByRole('button', { name: 'シフトの売上' })).toBeVisible();
});
