/**
 * Page model of the counter app: pairing this browser with a register (a one-time code from the console),
 * signing in, building a cart or keyed amount,
 * connecting a reader, choosing the emulator's test card and reading the payment dialog.
 * Locates by role and label, like a cashier would.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { pairingCodeFor } from './pairing.ts';

export class CounterPage {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog');
  }

  /**
   * Opens the counter and, on a browser not paired yet, pairs it with `register` by typing a pairing code
   * (`pairingCode`, or a new one the demo admin creates in the console API).
   */
  async pairRegister(register: string, pairingCode?: string) {
    await this.page.goto('/');
    const field = this.page.getByLabel('Pairing code');
    // The sign-in screen speaks the location's language (Japanese at a Japanese location).
    const signInScreen = this.page.getByRole('heading', {
      name: /^(Who is signing in\?|サインインするのは誰ですか？)$/,
    });
    await expect(field.or(signInScreen)).toBeVisible();
    if (await field.isVisible()) {
      await field.fill(pairingCode ?? (await pairingCodeFor(register)));
      await this.page.getByRole('button', { name: 'Pair this device' }).click();
    }
    await expect(signInScreen).toBeVisible();
  }

  async enterPin(pin: string) {
    for (const digit of pin) {
      await this.page
        .getByRole('group', { name: 'PIN keypad' })
        .getByRole('button', { name: digit, exact: true })
        .click();
    }
  }

  /** Pairs the register, signs in, and clears any unfinished sale a previous test left at this register. */
  async signIn(options: { register: string; staff: string; pin: string; pairingCode?: string }) {
    await this.pairRegister(options.register, options.pairingCode);
    await this.page.getByRole('button', { name: options.staff, exact: true }).click();
    await this.enterPin(options.pin);
    const inFlight = this.page.waitForResponse((response) =>
      response.url().endsWith('/api/counter/in-flight'),
    );
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(this.page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    const { sale } = (await (await inFlight).json()) as { sale: { status: string } | null };
    if (sale) await this.dismissUnfinishedSale();
  }

  async dismissUnfinishedSale() {
    await expect(this.dialog.getByRole('heading', { name: 'Unfinished sale' })).toBeVisible();
    await this.dialog.getByRole('button', { name: 'Cancel sale' }).click();
    // Canceling a sale asks first, with its amount.
    await this.page
      .getByRole('dialog', { name: /^Cancel this sale of / })
      .getByRole('button', { name: 'Cancel the sale' })
      .click();
    await this.dialog.getByRole('button', { name: 'New sale' }).click();
    await expect(this.dialog).toBeHidden();
  }

  /** The person chose a language on this device (the switcher remembers it), before the page loads. */
  async chooseLanguageBeforeLoad(language: 'en' | 'ja') {
    await this.page.addInitScript((chosen) => localStorage.setItem('countertop.language', chosen), language);
  }

  async useReader(labelPart: string) {
    const select = this.page.getByLabel('Reader', { exact: true });
    const option = select.locator('option', { hasText: labelPart });
    await select.selectOption((await option.getAttribute('value')) ?? '');
    await this.connectReader();
  }

  /** Connects the selected reader, taking it over if an earlier test's page still holds it. */
  async connectReader() {
    const status = this.page.getByText(/^Connected to /);
    await this.page.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click();
    const takeOver = this.page.getByRole('button', { name: 'Take over reader' });
    // Connecting fetches a connection token and lazy-loads the driver: on a loaded machine that can pass 10 s.
    await expect(status.or(takeOver)).toBeVisible({ timeout: 30_000 });
    if (await takeOver.isVisible()) await takeOver.click();
    await expect(status).toBeVisible({ timeout: 30_000 });
  }

  product(name: string) {
    return this.page.getByRole('button', { name: new RegExp(`^${name}, `) });
  }

  async addProduct(name: string, times = 1) {
    for (let i = 0; i < times; i += 1) await this.product(name).click();
  }

  async keyAmount(amount: string, description?: string) {
    await this.page.getByRole('button', { name: 'Keyed amount' }).click();
    await this.page.getByRole('textbox', { name: 'Amount', exact: true }).fill(amount);
    if (description) await this.page.getByLabel('Description (optional)').fill(description);
  }

  chargeButton() {
    return this.page.getByRole('button', { name: /^Charge / });
  }

  async charge() {
    await this.chargeButton().click();
  }

  async chooseTestCard(label: string) {
    await this.page.getByLabel('Test card').selectOption({ label });
  }

  async setTipOnReader(amount: string) {
    await this.page.getByLabel('Tip on reader').fill(amount);
  }

  async setCustomerCancels(on: boolean) {
    await this.page.getByLabel('Customer cancels on the reader').setChecked(on);
  }

  async setPresentDelaySeconds(seconds: number) {
    await this.page.getByLabel('Seconds until the card is presented').fill(String(seconds));
  }

  paymentTitle() {
    return this.dialog.getByRole('heading', { level: 2 }).first();
  }

  async expectPayment(text: string | RegExp) {
    await expect(this.paymentTitle()).toHaveText(text);
  }

  async newSale() {
    await this.dialog.getByRole('button', { name: 'New sale' }).click();
    await expect(this.dialog).toBeHidden();
  }

  /** The unfinished or latest sale of this register, as the API reports it. */
  async inFlightSale(): Promise<{ id: string; paymentIntentId: string | null; status: string } | null> {
    const response = await this.page.request.get('/api/counter/in-flight');
    expect(response.ok()).toBe(true);
    return (await response.json()).sale;
  }

  async shiftSales(): Promise<
    {
      id: string;
      status: string;
      paymentIntentId: string | null;
      totalMinor: number;
      applicationFeeMinor: number;
      tipMinor: number;
    }[]
  > {
    const response = await this.page.request.get('/api/counter/sales?scope=shift');
    expect(response.ok()).toBe(true);
    return (await response.json()).sales;
  }

  async readers(): Promise<{ id: string; stripeReaderId: string; label: string; integration: string }[]> {
    const response = await this.page.request.get('/api/counter/readers');
    expect(response.ok()).toBe(true);
    return (await response.json()).readers;
  }
}
