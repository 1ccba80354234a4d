/**
 * Demo data for a fresh install in emulator mode: a platform, two connected accounts created and
 * onboarded through the Stripe SDK against the emulator ("Bean Counter Coffee", US/usd/direct charges;
 * "Kissa Tanpopo", JP/jpy/destination charges), their Terminal locations and simulated readers, registers,
 * staff with PINs, and a menu. Runs only on an empty database; all Stripe objects are created first and
 * the database is written in one transaction, so a failed seed leaves the database empty.
 */
import type Stripe from 'stripe';
import type { Account, CaptureMethod, ChargeType } from '../db/accounts.repo.ts';
import type { Location } from '../db/locations.repo.ts';
import type { Db } from '../db/open.ts';
import { createProductsRepo } from '../db/products.repo.ts';
import type { ReaderIntegration } from '../db/readers.repo.ts';
import type { FoundationRepos } from '../db/repos.ts';
import type { StaffRole } from '../db/staff.repo.ts';
import type { FeePlan } from '../domain/fees.ts';
import type { Clock, IdGenerator, Logger } from '../runtime.ts';
import { hashPin } from '../services/pins.ts';
import { seedDemoConsoleUsers } from './console-users.ts';

interface DemoLocation {
  key: string;
  name: string;
  timeZone: string;
  /** Sales tax added at the counter, in basis points (rounded to whole bps). */
  taxRateBps: number;
  address: Stripe.AddressParam & { country: string };
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
  products: { name: string; priceMinor: number; category: string }[];
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
        taxRateBps: 0, // Japanese menu prices include consumption tax
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
    ],
  },
];

/** What main prints on start: which register to open and who can sign in there. */
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
  db: Db;
  repos: FoundationRepos;
  stripe: Stripe;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  /** Base URL of the emulator, for its onboarding control. */
  emulatorUrl: string;
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

/** True when nothing has been set up yet (no platform row, no accounts). */
export function isDatabaseEmpty(db: Db): boolean {
  const row = db
    .prepare<[], { n: number }>(
      'SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM platform_settings) AS n',
    )
    .get();
  return (row?.n ?? 0) === 0;
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

function accountCreateParams(demo: DemoAccount): Stripe.AccountCreateParams {
  // Direct charges suit accounts with the full Stripe Dashboard; destination charges suit Express.
  const controller: Stripe.AccountCreateParams.Controller =
    demo.chargeType === 'direct'
      ? { stripe_dashboard: { type: 'full' } }
      : {
          fees: { payer: 'application' },
          losses: { payments: 'application' },
          stripe_dashboard: { type: 'express' },
        };
  return {
    country: demo.country,
    email: demo.email,
    default_currency: demo.currency,
    business_type: 'company',
    business_profile: { name: demo.businessName, mcc: '5814' },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    controller,
    metadata: { source: 'countertop-demo' },
  };
}

interface StagedAccount {
  demo: DemoAccount;
  stripeAccount: Stripe.Account;
  locations: { demo: DemoLocation; stripeLocationId: string; readers: Stripe.Terminal.Reader[] }[];
  pinHashes: Map<string, { hash: string; salt: string }>;
}

/** Creates the Stripe side of one demo account (account, onboarding, locations, readers) and hashes PINs. */
async function stageAccount(deps: DemoSeedDeps, demo: DemoAccount): Promise<StagedAccount> {
  const created = await deps.stripe.accounts.create(accountCreateParams(demo));
  await onboard(deps.emulatorUrl, created.id);
  const stripeAccount = await deps.stripe.accounts.retrieve(created.id);
  // Direct charges: Terminal objects live on the connected account; destination: on the platform.
  const options: Stripe.RequestOptions = demo.chargeType === 'direct' ? { stripeAccount: created.id } : {};
  // On-reader tipping is a Terminal Configuration applied to the location (configuration_overrides).
  const tippingConfiguration = demo.tipping.enabled
    ? await deps.stripe.terminal.configurations.create(
        {
          name: `${demo.businessName} tipping`,
          tipping: { [demo.currency]: { percentages: demo.tipping.percentages } },
        },
        options,
      )
    : null;
  const locations = await Promise.all(
    demo.locations.map(async (location) => {
      const stripeLocation = await deps.stripe.terminal.locations.create(
        {
          display_name: `${demo.businessName} — ${location.name}`,
          address: location.address,
          metadata: { connected_account: created.id },
          ...(tippingConfiguration ? { configuration_overrides: tippingConfiguration.id } : {}),
        },
        options,
      );
      const readers: Stripe.Terminal.Reader[] = [];
      for (const label of [`${location.name} counter reader`, `${location.name} handheld`]) {
        readers.push(
          await deps.stripe.terminal.readers.create(
            { registration_code: 'simulated-wpe', label, location: stripeLocation.id },
            options,
          ),
        );
      }
      return { demo: location, stripeLocationId: stripeLocation.id, readers };
    }),
  );
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
  if (!isDatabaseEmpty(deps.db)) return null;
  let platformAccountId: string | null = null;
  try {
    platformAccountId = (await deps.stripe.accounts.retrieveCurrent()).id;
  } catch (error) {
    deps.log(`Demo seed: could not read the platform account (${String(error)}); continuing without it.`);
  }
  const staged: StagedAccount[] = [];
  for (const demo of DEMO_ACCOUNTS) staged.push(await stageAccount(deps, demo));

  const products = createProductsRepo(deps.db);
  const nowMs = deps.clock.nowMs();
  const result: DemoSeedResult = { accounts: [], locations: [] };
  deps.db.transaction(() => {
    deps.repos.platform.save({ name: 'Countertop Demo Platform', stripeAccountId: platformAccountId }, nowMs);
    for (const { demo, stripeAccount, locations, pinHashes } of staged) {
      const account = deps.repos.accounts.insert(
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
      deps.repos.accounts.updateStripeStatus(
        stripeAccount.id,
        {
          chargesEnabled: stripeAccount.charges_enabled ?? false,
          detailsSubmitted: stripeAccount.details_submitted ?? false,
          payoutsEnabled: stripeAccount.payouts_enabled ?? false,
          requirements: stripeAccount.requirements ?? {},
        },
        nowMs,
      );
      result.accounts.push(deps.repos.accounts.findById(account.id)!);
      const locationIds = new Map<string, string>();
      for (const staged of locations) {
        const location = deps.repos.locations.insert(
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
          },
          nowMs,
        );
        result.locations.push(location);
        locationIds.set(staged.demo.key, location.id);
        for (const register of staged.demo.registers) {
          deps.repos.registers.insert(
            { id: deps.ids.newId('reg'), ...register, locationId: location.id },
            nowMs,
          );
        }
        staged.readers.forEach((reader, index) => {
          deps.repos.readers.insert(
            {
              id: deps.ids.newId('rdr'),
              accountId: account.id,
              locationId: location.id,
              stripeReaderId: reader.id,
              label: reader.label,
              deviceType: reader.device_type,
              integration: READER_INTEGRATIONS[index % READER_INTEGRATIONS.length] ?? 'js_sdk',
            },
            nowMs,
          );
        });
      }
      for (const staff of demo.staff) {
        const pin = pinHashes.get(staff.name)!;
        deps.repos.staff.insert(
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
      demo.products.forEach((product, index) => {
        products.insert(
          { id: deps.ids.newId('prd'), accountId: account.id, ...product, sortOrder: index },
          nowMs,
        );
      });
    }
  })();

  await seedDemoConsoleUsers(deps, result.accounts);
  if (options.pastSales) await options.pastSales(deps, result);
  return result;
}
