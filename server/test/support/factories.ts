/**
 * Test data builders over the foundation repositories: a merchant account with a location, register,
 * staff (with real scrypt PIN hashes) and readers, without touching Stripe. Ids are fake `acct_…`.
 */
import type { Account } from '../../src/db/repositories/accounts.repo.ts';
import type { Location } from '../../src/db/repositories/locations.repo.ts';
import type { Reader, ReaderIntegration } from '../../src/db/repositories/readers.repo.ts';
import type { Register } from '../../src/db/repositories/registers.repo.ts';
import type { Staff, StaffRole } from '../../src/db/repositories/staff.repo.ts';
import { hashPin } from '../../src/services/pins.ts';
import type { TestContext } from './context.ts';

let sequence = 0;
const next = () => ++sequence;

type Ctx = Pick<TestContext, 'repos' | 'clock'>;

export async function buildAccount(
  ctx: Ctx,
  overrides: Partial<Omit<Account, 'createdAtMs' | 'updatedAtMs'>> = {},
): Promise<Account> {
  const n = next();
  const account = await ctx.repos.accounts.insert(
    {
      id: overrides.id ?? `acc_test_${n}`,
      stripeAccountId: overrides.stripeAccountId ?? `acct_test_${n}`,
      businessName: overrides.businessName ?? `Test Shop ${n}`,
      country: overrides.country ?? 'US',
      currency: overrides.currency ?? 'usd',
      chargeType: overrides.chargeType ?? 'direct',
      captureMethod: overrides.captureMethod ?? 'manual',
      feePlan: overrides.feePlan ?? { bps: 150, fixedMinor: 10, minMinor: 10, maxMinor: null },
      tipping: overrides.tipping ?? { enabled: true, percentages: [15, 18, 20] },
    },
    ctx.clock.nowMs(),
  );
  await ctx.repos.accounts.updateStripeStatus(
    account.stripeAccountId,
    {
      chargesEnabled: overrides.chargesEnabled ?? true,
      detailsSubmitted: overrides.detailsSubmitted ?? true,
      payoutsEnabled: overrides.payoutsEnabled ?? true,
      requirements: overrides.requirements ?? {},
    },
    ctx.clock.nowMs(),
  );
  return (await ctx.repos.accounts.findById(account.id))!;
}

export async function buildLocation(
  ctx: Ctx,
  account: Account,
  overrides: Partial<Location> = {},
): Promise<Location> {
  const n = next();
  return ctx.repos.locations.insert(
    {
      id: overrides.id ?? `loc_test_${n}`,
      accountId: account.id,
      stripeLocationId: overrides.stripeLocationId ?? `tml_test_${n}`,
      name: overrides.name ?? `Location ${n}`,
      timeZone: overrides.timeZone ?? 'America/Los_Angeles',
      address: overrides.address ?? { country: 'US' },
      taxRateBps: overrides.taxRateBps ?? 0,
    },
    ctx.clock.nowMs(),
  );
}

export async function buildRegister(
  ctx: Ctx,
  location: Location,
  overrides: Partial<Register> = {},
): Promise<Register> {
  const n = next();
  return ctx.repos.registers.insert(
    {
      id: overrides.id ?? `reg_test_${n}`,
      code: overrides.code ?? `TEST-${n}`,
      name: overrides.name ?? `Register ${n}`,
      locationId: location.id,
    },
    ctx.clock.nowMs(),
  );
}

export async function buildStaff(
  ctx: Ctx,
  account: Account,
  locations: Location[],
  overrides: { displayName?: string; role?: StaffRole; pin?: string; id?: string } = {},
): Promise<Staff & { pin: string }> {
  const n = next();
  const pin = overrides.pin ?? '1234';
  const hash = await hashPin(pin);
  const staff = await ctx.repos.staff.insert(
    {
      id: overrides.id ?? `stf_test_${n}`,
      accountId: account.id,
      displayName: overrides.displayName ?? `Staff ${n}`,
      role: overrides.role ?? 'staff',
      pinHash: hash.hash,
      pinSalt: hash.salt,
      locationIds: locations.map((location) => location.id),
    },
    ctx.clock.nowMs(),
  );
  return { ...staff, pin };
}

export async function buildReader(
  ctx: Ctx,
  location: Location,
  overrides: { integration?: ReaderIntegration; stripeReaderId?: string; label?: string } = {},
): Promise<Reader> {
  const n = next();
  return ctx.repos.readers.insert(
    {
      id: `rdr_test_${n}`,
      accountId: location.accountId,
      locationId: location.id,
      stripeReaderId: overrides.stripeReaderId ?? `tmr_test_${n}`,
      label: overrides.label ?? `Reader ${n}`,
      deviceType: 'simulated_wisepos_e',
      integration: overrides.integration ?? 'js_sdk',
    },
    ctx.clock.nowMs(),
  );
}

/** One merchant with a location, a register and a signed-in-able staff member (PIN 1234). */
export async function buildCounter(ctx: Ctx, options: { role?: StaffRole; currency?: string } = {}) {
  const account = await buildAccount(ctx, options.currency ? { currency: options.currency } : {});
  const location = await buildLocation(ctx, account);
  const register = await buildRegister(ctx, location);
  const staff = await buildStaff(ctx, account, [location], { role: options.role ?? 'staff' });
  return { account, location, register, staff };
}
