/**
 * Demo data for a fresh install in emulator mode: a platform, two connected accounts created and
 * onboarded through the Stripe SDK against the emulator ("Bean Counter Coffee", US/usd/direct charges,
 * sales tax added; "Kissa Tanpopo", JP/jpy/destination charges, prices including Japan's 10 % consumption
 * tax and 8 % on goods to take away), their Terminal locations and simulated readers, registers, staff
 * with PINs, and a menu with categories, variants, modifier groups and discounts. Runs only on an empty
 * database; all Stripe objects are created first and the database is written in one transaction, so a
 * failed seed leaves the database empty.
 *
 * Size: the demo's data (two merchants' menus, staff, locations, taxes) is most of this file.
 */

import type { Database } from '../db/database.ts';
import type { Account, CaptureMethod, ChargeType } from '../db/repositories/accounts.repo.ts';
import type { Repositories } from '../db/repositories/index.ts';
import type { Location } from '../db/repositories/locations.repo.ts';
import type { TaxClass } from '../db/repositories/products.repo.ts';
import type { ReaderIntegration } from '../db/repositories/readers.repo.ts';
import type { StaffRole } from '../db/repositories/staff.repo.ts';
import type { FeePlan } from '../domain/fees.ts';
import type { Clock, IdGenerator, Logger } from '../runtime.ts';
import type { CheckoutService } from '../services/checkout/checkout.service.ts';
import type { ConsoleAuthService } from '../services/console-auth.service.ts';
import type { DrawerService } from '../services/drawer/drawer.service.ts';
import { hashPin } from '../services/pins.ts';
import { storedStripeStatus } from '../services/platform-accounts.service.ts';
import type { RegisterPairing } from '../services/register-pairing.service.ts';
import type { ConnectedAccountView, ConnectGateway, TerminalAddress } from '../stripe/connect.port.ts';
import type { PaymentsGateway } from '../stripe/payments.port.ts';
import { seedDemoConsoleUsers } from './console-users.ts';

interface DemoLocation {
  key: string;
  name: string;
  timeZone: string;
  /** The standard tax rate, in basis points (rounded to whole bps). */
  taxRateBps: number;
  /** Prices include the tax (Japan) or it is added at the counter (US). */
  pricesIncludeTax: boolean;
  taxName: string;
  reducedTaxRateBps: number | null;
  address: TerminalAddress;
  registers: { code: string; name: string }[];
}

interface DemoStaff {
  name: string;
  role: StaffRole;
  pin: string;
  locations: string[];
}

interface DemoAccount {
  businessName: string;
  email: string;
  country: string;
  currency: string;
  chargeType: ChargeType;
  captureMethod: CaptureMethod;
  feePlan: FeePlan;
  tipping: { enabled: boolean; percentages: number[] };
  locations: DemoLocation[];
  staff: DemoStaff[];
  products: DemoProduct[];
  modifierGroups: DemoModifierGroup[];
  discounts: DemoDiscount[];
}

interface DemoProduct {
  name: string;
  priceMinor: number;
  category: string;
  taxClass?: TaxClass;
  /** Sold as one of these (each at its price). */
  variants?: { name: string; priceMinor: number }[];
  /** Names of the modifier groups offered with it. */
  groups?: string[];
}

interface DemoModifierGroup {
  name: string;
  minSelected: number;
  maxSelected: number | null;
  modifiers: { name: string; priceDeltaMinor: number }[];
}

interface DemoDiscount {
  name: string;
  kind: 'percentage' | 'fixed';
  percentBps: number | null;
  amountMinor: number | null;
  appliesTo: 'item' | 'sale';
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    businessName: 'Bean Counter Coffee',
    email: 'owner@beancounter.example',
    country: 'US',
    currency: 'usd',
    chargeType: 'direct',
    captureMethod: 'manual',
    feePlan: { bps: 150, fixedMinor: 10, minMinor: 10, maxMinor: null },
    tipping: { enabled: true, percentages: [15, 18, 20] },
    locations: [
      {
        key: 'mission',
        name: 'Mission St',
        timeZone: 'America/Los_Angeles',
        taxRateBps: 863, // San Francisco 8.625 %
        pricesIncludeTax: false,
        taxName: 'Sales tax',
        reducedTaxRateBps: null,
        address: {
          line1: '2100 Mission St',
          city: 'San Francisco',
          state: 'CA',
          postal_code: '94110',
          country: 'US',
        },
        registers: [
          { code: 'MISSION-1', name: 'Front counter' },
          { code: 'MISSION-2', name: 'Pickup window' },
        ],
      },
      {
        key: 'brooklyn',
        name: 'Brooklyn',
        timeZone: 'America/New_York',
        taxRateBps: 888, // New York City 8.875 %
        pricesIncludeTax: false,
        taxName: 'Sales tax',
        reducedTaxRateBps: null,
        address: {
          line1: '150 Bedford Ave',
          city: 'Brooklyn',
          state: 'NY',
          postal_code: '11249',
          country: 'US',
        },
        registers: [{ code: 'BROOKLYN-1', name: 'Counter' }],
      },
    ],
    staff: [
      { name: 'Ana', role: 'manager', pin: '1234', locations: ['mission', 'brooklyn'] },
      { name: 'Ben', role: 'staff', pin: '2345', locations: ['mission'] },
      { name: 'Chloe', role: 'staff', pin: '3456', locations: ['brooklyn'] },
      { name: 'Dev', role: 'staff', pin: '4567', locations: ['brooklyn'] },
    ],
    products: [
      { name: 'Drip coffee', priceMinor: 350, category: 'Coffee' },
      { name: 'Espresso', priceMinor: 375, category: 'Coffee' },
      { name: 'Cappuccino', priceMinor: 500, category: 'Coffee' },
      { name: 'Latte', priceMinor: 525, category: 'Coffee' },
      { name: 'Mocha', priceMinor: 575, category: 'Coffee' },
      { name: 'Cold brew', priceMinor: 550, category: 'Coffee' },
      { name: 'Chai latte', priceMinor: 525, category: 'Tea' },
      { name: 'Matcha latte', priceMinor: 600, category: 'Tea' },
      { name: 'Croissant', priceMinor: 425, category: 'Bakery' },
      { name: 'Blueberry muffin', priceMinor: 395, category: 'Bakery' },
      { name: 'Avocado toast', priceMinor: 1050, category: 'Food' },
      { name: 'Whole beans, 12 oz', priceMinor: 1800, category: 'Retail' },
      {
        name: 'Flat white',
        priceMinor: 475,
        category: 'Coffee',
        variants: [
          { name: '8 oz', priceMinor: 475 },
          { name: '12 oz', priceMinor: 525 },
        ],
        groups: ['Milk', 'Extras'],
      },
    ].map((product) =>
      ['Latte', 'Cappuccino', 'Mocha', 'Chai latte', 'Matcha latte'].includes(product.name)
        ? { ...product, groups: ['Milk choice', 'Extras'] }
        : ['Drip coffee', 'Espresso', 'Cold brew'].includes(product.name)
          ? { ...product, groups: ['Extras'] }
          : product,
    ),
    modifierGroups: [
      // Required: the flat white is made with a milk of the customer's choosing.
      {
        name: 'Milk',
        minSelected: 1,
        maxSelected: 1,
        modifiers: [
          { name: 'Whole milk', priceDeltaMinor: 0 },
          { name: 'Oat milk', priceDeltaMinor: 50 },
          { name: 'Almond milk', priceDeltaMinor: 50 },
        ],
      },
      // Optional on the other milk drinks (whole milk when none is chosen).
      {
        name: 'Milk choice',
        minSelected: 0,
        maxSelected: 1,
        modifiers: [
          { name: 'Oat milk', priceDeltaMinor: 50 },
          { name: 'Almond milk', priceDeltaMinor: 50 },
        ],
      },
      {
        name: 'Extras',
        minSelected: 0,
        maxSelected: 3,
        modifiers: [
          { name: 'Extra shot', priceDeltaMinor: 75 },
          { name: 'Vanilla syrup', priceDeltaMinor: 60 },
          { name: 'Decaf', priceDeltaMinor: 0 },
        ],
      },
    ],
    discounts: [
      { name: 'Happy hour 10%', kind: 'percentage', percentBps: 1000, amountMinor: null, appliesTo: 'sale' },
      { name: 'Refill $1 off', kind: 'fixed', percentBps: null, amountMinor: 100, appliesTo: 'item' },
    ],
  },
  {
    businessName: 'Kissa Tanpopo',
    email: 'mama@tanpopo.example',
    country: 'JP',
    currency: 'jpy',
    chargeType: 'destination',
    captureMethod: 'automatic',
    feePlan: { bps: 200, fixedMinor: 0, minMinor: 0, maxMinor: null },
    tipping: { enabled: false, percentages: [] },
    locations: [
      {
        key: 'shibuya',
        name: 'Shibuya',
        timeZone: 'Asia/Tokyo',
        // Japanese menu prices include consumption tax: 10 %, and 8 % on food and drink to take away.
        taxRateBps: 1000,
        pricesIncludeTax: true,
        taxName: 'Consumption tax',
        reducedTaxRateBps: 800,
        address: {
          line1: '2-21-1 Shibuya',
          city: 'Shibuya-ku',
          state: 'Tokyo',
          postal_code: '150-0002',
          country: 'JP',
        },
        registers: [{ code: 'SHIBUYA-1', name: 'Register' }],
      },
    ],
    staff: [
      { name: 'Haruka', role: 'manager', pin: '1111', locations: ['shibuya'] },
      { name: 'Kenji', role: 'staff', pin: '2222', locations: ['shibuya'] },
    ],
    products: [
      { name: 'Blend coffee', priceMinor: 480, category: 'Coffee' },
      { name: 'Café au lait', priceMinor: 550, category: 'Coffee' },
      { name: 'Iced coffee', priceMinor: 500, category: 'Coffee' },
      { name: 'Royal milk tea', priceMinor: 580, category: 'Tea' },
      { name: 'Melon cream soda', priceMinor: 650, category: 'Drinks' },
      { name: 'Custard pudding', priceMinor: 450, category: 'Sweets' },
      { name: 'Hot cake', priceMinor: 850, category: 'Sweets' },
      { name: 'Egg sandwich', priceMinor: 780, category: 'Food' },
      { name: 'Napolitan', priceMinor: 980, category: 'Food' },
      // Goods to take home: the reduced 8 % rate.
      { name: 'Coffee beans, 200 g', priceMinor: 1600, category: 'Retail', taxClass: 'reduced' as const },
    ].map((product) =>
      ['Blend coffee', 'Iced coffee'].includes(product.name)
        ? { ...product, groups: ['Milk'] }
        : product.name === 'Hot cake'
          ? { ...product, groups: ['Topping'] }
          : product,
    ),
    modifierGroups: [
      {
        name: 'Milk',
        minSelected: 0,
        maxSelected: 1,
        modifiers: [
          { name: 'Milk', priceDeltaMinor: 0 },
          { name: 'Oat milk', priceDeltaMinor: 50 },
        ],
      },
      {
        name: 'Topping',
        minSelected: 0,
        maxSelected: 2,
        modifiers: [
          { name: 'Whipped cream', priceDeltaMinor: 100 },
          { name: 'Vanilla ice cream', priceDeltaMinor: 150 },
        ],
      },
    ],
    discounts: [
      { name: 'Regular ¥100 off', kind: 'fixed', percentBps: null, amountMinor: 100, appliesTo: 'sale' },
    ],
  },
];

/** What main prints on start: which register to open and who can sign in there. */
/**
 * A fresh one-time pairing code for each demo register still there (emulator mode only: printed at start-up
 * with the demo PINs, so that a first device can be paired without opening the console). By register code.
 */
export async function demoPairingCodes(
  repos: Repositories,
  pairing: Pick<RegisterPairing, 'createCode'>,
): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  for (const entry of DEMO_SIGN_INS) {
    const register = await repos.registers.findByCode(entry.registerCode);
    const location = register && (await repos.locations.findById(register.locationId));
    if (!register || !location || register.revokedAtMs !== null) continue;
    const created = await pairing.createCode(location.accountId, register.id, {
      userId: null,
      label: 'demo start-up',
    });
    codes.set(entry.registerCode, created.code);
  }
  return codes;
}

export const DEMO_SIGN_INS = DEMO_ACCOUNTS.flatMap((account) =>
  account.locations.flatMap((location) =>
    location.registers.map((register) => ({
      registerCode: register.code,
      businessName: account.businessName,
      locationName: location.name,
      staff: account.staff
        .filter((staff) => staff.locations.includes(location.key))
        .map((staff) => ({ name: staff.name, role: staff.role, pin: staff.pin })),
    })),
  ),
);

export interface DemoSeedDeps {
  database: Database;
  /** Stripe Connect and Terminal administration, as the platform console uses it. */
  connect: ConnectGateway;
  consoleAuth: ConsoleAuthService;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  /** Base URL of the emulator, for its onboarding control. */
  emulatorUrl: string;
  /** Checkout and the drawer over a clock the past-sales seed moves (each past sale at its own time). */
  checkoutAt(clock: Clock): { checkout: CheckoutService; payments: PaymentsGateway; drawer: DrawerService };
}

export interface DemoSeedResult {
  accounts: Account[];
  locations: Location[];
}

/**
 * Hook for the checkout team: records past sales for the seeded accounts (through the gateway, so the
 * emulator holds matching PaymentIntents). Called after the base data is committed.
 */
export type PastSalesSeeder = (deps: DemoSeedDeps, seeded: DemoSeedResult) => Promise<void>;

/** The account's menu: items (with variants), modifier groups offered with them, and discounts. */
async function seedMenu(
  tx: Repositories,
  deps: Pick<DemoSeedDeps, 'ids'>,
  accountId: string,
  demo: DemoAccount,
  nowMs: number,
): Promise<void> {
  const groupIds = new Map<string, string>();
  for (const [index, group] of demo.modifierGroups.entries()) {
    const id = deps.ids.newId('mgp');
    groupIds.set(group.name, id);
    await tx.modifiers.insertGroup(
      {
        id,
        accountId,
        name: group.name,
        minSelected: group.minSelected,
        maxSelected: group.maxSelected,
        sortOrder: index,
        active: true,
      },
      nowMs,
    );
    for (const [position, modifier] of group.modifiers.entries()) {
      await tx.modifiers.insertModifier(
        { id: deps.ids.newId('mod'), groupId: id, ...modifier, sortOrder: position, active: true },
        nowMs,
      );
    }
  }
  for (const [index, product] of demo.products.entries()) {
    const id = deps.ids.newId('prd');
    await tx.products.insert(
      {
        id,
        accountId,
        name: product.name,
        priceMinor: product.priceMinor,
        category: product.category,
        taxClass: product.taxClass ?? 'standard',
        sortOrder: index,
      },
      nowMs,
    );
    for (const [position, variant] of (product.variants ?? []).entries()) {
      await tx.products.insertVariant(
        { id: deps.ids.newId('var'), productId: id, ...variant, sortOrder: position },
        nowMs,
      );
    }
    const groups = (product.groups ?? []).flatMap((name) => {
      const groupId = groupIds.get(name);
      return groupId ? [groupId] : [];
    });
    if (groups.length > 0) await tx.products.setModifierGroups(id, groups);
  }
  for (const [index, discount] of demo.discounts.entries()) {
    await tx.discounts.insert(
      { id: deps.ids.newId('dsc'), accountId, ...discount, sortOrder: index, active: true },
      nowMs,
    );
  }
}

/** True when nothing has been set up yet (no platform row, no accounts). */
export async function isDatabaseEmpty(repos: Repositories): Promise<boolean> {
  return (await repos.platform.find()) === undefined && (await repos.accounts.count()) === 0;
}

async function onboard(emulatorUrl: string, stripeAccountId: string): Promise<void> {
  const response = await fetch(`${emulatorUrl}/_emulator/accounts/${stripeAccountId}/onboarding`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome: 'complete' }),
  });
  if (!response.ok) {
    throw new Error(
      `Emulator onboarding of ${stripeAccountId} failed: ${response.status} ${await response.text()}`,
    );
  }
}

interface StagedAccount {
  demo: DemoAccount;
  stripeAccount: ConnectedAccountView;
  locations: {
    demo: DemoLocation;
    stripeLocationId: string;
    readers: { id: string; label: string; deviceType: string }[];
  }[];
  pinHashes: Map<string, { hash: string; salt: string }>;
}

/** Creates the Stripe side of one demo account (account, onboarding, locations, readers) and hashes PINs. */
async function stageAccount(deps: DemoSeedDeps, demo: DemoAccount): Promise<StagedAccount> {
  const key = (what: string) => `demo-${demo.businessName}-${what}`.replace(/\s+/g, '-').toLowerCase();
  // Direct charges suit accounts with the full Stripe Dashboard; destination charges suit Express.
  const created = await deps.connect.createAccount(
    {
      businessName: demo.businessName,
      country: demo.country,
      currency: demo.currency,
      email: demo.email,
      dashboard: demo.chargeType === 'direct' ? 'full' : 'express',
      capabilities: ['card_payments', 'transfers'],
      metadata: { source: 'countertop-demo' },
      businessType: 'company',
      merchantCategoryCode: '5814',
    },
    key('account'),
  );
  await onboard(deps.emulatorUrl, created.id);
  const stripeAccount = await deps.connect.retrieveAccount(created.id);
  // Direct charges: Terminal objects live on the connected account; destination: on the platform.
  const scope = demo.chargeType === 'direct' ? created.id : null;
  // On-reader tipping is a Terminal Configuration applied to the location (configuration_overrides).
  const tippingConfigurationId = demo.tipping.enabled
    ? await deps.connect.saveTippingConfiguration(
        scope,
        null,
        {
          currency: demo.currency,
          percentages: demo.tipping.percentages,
          fixedAmountsMinor: [],
          smartTipThresholdMinor: null,
        },
        key('tipping'),
      )
    : null;
  const locations = [];
  for (const location of demo.locations) {
    const stripeLocation = await deps.connect.createLocation(
      scope,
      {
        displayName: `${demo.businessName} — ${location.name}`,
        address: location.address,
        configurationId: tippingConfigurationId,
        metadata: { connected_account: created.id },
      },
      key(`location-${location.key}`),
    );
    const readers = [];
    for (const label of [`${location.name} counter reader`, `${location.name} handheld`]) {
      const reader = await deps.connect.registerReader(
        scope,
        { registrationCode: 'simulated-wpe', label, stripeLocationId: stripeLocation.id },
        key(`reader-${label}`),
      );
      readers.push({ id: reader.id, label, deviceType: reader.deviceType });
    }
    locations.push({ demo: location, stripeLocationId: stripeLocation.id, readers });
  }
  const pinHashes = new Map<string, { hash: string; salt: string }>();
  for (const staff of demo.staff) pinHashes.set(staff.name, await hashPin(staff.pin));
  return { demo, stripeAccount, locations, pinHashes };
}

/** Which integration each demo reader uses: the first at a location via the JS SDK, the second server-driven. */
const READER_INTEGRATIONS: readonly ReaderIntegration[] = ['js_sdk', 'server_driven'];

/** Seeds the demo on an empty database; returns null (and touches nothing) when data exists. */
export async function seedDemo(
  deps: DemoSeedDeps,
  options: { pastSales?: PastSalesSeeder } = {},
): Promise<DemoSeedResult | null> {
  if (!(await isDatabaseEmpty(deps.database.repos))) return null;
  let platformAccountId: string | null = null;
  try {
    platformAccountId = await deps.connect.retrievePlatformAccountId();
  } catch (error) {
    deps.log(
      `Demo seed: could not read the platform account (${String(error)}); continuing without it.`,
      'warn',
    );
  }
  const staged: StagedAccount[] = [];
  for (const demo of DEMO_ACCOUNTS) staged.push(await stageAccount(deps, demo));

  const nowMs = deps.clock.nowMs();
  const result: DemoSeedResult = { accounts: [], locations: [] };
  await deps.database.transaction(async (tx) => {
    await tx.platform.save({ name: 'Countertop Demo Platform', stripeAccountId: platformAccountId }, nowMs);
    for (const { demo, stripeAccount, locations, pinHashes } of staged) {
      const account = await tx.accounts.insert(
        {
          id: deps.ids.newId('acc'),
          stripeAccountId: stripeAccount.id,
          businessName: demo.businessName,
          country: demo.country,
          currency: demo.currency,
          chargeType: demo.chargeType,
          captureMethod: demo.captureMethod,
          feePlan: demo.feePlan,
          tipping: demo.tipping,
        },
        nowMs,
      );
      await tx.accounts.updateStripeStatus(stripeAccount.id, storedStripeStatus(stripeAccount), nowMs);
      result.accounts.push((await tx.accounts.findById(account.id))!);
      const locationIds = new Map<string, string>();
      for (const staged of locations) {
        const location = await tx.locations.insert(
          {
            id: deps.ids.newId('loc'),
            accountId: account.id,
            stripeLocationId: staged.stripeLocationId,
            name: staged.demo.name,
            timeZone: staged.demo.timeZone,
            address: Object.fromEntries(
              Object.entries(staged.demo.address).filter(
                (entry): entry is [string, string] => typeof entry[1] === 'string',
              ),
            ),
            taxRateBps: staged.demo.taxRateBps,
            pricesIncludeTax: staged.demo.pricesIncludeTax,
            taxName: staged.demo.taxName,
            reducedTaxRateBps: staged.demo.reducedTaxRateBps,
          },
          nowMs,
        );
        result.locations.push(location);
        locationIds.set(staged.demo.key, location.id);
        for (const register of staged.demo.registers) {
          await tx.registers.insert(
            { id: deps.ids.newId('reg'), ...register, locationId: location.id },
            nowMs,
          );
        }
        for (const [index, reader] of staged.readers.entries()) {
          await tx.readers.insert(
            {
              id: deps.ids.newId('rdr'),
              accountId: account.id,
              locationId: location.id,
              stripeReaderId: reader.id,
              label: reader.label,
              deviceType: reader.deviceType,
              integration: READER_INTEGRATIONS[index % READER_INTEGRATIONS.length] ?? 'js_sdk',
            },
            nowMs,
          );
        }
      }
      for (const staff of demo.staff) {
        const pin = pinHashes.get(staff.name)!;
        await tx.staff.insert(
          {
            id: deps.ids.newId('stf'),
            accountId: account.id,
            displayName: staff.name,
            role: staff.role,
            pinHash: pin.hash,
            pinSalt: pin.salt,
            locationIds: staff.locations.map((key) => locationIds.get(key)!),
          },
          nowMs,
        );
      }
      await seedMenu(tx, deps, account.id, demo, nowMs);
    }
  });

  await seedDemoConsoleUsers(deps, result.accounts);
  if (options.pastSales) await options.pastSales(deps, result);
  return result;
}
