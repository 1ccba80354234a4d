// The demo owner runs their shop at /merchant: builds a small catalog (a category, a required modifier group,
// an item with two variants offering it, a 10 % discount), sets a location's taxes, exports the catalog as
// CSV and checks a bad import, adds a team member, and reads the summary's discount row and definitions and
// a day's drawers.
import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { expect, test } from '../support/fixtures.ts';

const OWNER = { email: 'owner@beancounter.test', password: 'countertop-owner' };

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Merchant' }).getByRole('link', { name });
}

test('the owner builds a catalog, sets taxes, exports the CSV, adds staff and reads the summary', async ({
  page,
}) => {
  // A long journey with several accessibility checks, on a shared 2-core machine.
  test.setTimeout(240_000);
  await page.goto('/merchant/catalog');
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Catalog', level: 2 })).toBeVisible();
  await expect(page).toHaveURL(/\/merchant\/catalog$/);
  await expectAccessible(page, 'merchant catalog');

  // A category.
  await page.getByRole('button', { name: 'Add a category' }).click();
  const categoryDialog = page.getByRole('dialog', { name: 'Add a category' });
  await categoryDialog.getByLabel('Name').fill('Seasonal');
  await categoryDialog.getByLabel('Tile colour').fill('#aa5500');
  await categoryDialog.getByRole('button', { name: 'Save' }).click();
  await expect(categoryDialog).toBeHidden();
  await expect(
    page.getByRole('table', { name: 'Categories' }).getByRole('row', { name: /Seasonal/ }),
  ).toBeVisible();

  // A required modifier group: one syrup, each +$0.60.
  await page.getByRole('button', { name: 'Add a modifier group' }).click();
  const groupDialog = page.getByRole('dialog', { name: 'Add a modifier group' });
  await groupDialog.getByLabel('Group name').fill('Syrup');
  await groupDialog.getByLabel('Least choices').fill('1');
  await groupDialog.getByLabel('Most choices').fill('1');
  await groupDialog.getByLabel('Modifier 1 name').fill('Vanilla');
  await groupDialog.getByLabel('Modifier 1 price change').fill('0.60');
  await groupDialog.getByRole('button', { name: 'Add a modifier' }).click();
  await groupDialog.getByLabel('Modifier 2 name').fill('Caramel');
  await groupDialog.getByLabel('Modifier 2 price change').fill('0.60');
  await groupDialog.getByRole('button', { name: 'Save' }).click();
  await expect(groupDialog).toBeHidden();
  const groupRow = page.getByRole('table', { name: 'Modifier groups' }).getByRole('row', { name: /Syrup/ });
  await expect(groupRow).toContainText('required (at least 1), at most 1');
  await expect(groupRow).toContainText('Vanilla +$0.60');

  // An item with two sizes, in the category, offering the syrups.
  await page.getByRole('button', { name: 'Add an item' }).click();
  const itemDialog = page.getByRole('dialog', { name: 'Add an item' });
  await itemDialog.getByLabel('Item name').fill('Pumpkin latte');
  await itemDialog.getByLabel('Category').selectOption({ label: 'Seasonal' });
  await itemDialog.getByRole('button', { name: 'Add a variant' }).click();
  await itemDialog.getByLabel('Variant 1 name').fill('Small');
  await itemDialog.getByLabel('Variant 1 price').fill('4.25');
  await itemDialog.getByRole('button', { name: 'Add a variant' }).click();
  await itemDialog.getByLabel('Variant 2 name').fill('Large');
  await itemDialog.getByLabel('Variant 2 price').fill('5.25');
  await itemDialog.getByRole('checkbox', { name: 'Syrup' }).check();
  await expectAccessible(page, 'merchant item editor');
  await itemDialog.getByRole('button', { name: 'Save' }).click();
  await expect(itemDialog).toBeHidden();
  const itemRow = page.getByRole('table', { name: 'Items' }).getByRole('row', { name: /Pumpkin latte/ });
  await expect(itemRow).toContainText('Small $4.25 · Large $5.25');
  await expect(itemRow).toContainText('Seasonal');

  // A 10 % discount on the whole sale.
  await page.getByRole('button', { name: 'Add a discount' }).click();
  const discountDialog = page.getByRole('dialog', { name: 'Add a discount' });
  await discountDialog.getByLabel('Discount name').fill('Staff 10%');
  await discountDialog.getByLabel('Percentage (%)').fill('10');
  await discountDialog.getByRole('button', { name: 'Save' }).click();
  await expect(discountDialog).toBeHidden();
  await expect(
    page.getByRole('table', { name: 'Discounts' }).getByRole('row', { name: /Staff 10%/ }),
  ).toContainText('10 %');

  // Mission St's taxes: sales tax added at 9.5 %, said in words.
  const taxes = page.getByRole('form', { name: 'Taxes at Mission St' });
  await taxes.getByLabel('Prices').selectOption({ label: 'Tax is added to prices' });
  await taxes.getByLabel('Standard rate (%)').fill('9.5');
  await taxes.getByRole('button', { name: 'Save the taxes of Mission St' }).click();
  await expect(page.getByRole('form', { name: 'Taxes at Mission St' })).toContainText(
    'at 9.5 % is added to the menu prices',
  );

  // The catalog as CSV, with the new item's sizes.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the catalog (CSV)' }).click();
  const download = await downloading;
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(Buffer.from(chunk));
  const csv = Buffer.concat(chunks).toString('utf8');
  const header = csv.split(/\r?\n/)[0] ?? '';
  expect(header).toContain('item_id');
  expect(csv).toContain('Pumpkin latte');
  expect(csv).toContain('Large');

  // A bad import is checked first: the refused row and its problem are shown, nothing is imported.
  await page.getByLabel('CSV text').fill(`${header}\n,,Bad tea,,,,not-a-price,standard,,true,0,\n`);
  await page.getByRole('button', { name: 'Check the file' }).click();
  const problems = page.getByRole('table', { name: 'Rows with problems' });
  await expect(problems.getByRole('row').nth(1)).toContainText('2');
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await expectAccessible(page, 'merchant catalog import');

  // A new team member at Mission St.
  await nav(page, 'Team').click();
  await expect(page).toHaveURL(/\/merchant\/team$/);
  await page.getByRole('button', { name: 'Add a team member' }).click();
  const memberDialog = page.getByRole('dialog', { name: 'Add a team member' });
  await memberDialog.getByLabel('Name').fill('Eve');
  await memberDialog.getByLabel('PIN').fill('5678');
  await memberDialog.getByRole('checkbox', { name: 'Mission St' }).check();
  await memberDialog.getByRole('button', { name: 'Save' }).click();
  await expect(memberDialog).toBeHidden();
  await expect(page.getByRole('table', { name: 'Team' }).getByRole('row', { name: /Eve/ })).toContainText(
    'Mission St',
  );
  await expect(page.getByRole('heading', { name: 'What each role may do' })).toBeVisible();
  await expectAccessible(page, 'merchant team');

  // Yesterday's summary (the demo history): the discounts row, card and cash, and what each figure means.
  await nav(page, 'Summary').click();
  const dayField = page.getByRole('textbox', { name: 'Day' });
  const today = await dayField.inputValue();
  const yesterday = new Date(`${today}T12:00:00Z`);
  yesterday.setUTCDate(yesterday.getUTCDate() - 1);
  await dayField.fill(yesterday.toISOString().slice(0, 10));
  const discounts = page.locator('tr[data-figure="discountsMinor"]');
  await expect(discounts.getByRole('rowheader')).toHaveText('Discounts');
  await expect(page.locator('tr[data-figure="cashMinor"]')).toBeVisible();
  await expect(page.locator('[data-definition="netSalesMinor"]').first()).toContainText(
    'Net sales = Gross sales − Refunds − Discounts.',
  );
  await expect(page.locator('[data-definition="discountsMinor"]').first()).toContainText(
    'taken off by discounts',
  );
  await expectAccessible(page, 'merchant summary with definitions');

  // That day's drawers, each with its Z report.
  await nav(page, 'Drawers').click();
  await expect(page).toHaveURL(/\/merchant\/drawers$/);
  await expect(page.getByRole('link', { name: /^Z report of / }).first()).toBeVisible();
  await expectAccessible(page, 'merchant drawers');
});
