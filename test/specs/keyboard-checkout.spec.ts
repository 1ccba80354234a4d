// A desktop till without a mouse: digits type the amount, Enter charges, Enter on the focused "New sale"
// starts the next one, and Esc cancels a payment the reader is waiting for.
import { CounterPage } from '../support/counter-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('a cashier checks out with the keyboard only: digits, Enter to charge, Esc to cancel', async ({
  page,
}) => {
  const counter = new CounterPage(page);
  await counter.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345' });
  await counter.useReader('counter reader');
  await counter.chooseTestCard('Visa — approved');
  await page.locator('body').click({ position: { x: 1, y: 1 } });

  // From here on, only the keyboard.
  await page.keyboard.type('12.34');
  await expect(page.getByRole('textbox', { name: 'Amount', exact: true })).toHaveValue('12.34');
  await expect(counter.chargeButton()).toHaveText('Charge $12.34');
  await page.keyboard.press('Enter');
  await counter.expectPayment('Approved ✓ $12.34');
  await expect(counter.dialog.getByRole('button', { name: 'New sale' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(counter.dialog).toBeHidden();

  // The next customer: the reader waits (the simulated card comes late), and Esc cancels.
  await counter.setPresentDelaySeconds(60);
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.type('5');
  await page.keyboard.press('Enter');
  await counter.expectPayment('Present card on the reader');
  await page.keyboard.press('Escape');
  await counter.expectPayment('Payment canceled');
  expect(await counter.inFlightSale()).toBeNull();
  await expect(counter.dialog.getByRole('button', { name: 'Back to cart' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(counter.dialog).toBeHidden();
});

test('on a phone the total and Charge stay on screen; on a 1024×768 tablet the reader is above the fold', async ({
  page,
}) => {
  const counter = new CounterPage(page);
  await page.setViewportSize({ width: 1024, height: 768 });
  await counter.signIn({ register: 'MISSION-1', staff: 'Ben', pin: '2345' });
  await expect(page.getByRole('heading', { name: 'Card reader' })).toBeInViewport();
  await expect(page.getByRole('button', { name: /^(Connect|Disconnect)$/ })).toBeInViewport();

  await page.setViewportSize({ width: 390, height: 844 });
  await counter.addProduct('Latte', 3);
  await page.mouse.wheel(0, 400);
  await expect(counter.chargeButton()).toBeInViewport();
  await expect(page.getByTestId('total')).toBeInViewport();
});
