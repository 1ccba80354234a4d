import { CounterPage } from '../support/counter-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('a yen amount is keyed and charged in whole yen (zero-decimal currency)', async ({ page }) => {
  const counter = new CounterPage(page);
  // Shibuya speaks Japanese by default (specs/japanese-counter.spec.ts); this cashier chose English.
  await counter.chooseLanguageBeforeLoad('en');
  await counter.signIn({ register: 'SHIBUYA-1', staff: 'Kenji', pin: '2222' });
  await counter.useReader('counter reader');
  await counter.keyAmount('1,200');
  await expect(counter.chargeButton()).toHaveText('Charge ¥1,200');
  await counter.keyAmount('12.5');
  await expect(page.getByText('Enter an amount in JPY')).toBeVisible();
  await expect(counter.chargeButton()).toBeDisabled();
  await counter.keyAmount('1200');
  await counter.charge();
  await counter.expectPayment('Approved ✓ ¥1,200');
  const [sale] = await counter.shiftSales();
  expect(sale).toMatchObject({ status: 'succeeded', totalMinor: 1200 });
});
