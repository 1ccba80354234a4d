/**
 * The repositories' contract: what every method of every repository (`src/db/repositories/*.repo.ts`) does,
 * identically on every backend. Records read back as inserted (numbers as JS numbers, flags as booleans,
 * JSON round-tripped, nulls as null); orderings, half-open windows, upserts and ON CONFLICT outcomes,
 * counts and sums; the application fee ledger its triggers keep; and the Database's transactions (all or
 * nothing, repositories bound to the transaction, the root connection refused inside one, `lockForUpdate`
 * holding a second transaction until the first commits).
 *
 * Tests call the repositories through a recording wrapper; the last test checks that every method of
 * every repository was called by some test (fixture rows are written through the unrecorded repositories,
 * so a method only counts when a test exercised it on purpose).
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import type { Account, NewAccount } from '../../src/db/repositories/accounts.repo.ts';
import type { DisputeState } from '../../src/db/repositories/disputes.repo.ts';
import type { StripeFeeRecord } from '../../src/db/repositories/fee-ledger.repo.ts';
import { REPOSITORY_NAMES, type Repositories } from '../../src/db/repositories/index.ts';
import type { Location } from '../../src/db/repositories/locations.repo.ts';
import type { NewJournalRefund } from '../../src/db/repositories/refunds.repo.ts';
import type { Register } from '../../src/db/repositories/registers.repo.ts';
import type { NewSale, SaleRecord, SaleStatePatch } from '../../src/db/repositories/sales.repo.ts';
import type { Staff, StaffRole } from '../../src/db/repositories/staff.repo.ts';
import { createManualClock } from '../../src/runtime.ts';
import type { CardDetails } from '../../src/stripe/payments.port.ts';
import type { TestBackend } from '../support/databases.ts';
import { buildAccount, buildLocation, buildReader, buildRegister } from '../support/factories.ts';
import type { BackendDatabase } from './backend-databases.ts';

export interface RepositoriesContractSubject {
  backend: TestBackend;
  /** A new, empty, migrated database (closed by the suite after each test). */
  open(): Promise<BackendDatabase>;
}

const DAY_MS = 86_400_000;
/** Midnight UTC of 2026-01-15, the manual clock's day. */
const DAY0 = Date.UTC(2026, 0, 15);
const UTC_DAY0 = DAY0 / DAY_MS;
const HOUR_MS = 3_600_000;

// Recording wrapper --------------------------------------------------------------------------------

function recordingRepos(repos: Repositories, called: Set<string>): Repositories {
  return new Proxy(repos, {
    get(target, repoName, receiver) {
      const repo: unknown = Reflect.get(target, repoName, receiver);
      if (typeof repoName !== 'string' || typeof repo !== 'object' || repo === null) return repo;
      return new Proxy(repo, {
        get(inner, method, innerReceiver) {
          const value: unknown = Reflect.get(inner, method, innerReceiver);
          if (typeof method !== 'string' || typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            called.add(`${repoName}.${method}`);
            return value.apply(inner, args);
          };
        },
      });
    },
  });
}

function recordingDatabase(database: Database, called: Set<string>): Database {
  return {
    dialect: database.dialect,
    repos: recordingRepos(database.repos, called),
    transaction: (work) => database.transaction((tx) => work(recordingRepos(tx, called))),
    isHealthy: () => database.isHealthy(),
    close: () => database.close(),
  };
}

/**
 * Repositories whose every method a suite of their own runs on both backends (TEST_BACKENDS), by that
 * suite's path from here: the shop's, and the money events' (disputes, failed payouts).
 */
const COVERED_BY_OWN_SUITE: Readonly<Record<string, string>> = {
  categories: '../shop/shop-repos.test.ts',
  modifiers: '../shop/shop-repos.test.ts',
  discounts: '../shop/shop-repos.test.ts',
  tenders: '../shop/shop-repos.test.ts',
  drawer: '../shop/shop-repos.test.ts',
  roles: '../shop/shop-repos.test.ts',
  disputes: './money-events.repo.test.ts',
  payoutFailures: './money-events.repo.test.ts',
};

/** Every `repo.method` a Repositories object offers. */
function allMethods(repos: Repositories): string[] {
  const names: string[] = [];
  for (const repoName of REPOSITORY_NAMES) {
    const repo: object = repos[repoName];
    for (const [method, value] of Object.entries(repo)) {
      if (typeof value === 'function') names.push(`${repoName}.${method}`);
    }
  }
  return names.sort();
}

/** Settles `promise`, or reports that it was still pending after `ms` (a hang must fail, not time out). */
async function within<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ value: T } | { error: unknown } | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const errorMessage = (outcome: { value: unknown } | { error: unknown } | 'hung'): string =>
  typeof outcome === 'object' && 'error' in outcome && outcome.error instanceof Error
    ? outcome.error.message
    : `not an error: ${JSON.stringify(outcome)}`;

const CARD_DETAILS: CardDetails = {
  type: 'card_present',
  brand: 'visa',
  last4: '4242',
  readMethod: 'contactless_emv',
  funding: 'credit',
  receipt: {
    accountType: 'credit',
    applicationPreferredName: 'Visa Crédit',
    dedicatedFileName: 'A0000000031010',
    authorizationCode: null,
    authorizationResponseCode: '00',
    cardholderVerificationMethod: 'none',
  },
};

export function describeRepositoriesContract(name: string, subject: () => RepositoriesContractSubject) {
  describe(`Repositories contract: ${name}`, () => {
    const called = new Set<string>();
    let opened: BackendDatabase;
    /** The database under test, recording which repository methods tests call. */
    let db: Database;
    let repos: Repositories;
    /** Unrecorded repositories, for fixture rows. */
    let raw: Repositories;
    let clock: ReturnType<typeof createManualClock>;
    let sequence = 0;
    const nextId = (prefix: string) => {
      sequence += 1;
      return `${prefix}_${String(sequence).padStart(5, '0')}`;
    };

    beforeEach(async () => {
      opened = await subject().open();
      db = recordingDatabase(opened.database, called);
      repos = db.repos;
      raw = opened.database.repos;
      clock = createManualClock();
    });
    afterEach(async () => {
      await opened.close();
    });

    // Fixtures (through the unrecorded repositories) -------------------------------------------------

    interface Merchant {
      account: Account;
      location: Location;
      register: Register;
      staff: Staff;
    }

    const ctx = () => ({ repos: raw, clock });

    async function addStaff(
      account: Account,
      locations: readonly Location[],
      overrides: { displayName?: string; role?: StaffRole; id?: string } = {},
    ): Promise<Staff> {
      const id = overrides.id ?? nextId('stf');
      return raw.staff.insert(
        {
          id,
          accountId: account.id,
          displayName: overrides.displayName ?? `Staff ${id}`,
          role: overrides.role ?? 'staff',
          pinHash: `hash-${id}`,
          pinSalt: `salt-${id}`,
          locationIds: locations.map((location) => location.id),
        },
        clock.nowMs(),
      );
    }

    async function merchant(overrides: { stripeAccountId?: string } = {}): Promise<Merchant> {
      const account = await buildAccount(ctx(), overrides);
      const location = await buildLocation(ctx(), account, { timeZone: 'UTC' });
      const register = await buildRegister(ctx(), location);
      const staff = await addStaff(account, [location]);
      return { account, location, register, staff };
    }

    function newSale(m: Merchant, overrides: Partial<NewSale> = {}): NewSale {
      const id = overrides.id ?? nextId('sale');
      return {
        id,
        accountId: m.account.id,
        locationId: m.location.id,
        registerId: m.register.id,
        staffId: m.staff.id,
        clientSaleId: `client-${id}`,
        status: 'open',
        currency: 'usd',
        description: null,
        captureMethod: 'manual',
        subtotalMinor: 1000,
        taxMinor: 0,
        tipMinor: 0,
        totalMinor: 1000,
        applicationFeeMinor: 25,
        createdAtMs: clock.nowMs(),
        lines: [],
        ...overrides,
      };
    }

    async function insertSale(m: Merchant, overrides: Partial<NewSale> = {}): Promise<SaleRecord> {
      const sale = await raw.sales.insert(newSale(m, overrides));
      if (!sale) throw new Error('fixture sale not inserted');
      return sale;
    }

    /** A sale paid by card: succeeded, with a PaymentIntent, a charge `ch_<sale id>` and a card. */
    async function paidSale(
      m: Merchant,
      overrides: Partial<NewSale> = {},
      capture: { capturedAtMs?: number; patch?: SaleStatePatch } = {},
    ): Promise<SaleRecord> {
      const sale = await insertSale(m, overrides);
      const capturedAtMs = capture.capturedAtMs ?? sale.createdAtMs + 1_000;
      return raw.sales.update(
        sale.id,
        {
          status: 'succeeded',
          paymentIntentId: `pi_${sale.id}`,
          chargeId: `ch_${sale.id}`,
          capturedAtMs,
          card: { brand: 'visa', last4: '4242', readMethod: 'contactless_emv' },
          ...capture.patch,
        },
        capturedAtMs,
      );
    }

    function refundOf(saleId: string, overrides: Partial<NewJournalRefund> = {}): NewJournalRefund {
      const id = overrides.id ?? nextId('rfd');
      return {
        id,
        saleId,
        refundKey: `key-${id}`,
        stripeIdempotencyKey: `acct-refund_${id}`,
        amountMinor: 100,
        reason: 'requested_by_customer',
        requestedByStaffId: null,
        requestedByUserId: null,
        requestedByLabel: 'Owner',
        ...overrides,
      };
    }

    // platform ---------------------------------------------------------------------------------------

    describe('platform', () => {
      it('find is undefined until saved; save upserts the name and Stripe id and keeps createdAtMs', async () => {
        expect(await repos.platform.find()).toBeUndefined();
        await repos.platform.save({ name: 'Countertop', stripeAccountId: null }, 1_000);
        expect(await repos.platform.find()).toStrictEqual({
          name: 'Countertop',
          stripeAccountId: null,
          createdAtMs: 1_000,
          updatedAtMs: 1_000,
        });
        await repos.platform.save({ name: 'Counter Co', stripeAccountId: 'acct_platform' }, 2_000);
        expect(await repos.platform.find()).toStrictEqual({
          name: 'Counter Co',
          stripeAccountId: 'acct_platform',
          createdAtMs: 1_000,
          updatedAtMs: 2_000,
        });
      });
    });

    // accounts ---------------------------------------------------------------------------------------

    describe('accounts', () => {
      const newAccount = (id: string, overrides: Partial<NewAccount> = {}): NewAccount => ({
        id,
        stripeAccountId: `acct_${id}`,
        businessName: `Shop ${id}`,
        country: 'US',
        currency: 'usd',
        chargeType: 'direct',
        captureMethod: 'manual',
        feePlan: { bps: 150, fixedMinor: 10, minMinor: 0, maxMinor: null },
        tipping: { enabled: false, percentages: [] },
        ...overrides,
      });

      it('insert normalises country and currency and returns what findById and findByStripeAccountId read', async () => {
        const inserted = await repos.accounts.insert(
          newAccount('acc_a', {
            businessName: 'Café Ünïcode — “quoted”',
            country: 'us',
            currency: 'USD',
            chargeType: 'destination',
            captureMethod: 'automatic',
            feePlan: { bps: 290, fixedMinor: 30, minMinor: 5, maxMinor: 500 },
            tipping: { enabled: true, percentages: [15, 17.5, 20] },
          }),
          1_000,
        );
        expect(inserted).toStrictEqual({
          id: 'acc_a',
          stripeAccountId: 'acct_acc_a',
          businessName: 'Café Ünïcode — “quoted”',
          country: 'US',
          currency: 'usd',
          chargeType: 'destination',
          captureMethod: 'automatic',
          feePlan: { bps: 290, fixedMinor: 30, minMinor: 5, maxMinor: 500 },
          tipping: { enabled: true, percentages: [15, 17.5, 20] },
          chargesEnabled: false,
          detailsSubmitted: false,
          payoutsEnabled: false,
          requirements: {},
          standing: {
            disconnectedAtMs: null,
            disconnectedReason: null,
            rejectedAtMs: null,
            rejectedReason: null,
          },
          createdAtMs: 1_000,
          updatedAtMs: 1_000,
        });
        expect(await repos.accounts.findById('acc_a')).toStrictEqual(inserted);
        expect(await repos.accounts.findByStripeAccountId('acct_acc_a')).toStrictEqual(inserted);
        expect(await repos.accounts.findById('acc_missing')).toBeUndefined();
        expect(await repos.accounts.findByStripeAccountId('acct_missing')).toBeUndefined();
        // A null ceiling stays null.
        const plain = await repos.accounts.insert(newAccount('acc_b'), 1_000);
        expect(plain.feePlan.maxMinor).toBeNull();
        expect((await repos.accounts.findById('acc_b'))?.feePlan).toStrictEqual({
          bps: 150,
          fixedMinor: 10,
          minMinor: 0,
          maxMinor: null,
        });
      });

      it('list orders by creation time then id; count counts every account', async () => {
        expect(await repos.accounts.count()).toBe(0);
        expect(await repos.accounts.list()).toStrictEqual([]);
        await repos.accounts.insert(newAccount('acc_b'), 2_000);
        await repos.accounts.insert(newAccount('acc_c'), 1_000);
        await repos.accounts.insert(newAccount('acc_a'), 1_000);
        expect((await repos.accounts.list()).map((account) => account.id)).toStrictEqual([
          'acc_a',
          'acc_c',
          'acc_b',
        ]);
        expect(await repos.accounts.count()).toBe(3);
      });

      it('markDisconnected keeps the first disconnection (a deauthorization replaces a revoked access); setRejection keeps the first time per reason, null clears', async () => {
        const account = await raw.accounts.insert(newAccount('acc_s'), 1_000);
        const other = await raw.accounts.insert(newAccount('acc_t'), 1_000);
        const clear = {
          disconnectedAtMs: null,
          disconnectedReason: null,
          rejectedAtMs: null,
          rejectedReason: null,
        };
        const standing = async () => (await raw.accounts.findById(account.id))?.standing;
        expect(await repos.accounts.markDisconnected('acct_acc_s', 'access_revoked', 2_000, 2_500)).toBe(
          true,
        );
        expect(await raw.accounts.findById(account.id)).toStrictEqual({
          ...account,
          standing: { ...clear, disconnectedAtMs: 2_000, disconnectedReason: 'access_revoked' },
          updatedAtMs: 2_500,
        });
        expect(await repos.accounts.markDisconnected('acct_acc_s', 'access_revoked', 3_000, 3_500)).toBe(
          false,
        );
        expect(await repos.accounts.markDisconnected('acct_acc_s', 'deauthorized', 4_000, 4_500)).toBe(true);
        expect(await standing()).toStrictEqual({
          ...clear,
          disconnectedAtMs: 4_000,
          disconnectedReason: 'deauthorized',
        });
        expect(await repos.accounts.markDisconnected('acct_acc_s', 'deauthorized', 5_000, 5_500)).toBe(false);
        expect(await repos.accounts.markDisconnected('acct_acc_s', 'access_revoked', 5_000, 5_500)).toBe(
          false,
        );
        expect((await raw.accounts.findById(account.id))?.updatedAtMs).toBe(4_500);
        expect(await repos.accounts.markDisconnected('acct_missing', 'deauthorized', 5_000, 5_500)).toBe(
          false,
        );
        expect(await raw.accounts.findById(other.id)).toStrictEqual(other);

        expect(await repos.accounts.setRejection('acct_acc_t', null, 6_000, 6_500)).toBe(false);
        expect(await repos.accounts.setRejection('acct_acc_t', 'fraud', 6_000, 6_500)).toBe(true);
        expect(await raw.accounts.findById(other.id)).toStrictEqual({
          ...other,
          standing: { ...clear, rejectedAtMs: 6_000, rejectedReason: 'fraud' },
          updatedAtMs: 6_500,
        });
        expect(await repos.accounts.setRejection('acct_acc_t', 'fraud', 7_000, 7_500)).toBe(false);
        expect((await raw.accounts.findById(other.id))?.standing.rejectedAtMs).toBe(6_000);
        expect(await repos.accounts.setRejection('acct_acc_t', 'terms_of_service', 8_000, 8_500)).toBe(true);
        expect((await raw.accounts.findById(other.id))?.standing).toStrictEqual({
          ...clear,
          rejectedAtMs: 8_000,
          rejectedReason: 'terms_of_service',
        });
        expect(await repos.accounts.setRejection('acct_acc_t', null, 9_000, 9_500)).toBe(true);
        expect(await raw.accounts.findById(other.id)).toStrictEqual({ ...other, updatedAtMs: 9_500 });
        expect(await repos.accounts.setRejection('acct_missing', 'fraud', 9_000, 9_500)).toBe(false);
        expect(await standing()).toStrictEqual({
          ...clear,
          disconnectedAtMs: 4_000,
          disconnectedReason: 'deauthorized',
        });
      });

      it('updateStripeStatus changes the Stripe flags, requirements and updatedAtMs only; false when unknown', async () => {
        const before = await repos.accounts.insert(newAccount('acc_s'), 1_000);
        const requirements = {
          currently_due: ['external_account', 'tos_acceptance.date'],
          disabled_reason: null,
          deadline: 1_767_225_600,
          nested: { flag: true, ratio: 0.5 },
        };
        expect(
          await repos.accounts.updateStripeStatus(
            'acct_acc_s',
            { chargesEnabled: true, detailsSubmitted: false, payoutsEnabled: true, requirements },
            5_000,
          ),
        ).toBe(true);
        expect(await repos.accounts.findById('acc_s')).toStrictEqual({
          ...before,
          chargesEnabled: true,
          detailsSubmitted: false,
          payoutsEnabled: true,
          requirements,
          updatedAtMs: 5_000,
        });
        expect(
          await repos.accounts.updateStripeStatus(
            'acct_unknown',
            { chargesEnabled: true, detailsSubmitted: true, payoutsEnabled: true, requirements: {} },
            6_000,
          ),
        ).toBe(false);
      });

      it('lockForUpdate runs inside a transaction (known or unknown id) and changes nothing', async () => {
        const account = await repos.accounts.insert(newAccount('acc_l'), 1_000);
        const seen = await db.transaction(async (tx) => {
          await tx.accounts.lockForUpdate('acc_l');
          await tx.accounts.lockForUpdate('acc_unknown');
          return tx.accounts.findById('acc_l');
        });
        expect(seen).toStrictEqual(account);
        expect(await repos.accounts.findById('acc_l')).toStrictEqual(account);
      });
    });

    // locations --------------------------------------------------------------------------------------

    describe('locations', () => {
      it('setTaxes sets whether prices include tax, the rates and the tax’s name only', async () => {
        const account = await buildAccount(ctx());
        const location = await buildLocation(ctx(), account, { taxRateBps: 875 });
        const other = await buildLocation(ctx(), account, { taxRateBps: 875 });
        await repos.locations.setTaxes(location.id, {
          pricesIncludeTax: true,
          taxName: 'VAT',
          taxRateBps: 2_000,
          reducedTaxRateBps: 500,
        });
        expect(await raw.locations.findById(location.id)).toStrictEqual({
          ...location,
          pricesIncludeTax: true,
          taxName: 'VAT',
          taxRateBps: 2_000,
          reducedTaxRateBps: 500,
        });
        expect(await raw.locations.findById(other.id)).toStrictEqual(other);
        await repos.locations.setTaxes(location.id, {
          pricesIncludeTax: false,
          taxName: 'Sales tax',
          taxRateBps: 0,
          reducedTaxRateBps: null,
        });
        expect(await raw.locations.findById(location.id)).toStrictEqual({
          ...location,
          pricesIncludeTax: false,
          taxName: 'Sales tax',
          taxRateBps: 0,
          reducedTaxRateBps: null,
        });
      });

      it('insert returns what findById reads; update changes name, time zone and address only', async () => {
        const account = await buildAccount(ctx());
        const inserted = await repos.locations.insert(
          {
            id: 'loc_1',
            accountId: account.id,
            stripeLocationId: 'tml_1',
            name: 'Mission',
            timeZone: 'America/Los_Angeles',
            address: { line1: '1 Valencia St', city: 'San Francisco', country: 'US' },
            taxRateBps: 875,
          },
          1_000,
        );
        expect(inserted).toStrictEqual({
          id: 'loc_1',
          accountId: account.id,
          stripeLocationId: 'tml_1',
          name: 'Mission',
          timeZone: 'America/Los_Angeles',
          address: { line1: '1 Valencia St', city: 'San Francisco', country: 'US' },
          taxRateBps: 875,
          pricesIncludeTax: false,
          reducedTaxRateBps: null,
          taxName: 'Tax',
          createdAtMs: 1_000,
        });
        expect(await repos.locations.findById('loc_1')).toStrictEqual(inserted);
        expect(await repos.locations.findById('loc_missing')).toBeUndefined();

        await repos.locations.update('loc_1', {
          name: 'Mission — Valencia',
          timeZone: 'America/New_York',
          address: { line1: '2 Rue de l’Église', country: 'FR' },
        });
        expect(await repos.locations.findById('loc_1')).toStrictEqual({
          ...inserted,
          name: 'Mission — Valencia',
          timeZone: 'America/New_York',
          address: { line1: '2 Rue de l’Église', country: 'FR' },
        });
      });

      it('listByAccount: the account’s locations by creation time then id; a null Stripe id stays null', async () => {
        const account = await buildAccount(ctx());
        const other = await buildAccount(ctx());
        const base = { accountId: account.id, timeZone: 'UTC', address: {}, taxRateBps: 0 };
        await repos.locations.insert({ ...base, id: 'loc_c', stripeLocationId: null, name: 'C' }, 2_000);
        await repos.locations.insert({ ...base, id: 'loc_b', stripeLocationId: null, name: 'B' }, 1_000);
        await repos.locations.insert({ ...base, id: 'loc_a', stripeLocationId: 'tml_a', name: 'A' }, 1_000);
        await repos.locations.insert(
          { ...base, accountId: other.id, id: 'loc_other', stripeLocationId: null, name: 'Other' },
          500,
        );
        const listed = await repos.locations.listByAccount(account.id);
        expect(listed.map((location) => location.id)).toStrictEqual(['loc_a', 'loc_b', 'loc_c']);
        expect(listed[1]?.stripeLocationId).toBeNull();
        expect(await repos.locations.listByAccount('acc_none')).toStrictEqual([]);
      });
    });

    // registers --------------------------------------------------------------------------------------

    describe('registers', () => {
      it('insert, findById, findByCode, listByLocation (by code)', async () => {
        const account = await buildAccount(ctx());
        const location = await buildLocation(ctx(), account);
        const other = await buildLocation(ctx(), account);
        const second = await repos.registers.insert(
          { id: 'reg_2', code: 'MISSION-2', name: 'Back', locationId: location.id },
          1_000,
        );
        const first = await repos.registers.insert(
          { id: 'reg_1', code: 'MISSION-1', name: 'Front', locationId: location.id },
          2_000,
        );
        await repos.registers.insert({ id: 'reg_3', code: 'ELSE-1', name: 'x', locationId: other.id }, 1_000);
        expect(first).toStrictEqual({
          id: 'reg_1',
          code: 'MISSION-1',
          name: 'Front',
          locationId: location.id,
          createdAtMs: 2_000,
          revokedAtMs: null,
        });
        expect(await repos.registers.findById('reg_1')).toStrictEqual(first);
        expect(await repos.registers.findByCode('MISSION-2')).toStrictEqual(second);
        expect(await repos.registers.findByCode('MISSION-9')).toBeUndefined();
        expect(await repos.registers.findById('reg_9')).toBeUndefined();
        expect(await repos.registers.listByLocation(location.id)).toStrictEqual([first, second]);
      });

      it('revoke sets revokedAtMs once: true, then false; false for an unknown register', async () => {
        const { register } = await merchant();
        expect(await repos.registers.revoke(register.id, 7_000)).toBe(true);
        expect((await repos.registers.findById(register.id))?.revokedAtMs).toBe(7_000);
        expect(await repos.registers.revoke(register.id, 8_000)).toBe(false);
        expect((await repos.registers.findById(register.id))?.revokedAtMs).toBe(7_000);
        expect(await repos.registers.revoke('reg_unknown', 8_000)).toBe(false);
      });

      it('nextReceiptNumber: the register’s code and its own count from 1; an unknown register throws', async () => {
        const { location, register } = await merchant();
        const second = await buildRegister(ctx(), location, { code: 'SECOND-1' });
        expect(await repos.registers.nextReceiptNumber(register.id)).toBe(`${register.code}-1`);
        expect(await repos.registers.nextReceiptNumber(register.id)).toBe(`${register.code}-2`);
        expect(await repos.registers.nextReceiptNumber(second.id)).toBe('SECOND-1-1');
        expect(await repos.registers.nextReceiptNumber(register.id)).toBe(`${register.code}-3`);
        // A number given back (its sale was not recorded) is the next one given.
        await repos.registers.returnReceiptNumber(register.id);
        expect(await repos.registers.nextReceiptNumber(register.id)).toBe(`${register.code}-3`);
        expect(await repos.registers.nextReceiptNumber(second.id)).toBe('SECOND-1-2');
        await expect(repos.registers.nextReceiptNumber('reg_unknown')).rejects.toThrow();
      });
    });

    // readers ----------------------------------------------------------------------------------------

    describe('readers', () => {
      it('insert, findById, findByStripeReaderId, listByLocation (in use, by label)', async () => {
        const { account, location } = await merchant();
        const insert = (id: string, label: string, integration: 'js_sdk' | 'server_driven') =>
          repos.readers.insert(
            {
              id,
              accountId: account.id,
              locationId: location.id,
              stripeReaderId: `tmr_${id}`,
              label,
              deviceType: 'bbpos_wisepos_e',
              integration,
            },
            1_000,
          );
        const zed = await insert('rdr_1', 'Zed', 'server_driven');
        const alpha = await insert('rdr_2', 'Alpha', 'js_sdk');
        const removed = await insert('rdr_3', 'Beta', 'js_sdk');
        await raw.console.removeReader(removed.id, 2_000);
        expect(zed).toStrictEqual({
          id: 'rdr_1',
          accountId: account.id,
          locationId: location.id,
          stripeReaderId: 'tmr_rdr_1',
          label: 'Zed',
          deviceType: 'bbpos_wisepos_e',
          integration: 'server_driven',
          createdAtMs: 1_000,
        });
        expect(await repos.readers.findById('rdr_1')).toStrictEqual(zed);
        expect(await repos.readers.findByStripeReaderId('tmr_rdr_2')).toStrictEqual(alpha);
        expect(await repos.readers.findByStripeReaderId('tmr_rdr_3')).toBeUndefined();
        expect(await repos.readers.findById('rdr_9')).toBeUndefined();
        expect(await repos.readers.listByLocation(location.id)).toStrictEqual([alpha, zed]);
      });
    });

    // staff ------------------------------------------------------------------------------------------

    describe('staff', () => {
      it('insert stores the staff member and each allowed location once; findById hides the PIN, findCredentials has it', async () => {
        const account = await buildAccount(ctx());
        const a = await buildLocation(ctx(), account);
        const b = await buildLocation(ctx(), account);
        const c = await buildLocation(ctx(), account);
        const inserted = await repos.staff.insert(
          {
            id: 'stf_1',
            accountId: account.id,
            displayName: 'Zoë',
            role: 'manager',
            pinHash: 'hash',
            pinSalt: 'salt',
            locationIds: [a.id, b.id, a.id],
          },
          1_000,
        );
        expect(inserted).toStrictEqual({
          id: 'stf_1',
          accountId: account.id,
          displayName: 'Zoë',
          role: 'manager',
          active: true,
          createdAtMs: 1_000,
        });
        expect(await repos.staff.findById('stf_1')).toStrictEqual(inserted);
        expect(await repos.staff.findCredentials('stf_1')).toStrictEqual({
          ...inserted,
          pinHash: 'hash',
          pinSalt: 'salt',
        });
        expect(await repos.staff.findById('stf_9')).toBeUndefined();
        expect(await repos.staff.findCredentials('stf_9')).toBeUndefined();
        expect(await repos.staff.isAllowedAtLocation('stf_1', a.id)).toBe(true);
        expect(await repos.staff.isAllowedAtLocation('stf_1', b.id)).toBe(true);
        expect(await repos.staff.isAllowedAtLocation('stf_1', c.id)).toBe(false);
        expect((await raw.console.listStaffOfAccount(account.id))[0]?.locationIds).toStrictEqual(
          [a.id, b.id].sort(),
        );
      });

      it('insert is all or nothing: an unknown location leaves no staff row', async () => {
        const account = await buildAccount(ctx());
        await expect(
          repos.staff.insert(
            {
              id: 'stf_bad',
              accountId: account.id,
              displayName: 'Nobody',
              role: 'staff',
              pinHash: 'h',
              pinSalt: 's',
              locationIds: ['loc_does_not_exist'],
            },
            1_000,
          ),
        ).rejects.toThrow();
        expect(await repos.staff.findById('stf_bad')).toBeUndefined();
      });

      it('listActiveAtLocation: active staff allowed there, by display name then id', async () => {
        const account = await buildAccount(ctx());
        const here = await buildLocation(ctx(), account);
        const elsewhere = await buildLocation(ctx(), account);
        const bea = await addStaff(account, [here], { displayName: 'Bea', id: 'stf_b' });
        const ann2 = await addStaff(account, [here, elsewhere], { displayName: 'Ann', id: 'stf_z' });
        const ann1 = await addStaff(account, [here], { displayName: 'Ann', id: 'stf_a' });
        await addStaff(account, [elsewhere], { displayName: 'Al' });
        const inactive = await addStaff(account, [here], { displayName: 'Aaron' });
        await raw.staff.setActive(inactive.id, false);
        expect(await repos.staff.listActiveAtLocation(here.id)).toStrictEqual([ann1, ann2, bea]);
      });

      it('allowAtLocation is idempotent; disallowAtLocation removes only that pair', async () => {
        const { account, location, staff } = await merchant();
        const second = await buildLocation(ctx(), account);
        await repos.staff.allowAtLocation(staff.id, second.id);
        await repos.staff.allowAtLocation(staff.id, second.id);
        expect(await repos.staff.isAllowedAtLocation(staff.id, second.id)).toBe(true);
        expect((await raw.console.listStaffOfAccount(account.id))[0]?.locationIds).toStrictEqual(
          [location.id, second.id].sort(),
        );
        await repos.staff.disallowAtLocation(staff.id, second.id);
        expect(await repos.staff.isAllowedAtLocation(staff.id, second.id)).toBe(false);
        expect(await repos.staff.isAllowedAtLocation(staff.id, location.id)).toBe(true);
      });

      it('setActive flips the flag (and the listing); setPin replaces hash and salt only', async () => {
        const { location, staff } = await merchant();
        await repos.staff.setActive(staff.id, false);
        expect(await repos.staff.findById(staff.id)).toStrictEqual({ ...staff, active: false });
        expect(await raw.staff.listActiveAtLocation(location.id)).toStrictEqual([]);
        await repos.staff.setActive(staff.id, true);
        expect((await repos.staff.findById(staff.id))?.active).toBe(true);
        await repos.staff.setPin(staff.id, 'new-hash', 'new-salt');
        expect(await raw.staff.findCredentials(staff.id)).toStrictEqual({
          ...staff,
          pinHash: 'new-hash',
          pinSalt: 'new-salt',
        });
      });

      it('setDisplayName renames only; namesAtLocations: the account’s staff allowed at any of the locations, inactive too', async () => {
        const { account, location, staff } = await merchant();
        const second = await buildLocation(ctx(), account);
        const third = await buildLocation(ctx(), account);
        await repos.staff.setDisplayName(staff.id, 'Renamed');
        expect(await raw.staff.findById(staff.id)).toStrictEqual({ ...staff, displayName: 'Renamed' });
        const both = await addStaff(account, [location, second], { displayName: 'Both' });
        const there = await addStaff(account, [second], { displayName: 'There' });
        const inactive = await addStaff(account, [second], { displayName: 'Away' });
        await raw.staff.setActive(inactive.id, false);
        await addStaff(account, [third], { displayName: 'Elsewhere' });
        const stranger = await merchant();
        const names = await repos.staff.namesAtLocations(account.id, [location.id, second.id]);
        expect([...names.entries()].sort()).toStrictEqual(
          [
            [staff.id, 'Renamed'],
            [both.id, 'Both'],
            [there.id, 'There'],
            [inactive.id, 'Away'],
          ].sort(),
        );
        expect([...(await repos.staff.namesAtLocations(account.id, [third.id])).values()]).toStrictEqual([
          'Elsewhere',
        ]);
        expect(await repos.staff.namesAtLocations(stranger.account.id, [location.id])).toStrictEqual(
          new Map(),
        );
        expect(await repos.staff.namesAtLocations(account.id, [])).toStrictEqual(new Map());
      });
    });

    // sessions ---------------------------------------------------------------------------------------

    describe('sessions', () => {
      const session = (m: Merchant, id: string, createdAtMs: number, expiresAtMs: number) => ({
        id,
        tokenHash: `hash-${id}`,
        staffId: m.staff.id,
        registerId: m.register.id,
        csrfToken: `csrf-${id}`,
        createdAtMs,
        expiresAtMs,
        deviceId: null,
      });

      it('deleteByStaff ends every session of one staff member (counted)', async () => {
        const m = await merchant();
        const colleague = await addStaff(m.account, [m.location]);
        await raw.sessions.insert(session(m, 'ses_1', 1_000, 9_000));
        await raw.sessions.insert(session(m, 'ses_2', 2_000, 9_000));
        await raw.sessions.insert({ ...session(m, 'ses_3', 1_000, 9_000), staffId: colleague.id });
        expect(await repos.sessions.deleteByStaff(m.staff.id)).toBe(2);
        expect(await raw.sessions.findByTokenHash('hash-ses_1')).toBeUndefined();
        expect(await raw.sessions.findByTokenHash('hash-ses_2')).toBeUndefined();
        expect(await raw.sessions.findByTokenHash('hash-ses_3')).toStrictEqual({
          ...session(m, 'ses_3', 1_000, 9_000),
          staffId: colleague.id,
        });
        expect(await repos.sessions.deleteByStaff(m.staff.id)).toBe(0);
      });

      it('insert and findByTokenHash; delete removes one session', async () => {
        const m = await merchant();
        const one = session(m, 'ses_1', 1_000, 9_000);
        await repos.sessions.insert(one);
        await repos.sessions.insert(session(m, 'ses_2', 1_000, 9_000));
        expect(await repos.sessions.findByTokenHash('hash-ses_1')).toStrictEqual(one);
        expect(await repos.sessions.findByTokenHash('hash-none')).toBeUndefined();
        await repos.sessions.delete('ses_1');
        expect(await repos.sessions.findByTokenHash('hash-ses_1')).toBeUndefined();
        expect(await repos.sessions.findByTokenHash('hash-ses_2')).toBeDefined();
      });

      it('findCounterSession joins register, location, account and staff exactly as their own reads', async () => {
        const m = await merchant();
        await raw.accounts.updateStripeStatus(
          m.account.stripeAccountId,
          {
            chargesEnabled: true,
            detailsSubmitted: false,
            payoutsEnabled: true,
            requirements: { currently_due: ['x'], none: null },
          },
          2_000,
        );
        await raw.console.setRiskLimits(m.account.id, { maxSaleMinor: 5_000, maxDailyMinor: null }, 2_500);
        const one = session(m, 'ses_1', 1_000, 9_000);
        await raw.sessions.insert(one);
        const found = await repos.sessions.findCounterSession('hash-ses_1');
        expect(found).toStrictEqual({
          session: one,
          register: await raw.registers.findById(m.register.id),
          location: await raw.locations.findById(m.location.id),
          account: await raw.accounts.findById(m.account.id),
          staff: await raw.staff.findById(m.staff.id),
          allowedAtLocation: true,
          devicePaired: false,
        });
        expect(found?.account?.chargesEnabled).toBe(true);
        expect(found?.account?.detailsSubmitted).toBe(false);
        expect(found?.account?.requirements).toStrictEqual({ currently_due: ['x'], none: null });
        expect(await repos.sessions.findCounterSession('hash-none')).toBeUndefined();
      });

      it('findCounterSession: allowedAtLocation is false once the staff member is disallowed there', async () => {
        const m = await merchant();
        await raw.sessions.insert(session(m, 'ses_1', 1_000, 9_000));
        await raw.staff.disallowAtLocation(m.staff.id, m.location.id);
        await raw.registers.revoke(m.register.id, 3_000);
        const found = await repos.sessions.findCounterSession('hash-ses_1');
        expect(found?.allowedAtLocation).toBe(false);
        expect(found?.register?.revokedAtMs).toBe(3_000);
        expect(found?.staff?.id).toBe(m.staff.id);
      });

      it('deleteExpired deletes sessions expiring at or before now and counts them', async () => {
        const m = await merchant();
        await raw.sessions.insert(session(m, 'ses_a', 1_000, 5_000));
        await raw.sessions.insert(session(m, 'ses_b', 1_000, 6_000));
        await raw.sessions.insert(session(m, 'ses_c', 1_000, 6_001));
        expect(await repos.sessions.deleteExpired(6_000)).toBe(2);
        expect(await raw.sessions.findByTokenHash('hash-ses_c')).toBeDefined();
        expect(await repos.sessions.deleteExpired(6_000)).toBe(0);
      });

      it('deleteByDevice ends the sessions opened on one device; deleteByRegister every session at the register (counted)', async () => {
        const m = await merchant();
        const otherRegister = await buildRegister(ctx(), m.location);
        for (const [id, registerId] of [
          ['dev_1', m.register.id],
          ['dev_2', m.register.id],
          ['dev_3', otherRegister.id],
        ] as const) {
          await raw.registerDevices.insertDevice({
            id,
            registerId,
            tokenHash: `tok-${id}`,
            csrfToken: `csrf-${id}`,
            pairedAtMs: 500,
            pairingCodeId: null,
          });
        }
        const on = (id: string, deviceId: string | null, registerId = m.register.id) => ({
          ...session(m, id, 1_000, 9_000),
          registerId,
          deviceId,
        });
        await raw.sessions.insert(on('ses_1', 'dev_1'));
        await raw.sessions.insert(on('ses_2', 'dev_1'));
        await raw.sessions.insert(on('ses_3', 'dev_2'));
        await raw.sessions.insert(on('ses_4', null));
        await raw.sessions.insert(on('ses_5', 'dev_3', otherRegister.id));
        expect(await raw.sessions.findByTokenHash('hash-ses_1')).toStrictEqual(on('ses_1', 'dev_1'));
        expect((await repos.sessions.findCounterSession('hash-ses_1'))?.devicePaired).toBe(true);
        expect((await repos.sessions.findCounterSession('hash-ses_4'))?.devicePaired).toBe(false);

        expect(await repos.sessions.deleteByDevice('dev_1')).toBe(2);
        expect(await repos.sessions.deleteByDevice('dev_1')).toBe(0);
        expect(await raw.sessions.findByTokenHash('hash-ses_1')).toBeUndefined();
        expect(await raw.sessions.findByTokenHash('hash-ses_2')).toBeUndefined();
        expect(await raw.sessions.findByTokenHash('hash-ses_3')).toBeDefined();

        expect(await repos.sessions.deleteByRegister(m.register.id)).toBe(2);
        expect(await raw.sessions.findByTokenHash('hash-ses_3')).toBeUndefined();
        expect(await raw.sessions.findByTokenHash('hash-ses_4')).toBeUndefined();
        expect(await raw.sessions.findByTokenHash('hash-ses_5')).toStrictEqual(
          on('ses_5', 'dev_3', otherRegister.id),
        );
        expect(await repos.sessions.deleteByRegister(m.register.id)).toBe(0);
      });
    });

    // signInLimits -----------------------------------------------------------------------------------

    describe('signInLimits', () => {
      it('record then history: the other attempts of each bucket after the window start, without its own', async () => {
        const first = await repos.signInLimits.record(
          [{ bucket: 'staff:s1@untrusted', source: 'device:d1' }],
          1_000,
        );
        const second = await repos.signInLimits.record(
          [
            { bucket: 'staff:s1@untrusted', source: 'device:d2' },
            { bucket: 'address:203.0.113.5', source: 'device:d2' },
          ],
          2_000,
        );
        expect(first).toHaveLength(1);
        expect(second).toHaveLength(2);
        expect(new Set([...first, ...second]).size).toBe(3);
        expect(
          await repos.signInLimits.history(['staff:s1@untrusted', 'address:203.0.113.5', 'empty'], second, 0),
        ).toStrictEqual([
          { bucket: 'staff:s1@untrusted', others: 1, lastOtherAtMs: 1_000 },
          { bucket: 'address:203.0.113.5', others: 0, lastOtherAtMs: null },
          { bucket: 'empty', others: 0, lastOtherAtMs: null },
        ]);
        // The window start is exclusive.
        expect(await repos.signInLimits.history(['staff:s1@untrusted'], [], 1_000)).toStrictEqual([
          { bucket: 'staff:s1@untrusted', others: 1, lastOtherAtMs: 2_000 },
        ]);
        expect(await repos.signInLimits.record([], 3_000)).toStrictEqual([]);
      });

      it('forget removes rows; clearSource one source in some buckets; prune by time', async () => {
        const [a1] = await raw.signInLimits.record([{ bucket: 'b1', source: 'device:a' }], 1_000);
        await raw.signInLimits.record([{ bucket: 'b1', source: 'device:a' }], 2_000);
        await raw.signInLimits.record([{ bucket: 'b1', source: 'device:b' }], 3_000);
        await raw.signInLimits.record([{ bucket: 'b2', source: 'device:a' }], 4_000);
        const count = async (bucket: string) => (await raw.signInLimits.history([bucket], [], 0))[0]?.others;
        await repos.signInLimits.forget(a1 === undefined ? [] : [a1]);
        expect(await count('b1')).toBe(2);
        await repos.signInLimits.clearSource(['b1'], 'device:a');
        expect(await count('b1')).toBe(1);
        expect(await count('b2')).toBe(1);
        await repos.signInLimits.prune(3_500);
        expect(await count('b1')).toBe(0);
        expect(await count('b2')).toBe(1);
      });

      it('trust, isTrusted after a time, pruneTrust', async () => {
        expect(await repos.signInLimits.isTrusted('staff:s1', 'device:d1', 0)).toBe(false);
        await repos.signInLimits.trust('staff:s1', 'device:d1', 1_000);
        expect(await repos.signInLimits.isTrusted('staff:s1', 'device:d1', 999)).toBe(true);
        expect(await repos.signInLimits.isTrusted('staff:s1', 'device:d2', 0)).toBe(false);
        // Trusting again refreshes the time.
        await repos.signInLimits.trust('staff:s1', 'device:d1', 5_000);
        expect(await repos.signInLimits.isTrusted('staff:s1', 'device:d1', 4_000)).toBe(true);
        await repos.signInLimits.pruneTrust(6_000);
        expect(await repos.signInLimits.isTrusted('staff:s1', 'device:d1', 0)).toBe(false);
      });
    });

    // products ---------------------------------------------------------------------------------------

    describe('products', () => {
      it('insert (defaults: active, sort order 0), findById, listActive by sort order, name, id', async () => {
        const account = await buildAccount(ctx());
        const other = await buildAccount(ctx());
        const base = { accountId: account.id, category: null };
        const latte = await repos.products.insert(
          { ...base, id: 'prd_3', name: 'Latte', priceMinor: 475, category: 'Drinks' },
          1_000,
        );
        expect(latte).toStrictEqual({
          id: 'prd_3',
          accountId: account.id,
          name: 'Latte',
          priceMinor: 475,
          category: 'Drinks',
          categoryId: 'cat_prd_3',
          sku: null,
          color: null,
          taxClass: 'standard',
          active: true,
          sortOrder: 0,
          createdAtMs: 1_000,
          updatedAtMs: 1_000,
        });
        expect(await repos.products.findById('prd_3')).toStrictEqual(latte);
        expect(await repos.products.findById('prd_none')).toBeUndefined();
        const bagel = await repos.products.insert(
          { ...base, id: 'prd_1', name: 'Bagel', priceMinor: 0 },
          1_000,
        );
        // findByIds: the ones that exist, once each, whatever the order or repeats of the ids asked for.
        const found = await repos.products.findByIds(['prd_1', 'prd_none', 'prd_3', 'prd_1']);
        expect([...found.keys()].sort()).toStrictEqual(['prd_1', 'prd_3']);
        expect(found.get('prd_3')).toStrictEqual(latte);
        expect(found.get('prd_1')).toStrictEqual(bagel);
        expect((await repos.products.findByIds([])).size).toBe(0);
        const bagel2 = await repos.products.insert(
          { ...base, id: 'prd_0', name: 'Bagel', priceMinor: 5 },
          1_000,
        );
        const first = await repos.products.insert(
          { ...base, id: 'prd_9', name: 'Zucchini', priceMinor: 300, sortOrder: -1 },
          1_000,
        );
        const hidden = await repos.products.insert(
          { ...base, id: 'prd_5', name: 'Old', priceMinor: 1, active: false },
          1_000,
        );
        expect(hidden.active).toBe(false);
        await repos.products.insert(
          { accountId: other.id, id: 'prd_x', name: 'Other', priceMinor: 1, category: null },
          1_000,
        );
        expect(bagel.category).toBeNull();
        expect(await repos.products.listActive(account.id)).toStrictEqual([first, bagel2, bagel, latte]);
      });

      it('listByAccount (inactive too), update, findBySku; variants: insert, update, find, by item, by SKU', async () => {
        const account = await buildAccount(ctx());
        const other = await buildAccount(ctx());
        const base = { accountId: account.id, category: null };
        const latte = await raw.products.insert(
          { ...base, id: 'prd_l', name: 'Latte', priceMinor: 475, sku: 'LAT' },
          1_000,
        );
        const bagel = await raw.products.insert(
          { ...base, id: 'prd_b', name: 'Bagel', priceMinor: 300 },
          1_000,
        );
        await raw.products.insert(
          { accountId: other.id, id: 'prd_o', name: 'Other', priceMinor: 1, category: null, sku: 'LAT' },
          1_000,
        );
        const updated = await repos.products.update(
          bagel.id,
          {
            name: 'Old bagel',
            priceMinor: 350,
            categoryId: latte.categoryId,
            sku: 'BAG',
            color: '#aa0000',
            taxClass: 'reduced',
            active: false,
            sortOrder: 2,
          },
          2_000,
        );
        expect(updated).toStrictEqual({
          ...bagel,
          name: 'Old bagel',
          priceMinor: 350,
          sku: 'BAG',
          color: '#aa0000',
          taxClass: 'reduced',
          active: false,
          sortOrder: 2,
          updatedAtMs: 2_000,
        });
        expect(await raw.products.findById(bagel.id)).toStrictEqual(updated);
        await expect(
          repos.products.update('prd_none', { ...updated, active: true }, 2_000),
        ).rejects.toThrow();
        expect(await raw.products.listActive(account.id)).toStrictEqual([latte]);
        expect(await repos.products.listByAccount(account.id)).toStrictEqual([latte, updated]);
        expect(await repos.products.listByAccount('acc_none')).toStrictEqual([]);
        expect(await repos.products.findBySku(account.id, 'LAT')).toStrictEqual(latte);
        expect(await repos.products.findBySku(account.id, 'BAG')).toStrictEqual(updated);
        expect(await repos.products.findBySku(account.id, 'NONE')).toBeUndefined();
        expect((await repos.products.findBySku(other.id, 'LAT'))?.id).toBe('prd_o');

        const large = await repos.products.insertVariant(
          { id: 'var_l', productId: latte.id, name: 'Large', priceMinor: 575, sku: 'LAT-L', sortOrder: 1 },
          1_000,
        );
        expect(large).toStrictEqual({
          id: 'var_l',
          productId: latte.id,
          name: 'Large',
          priceMinor: 575,
          sku: 'LAT-L',
          sortOrder: 1,
          active: true,
        });
        const small = await repos.products.insertVariant(
          { id: 'var_s', productId: latte.id, name: 'Small', priceMinor: 400 },
          1_000,
        );
        expect(small).toStrictEqual({
          id: 'var_s',
          productId: latte.id,
          name: 'Small',
          priceMinor: 400,
          sku: null,
          sortOrder: 0,
          active: true,
        });
        const plain = await repos.products.insertVariant(
          { id: 'var_p', productId: bagel.id, name: 'Plain', priceMinor: 350, active: false },
          1_000,
        );
        expect(plain.active).toBe(false);
        expect(await repos.products.findVariant('var_l')).toStrictEqual(large);
        expect(await repos.products.findVariant('var_none')).toBeUndefined();
        await repos.products.updateVariant(
          small.id,
          { name: 'Regular', priceMinor: 425, sku: 'LAT-R', sortOrder: 5, active: false },
          2_000,
        );
        const regular = {
          ...small,
          name: 'Regular',
          priceMinor: 425,
          sku: 'LAT-R',
          sortOrder: 5,
          active: false,
        };
        expect(await repos.products.findVariant(small.id)).toStrictEqual(regular);
        expect(await repos.products.variantsOf([latte.id, bagel.id, 'prd_none'])).toStrictEqual(
          new Map([
            [latte.id, [large, regular]],
            [bagel.id, [plain]],
          ]),
        );
        expect(await repos.products.variantsOf([])).toStrictEqual(new Map());
        expect(await repos.products.findVariantBySku(account.id, 'LAT-R')).toStrictEqual(regular);
        expect(await repos.products.findVariantBySku(account.id, 'LAT-S')).toBeUndefined();
        expect(await repos.products.findVariantBySku(other.id, 'LAT-L')).toBeUndefined();
      });

      it('modifier groups of items, in the order set; per-location settings of items and variants', async () => {
        const account = await buildAccount(ctx());
        const second = await buildLocation(ctx(), account, { id: 'loc_b' });
        const first = await buildLocation(ctx(), account, { id: 'loc_a' });
        const latte = await raw.products.insert(
          { id: 'prd_l', accountId: account.id, name: 'Latte', priceMinor: 475, category: null },
          1_000,
        );
        const tea = await raw.products.insert(
          { id: 'prd_t', accountId: account.id, name: 'Tea', priceMinor: 300, category: null },
          1_000,
        );
        for (const id of ['grp_a', 'grp_b', 'grp_c']) {
          await raw.modifiers.insertGroup(
            {
              id,
              accountId: account.id,
              name: id,
              minSelected: 0,
              maxSelected: null,
              sortOrder: 0,
              active: true,
            },
            1_000,
          );
        }
        await repos.products.setModifierGroups(latte.id, ['grp_c', 'grp_a']);
        await repos.products.setModifierGroups(tea.id, ['grp_b']);
        expect(await repos.products.modifierGroupIdsOf([latte.id, tea.id, 'prd_none'])).toStrictEqual(
          new Map([
            [latte.id, ['grp_c', 'grp_a']],
            [tea.id, ['grp_b']],
          ]),
        );
        await repos.products.setModifierGroups(latte.id, ['grp_b', 'grp_c']);
        await repos.products.setModifierGroups(tea.id, []);
        expect(await repos.products.modifierGroupIdsOf([latte.id, tea.id])).toStrictEqual(
          new Map([[latte.id, ['grp_b', 'grp_c']]]),
        );

        await repos.products.setLocationOverrides(latte.id, [
          { locationId: second.id, available: false, priceMinor: null },
          { locationId: first.id, available: true, priceMinor: 500 },
        ]);
        await repos.products.setLocationOverrides(tea.id, [
          { locationId: first.id, available: false, priceMinor: 0 },
        ]);
        expect(await repos.products.locationOverridesOf([latte.id, tea.id, 'prd_none'])).toStrictEqual(
          new Map([
            [
              latte.id,
              [
                { locationId: first.id, available: true, priceMinor: 500 },
                { locationId: second.id, available: false, priceMinor: null },
              ],
            ],
            [tea.id, [{ locationId: first.id, available: false, priceMinor: 0 }]],
          ]),
        );
        // Replacing: locations not listed go back to defaults.
        await repos.products.setLocationOverrides(latte.id, [
          { locationId: second.id, available: true, priceMinor: 450 },
        ]);
        await repos.products.setLocationOverrides(tea.id, []);
        expect(await repos.products.locationOverridesOf([latte.id, tea.id])).toStrictEqual(
          new Map([[latte.id, [{ locationId: second.id, available: true, priceMinor: 450 }]]]),
        );
        // One location at a time: set (upsert), then clear.
        await repos.products.setLocationOverride(
          latte.id,
          { locationId: first.id, available: false, priceMinor: 10 },
          first.id,
        );
        await repos.products.setLocationOverride(
          latte.id,
          { locationId: second.id, available: false, priceMinor: null },
          second.id,
        );
        expect(await repos.products.locationOverridesOf([latte.id])).toStrictEqual(
          new Map([
            [
              latte.id,
              [
                { locationId: first.id, available: false, priceMinor: 10 },
                { locationId: second.id, available: false, priceMinor: null },
              ],
            ],
          ]),
        );
        await repos.products.setLocationOverride(latte.id, null, first.id);
        expect(await repos.products.locationOverridesOf([latte.id])).toStrictEqual(
          new Map([[latte.id, [{ locationId: second.id, available: false, priceMinor: null }]]]),
        );

        const large = await raw.products.insertVariant(
          { id: 'var_l', productId: latte.id, name: 'Large', priceMinor: 575 },
          1_000,
        );
        const small = await raw.products.insertVariant(
          { id: 'var_s', productId: latte.id, name: 'Small', priceMinor: 400 },
          1_000,
        );
        await repos.products.setVariantLocationOverrides(large.id, [
          { locationId: second.id, available: true, priceMinor: 600 },
          { locationId: first.id, available: false, priceMinor: null },
        ]);
        await repos.products.setVariantLocationOverrides(small.id, [
          { locationId: second.id, available: true, priceMinor: null },
        ]);
        expect(
          await repos.products.variantLocationOverridesOf([large.id, small.id, 'var_none']),
        ).toStrictEqual(
          new Map([
            [
              large.id,
              [
                { locationId: first.id, available: false, priceMinor: null },
                { locationId: second.id, available: true, priceMinor: 600 },
              ],
            ],
            [small.id, [{ locationId: second.id, available: true, priceMinor: null }]],
          ]),
        );
        await repos.products.setVariantLocationOverrides(large.id, []);
        await repos.products.setVariantLocationOverride(
          small.id,
          { locationId: second.id, available: false, priceMinor: 350 },
          second.id,
        );
        await repos.products.setVariantLocationOverride(
          small.id,
          { locationId: first.id, available: true, priceMinor: 390 },
          first.id,
        );
        expect(await repos.products.variantLocationOverridesOf([large.id, small.id])).toStrictEqual(
          new Map([
            [
              small.id,
              [
                { locationId: first.id, available: true, priceMinor: 390 },
                { locationId: second.id, available: false, priceMinor: 350 },
              ],
            ],
          ]),
        );
        await repos.products.setVariantLocationOverride(small.id, null, second.id);
        expect(await repos.products.variantLocationOverridesOf([small.id])).toStrictEqual(
          new Map([[small.id, [{ locationId: first.id, available: true, priceMinor: 390 }]]]),
        );
        // The item's settings are its own.
        expect(await repos.products.locationOverridesOf([latte.id])).toStrictEqual(
          new Map([[latte.id, [{ locationId: second.id, available: false, priceMinor: null }]]]),
        );
      });

      it('listActive orders names as people read them, whatever the database collation', async () => {
        // Databases order text by their collation (SQLite by bytes; PostgreSQL by the database's locale), so
        // names are ordered after the query: case-insensitively first, numbers by value.
        const account = await buildAccount(ctx());
        const names = ['bagel', 'Zucchini', 'apple', 'Bagel', 'Item 10', 'Item 2'];
        for (const [index, name] of names.entries()) {
          await raw.products.insert(
            { id: `prd_${index}`, accountId: account.id, name, priceMinor: 1, category: null },
            1,
          );
        }
        expect((await repos.products.listActive(account.id)).map((product) => product.name)).toStrictEqual([
          'apple',
          'bagel',
          'Bagel',
          'Item 2',
          'Item 10',
          'Zucchini',
        ]);
      });
    });

    // sales ------------------------------------------------------------------------------------------

    describe('sales', () => {
      it('insert returns what findById, findByClientSaleId read: lines by position, numbers, nulls', async () => {
        const m = await merchant();
        const product = await raw.products.insert(
          { id: 'prd_1', accountId: m.account.id, name: 'Latte', priceMinor: 475, category: null },
          1_000,
        );
        const sale = newSale(m, {
          id: 'sale_1',
          description: 'Lunch — “à emporter”',
          captureMethod: 'automatic',
          subtotalMinor: 870,
          taxMinor: 76,
          tipMinor: 0,
          totalMinor: 946,
          applicationFeeMinor: 57,
          lines: [
            {
              position: 1,
              productId: null,
              description: 'Croissant',
              quantity: 2,
              unitPriceMinor: 198,
              amountMinor: 396,
            },
            {
              position: 0,
              productId: product.id,
              description: 'Latte',
              quantity: 1,
              unitPriceMinor: 475,
              amountMinor: 475,
            },
          ],
        });
        const inserted = await repos.sales.insert(sale);
        // A line without the shop's fields (no variant, modifiers, discount or tax) reads back with defaults.
        const shopDefaults = {
          discountMinor: 0,
          lineDiscount: null,
          modifiers: [],
          taxMinor: 0,
          taxRateBps: 0,
          variantId: null,
          variantName: null,
        };
        expect(inserted).toStrictEqual({
          ...sale,
          lines: [sale.lines[1], sale.lines[0]].map((line) => ({ ...line, ...shopDefaults })),
          discountMinor: 0,
          saleDiscount: null,
          taxIncluded: false,
          taxes: [],
          kind: 'sale',
          parentSaleId: null,
          receiptNumber: `${m.register.code}-1`,
          updatedAtMs: sale.createdAtMs,
          capturedAtMs: null,
          paymentIntentId: null,
          readerId: null,
          chargeId: null,
          card: null,
          cardDetails: null,
          lastError: null,
        });
        expect(await repos.sales.findById('sale_1')).toStrictEqual(inserted);
        // Through another Database on the same data (no lines in memory there on PostgreSQL).
        const peer = await opened.openPeer();
        expect(await peer.repos.sales.findById('sale_1')).toStrictEqual(inserted);
        expect(await repos.sales.findByClientSaleId(m.register.id, sale.clientSaleId)).toStrictEqual(
          inserted,
        );
        expect(await repos.sales.findByClientSaleId('reg_other', sale.clientSaleId)).toBeUndefined();
        expect(await repos.sales.findById('sale_none')).toBeUndefined();
      });

      it('insert returns null and writes nothing for a clientSaleId the register already used', async () => {
        const m = await merchant();
        const line = {
          position: 0,
          productId: null,
          description: 'x',
          quantity: 1,
          unitPriceMinor: 1,
          amountMinor: 1,
        };
        const first = await repos.sales.insert(
          newSale(m, { id: 'sale_a', clientSaleId: 'c-1', lines: [line] }),
        );
        expect(first?.id).toBe('sale_a');
        expect(
          await repos.sales.insert(newSale(m, { id: 'sale_b', clientSaleId: 'c-1', lines: [line] })),
        ).toBeNull();
        expect(
          await db.transaction((tx) =>
            tx.sales.insert(newSale(m, { id: 'sale_c', clientSaleId: 'c-1', lines: [line] })),
          ),
        ).toBeNull();
        expect(await raw.sales.findById('sale_b')).toBeUndefined();
        expect(await raw.sales.findById('sale_c')).toBeUndefined();
        expect(await raw.reports.findSale('sale_b')).toBeUndefined();
        // The refused inserts gave their receipt numbers back: the register's numbers stay gap-free.
        expect(first?.receiptNumber).toBe(`${m.register.code}-1`);
        const next = await repos.sales.insert(
          newSale(m, { id: 'sale_e', clientSaleId: 'c-2', lines: [line] }),
        );
        expect(next?.receiptNumber).toBe(`${m.register.code}-2`);
        // Another register may use the same clientSaleId.
        const register2 = await buildRegister(ctx(), m.location);
        expect(
          (
            await repos.sales.insert(
              newSale({ ...m, register: register2 }, { id: 'sale_d', clientSaleId: 'c-1' }),
            )
          )?.id,
        ).toBe('sale_d');
      });

      it('insert is all or nothing: a line naming an unknown product leaves no sale', async () => {
        const m = await merchant();
        await expect(
          repos.sales.insert(
            newSale(m, {
              id: 'sale_bad',
              lines: [
                {
                  position: 0,
                  productId: 'prd_missing',
                  description: 'x',
                  quantity: 1,
                  unitPriceMinor: 1,
                  amountMinor: 1,
                },
              ],
            }),
          ),
        ).rejects.toThrow();
        expect(await raw.sales.findById('sale_bad')).toBeUndefined();
      });

      it('update rewrites the patched fields only (JSON, card, error, nulls) and returns what findById reads', async () => {
        const m = await merchant();
        const reader = await buildReader(ctx(), m.location);
        const sale = await insertSale(m, { id: 'sale_u', createdAtMs: 1_000 });
        const updated = await repos.sales.update(
          sale.id,
          {
            status: 'requires_capture',
            tipMinor: 150,
            totalMinor: 1_150,
            paymentIntentId: 'pi_u',
            readerId: reader.id,
            card: { brand: 'visa', last4: '4242', readMethod: null },
            cardDetails: CARD_DETAILS,
            lastError: { code: 'card_declined', declineCode: null, message: 'Declined' },
          },
          2_000,
        );
        expect(updated).toStrictEqual({
          ...sale,
          status: 'requires_capture',
          tipMinor: 150,
          totalMinor: 1_150,
          paymentIntentId: 'pi_u',
          readerId: reader.id,
          card: { brand: 'visa', last4: '4242', readMethod: null },
          cardDetails: CARD_DETAILS,
          lastError: { code: 'card_declined', declineCode: null, message: 'Declined' },
          updatedAtMs: 2_000,
        });
        expect(await repos.sales.findById(sale.id)).toStrictEqual(updated);
        expect(await repos.sales.findByPaymentIntentId('pi_u')).toStrictEqual(updated);
        expect(await repos.sales.findByPaymentIntentId('pi_none')).toBeUndefined();

        const captured = await repos.sales.update(
          sale.id,
          { status: 'succeeded', lastError: null, chargeId: 'ch_u', capturedAtMs: 3_000 },
          3_000,
        );
        expect(captured).toStrictEqual({
          ...updated,
          status: 'succeeded',
          lastError: null,
          chargeId: 'ch_u',
          capturedAtMs: 3_000,
          updatedAtMs: 3_000,
        });
        expect(await repos.sales.findById(sale.id)).toStrictEqual(captured);
        await expect(repos.sales.update('sale_none', { status: 'canceled' }, 4_000)).rejects.toThrow(
          /No sale sale_none/,
        );
      });

      it('receipt numbers: findByReceiptNumber in the account; card parts: listCardParts oldest first; listByCardLast4 by the sale’s card or a part’s', async () => {
        const m = await merchant();
        const stranger = await merchant();
        const card = (last4: string) => ({ brand: 'visa', last4, readMethod: 'contactless_emv' });
        const first = await insertSale(m, { createdAtMs: 1_000 });
        const second = await insertSale(m, { createdAtMs: 2_000 });
        expect(first.receiptNumber).toBe(`${m.register.code}-1`);
        expect(second.receiptNumber).toBe(`${m.register.code}-2`);
        expect(await repos.sales.findByReceiptNumber(m.account.id, `${m.register.code}-2`)).toStrictEqual(
          second,
        );
        expect(
          await repos.sales.findByReceiptNumber(stranger.account.id, `${m.register.code}-2`),
        ).toBeUndefined();
        expect(await repos.sales.findByReceiptNumber(m.account.id, `${m.register.code}-9`)).toBeUndefined();

        const part = (id: string, createdAtMs: number) =>
          insertSale(m, { id, kind: 'card_part', parentSaleId: second.id, createdAtMs, totalMinor: 500 });
        const partB = await part('sale_part_b', 3_000);
        const partA = await part('sale_part_a', 3_000);
        const partC = await part('sale_part_c', 2_500);
        // Card parts are not sales: no receipt number of their own.
        expect(partA.receiptNumber).toBeNull();
        expect(await repos.sales.listCardParts(second.id)).toStrictEqual([partC, partA, partB]);
        expect(await repos.sales.listCardParts(first.id)).toStrictEqual([]);

        const paidBy = (sale: SaleRecord, last4: string) =>
          raw.sales.update(sale.id, { status: 'succeeded', card: card(last4) }, 4_000);
        const firstPaid = await paidBy(first, '4242');
        await paidBy(partA, '1111');
        await paidBy(partB, '4242');
        const secondRead = await raw.sales.findById(second.id);
        const third = await paidBy(await insertSale(m, { createdAtMs: 2_000 }), '4242');
        const early = await paidBy(await insertSale(m, { createdAtMs: 500 }), '4242');
        await paidBy(await insertSale(stranger, { createdAtMs: 2_000 }), '4242');
        // Newest first, ties by id (the third sale's id is after the second's); since is inclusive.
        expect(await repos.sales.listByCardLast4(m.location.id, '4242', 1_000, 10)).toStrictEqual([
          third,
          secondRead,
          firstPaid,
        ]);
        expect((await repos.sales.listByCardLast4(m.location.id, '4242', 0, 10)).at(-1)).toStrictEqual(early);
        expect(await repos.sales.listByCardLast4(m.location.id, '4242', 0, 2)).toHaveLength(2);
        expect(
          (await repos.sales.listByCardLast4(m.location.id, '1111', 0, 10)).map((s) => s.id),
        ).toStrictEqual([second.id]);
        expect(await repos.sales.listByCardLast4(m.location.id, '0000', 0, 10)).toStrictEqual([]);
      });

      it('findInFlight: the register’s newest unfinished sale', async () => {
        const m = await merchant();
        expect(await repos.sales.findInFlight(m.register.id)).toBeUndefined();
        await insertSale(m, { id: 'sale_a', createdAtMs: 1_000 });
        const b = await insertSale(m, { id: 'sale_b', createdAtMs: 2_000 });
        const done = await insertSale(m, { id: 'sale_c', createdAtMs: 3_000 });
        await raw.sales.update(done.id, { status: 'canceled' }, 3_000);
        expect((await repos.sales.findInFlight(m.register.id))?.id).toBe(b.id);
        await raw.sales.update(b.id, { status: 'payment_failed' }, 3_500);
        expect((await repos.sales.findInFlight(m.register.id))?.status).toBe('payment_failed');
        await raw.sales.update(b.id, { status: 'succeeded' }, 4_000);
        expect((await repos.sales.findInFlight(m.register.id))?.id).toBe('sale_a');
      });

      it('listByRegisterSince: newest first (ties by id), since inclusive, staff filter, limit', async () => {
        const m = await merchant();
        const other = await addStaff(m.account, [m.location]);
        await insertSale(m, { id: 'sale_1', createdAtMs: 999 });
        await insertSale(m, { id: 'sale_2', createdAtMs: 1_000 });
        await insertSale(m, { id: 'sale_4', createdAtMs: 2_000, staffId: other.id });
        await insertSale(m, { id: 'sale_3', createdAtMs: 2_000 });
        await insertSale(m, { id: 'sale_5', createdAtMs: 3_000 });
        const ids = (sales: SaleRecord[]) => sales.map((sale) => sale.id);
        expect(ids(await repos.sales.listByRegisterSince(m.register.id, 1_000))).toStrictEqual([
          'sale_5',
          'sale_4',
          'sale_3',
          'sale_2',
        ]);
        expect(
          ids(await repos.sales.listByRegisterSince(m.register.id, 1_000, { staffId: m.staff.id })),
        ).toStrictEqual(['sale_5', 'sale_3', 'sale_2']);
        expect(ids(await repos.sales.listByRegisterSince(m.register.id, 0, { limit: 2 }))).toStrictEqual([
          'sale_5',
          'sale_4',
        ]);
        expect(await repos.sales.listByRegisterSince('reg_none', 0)).toStrictEqual([]);
      });

      it('recordReceiptSent and countReceiptsSent', async () => {
        const m = await merchant();
        const sale = await insertSale(m);
        const other = await insertSale(m);
        expect(await repos.sales.countReceiptsSent(sale.id)).toBe(0);
        await repos.sales.recordReceiptSent(sale.id, 'a@example.com', 1_000);
        await repos.sales.recordReceiptSent(sale.id, 'a@example.com', 2_000);
        await repos.sales.recordReceiptSent(other.id, 'b@example.com', 2_000);
        expect(await repos.sales.countReceiptsSent(sale.id)).toBe(2);
      });

      it('lockForUpdate runs inside a transaction (known or unknown sale) and changes nothing', async () => {
        const m = await merchant();
        const sale = await insertSale(m);
        const seen = await db.transaction(async (tx) => {
          await tx.sales.lockForUpdate(sale.id);
          await tx.sales.lockForUpdate('sale_unknown');
          return tx.sales.findById(sale.id);
        });
        expect(seen).toStrictEqual(sale);
      });
    });

    // payments ---------------------------------------------------------------------------------------

    describe('payments', () => {
      it('insert numbers attempts per sale; listBySale by attempt number; latestForSale the last one', async () => {
        const m = await merchant();
        const reader = await buildReader(ctx(), m.location);
        const sale = await insertSale(m);
        const otherSale = await insertSale(m);
        const attempt = (id: string) => ({
          id,
          saleId: sale.id,
          attemptKey: `key-${id}`,
          readerId: reader.id,
          integration: 'js_sdk' as const,
        });
        // Ids and times chosen so that neither sorts like the journal order.
        const c = await repos.payments.insert(attempt('pa_c'), 5_000);
        const a = await repos.payments.insert(attempt('pa_a'), 5_000);
        await repos.payments.insert({ ...attempt('pa_x'), saleId: otherSale.id }, 1_000);
        const b = await repos.payments.insert(attempt('pa_b'), 4_000);
        expect(c).toStrictEqual({
          id: 'pa_c',
          saleId: sale.id,
          attemptKey: 'key-pa_c',
          paymentIntentId: null,
          readerId: reader.id,
          integration: 'js_sdk',
          status: 'pending',
          errorCode: null,
          declineCode: null,
          errorMessage: null,
          failedChargeId: null,
          createdAtMs: 5_000,
          updatedAtMs: 5_000,
        });
        expect(await repos.payments.findById('pa_c')).toStrictEqual(c);
        expect(await repos.payments.findByAttemptKey('key-pa_a')).toStrictEqual(a);
        expect(await repos.payments.findById('pa_none')).toBeUndefined();
        expect(await repos.payments.findByAttemptKey('key-none')).toBeUndefined();
        expect(await repos.payments.listBySale(sale.id)).toStrictEqual([c, a, b]);
        expect(await repos.payments.latestForSale(sale.id)).toStrictEqual(b);
        expect(await repos.payments.latestForSale('sale_none')).toBeUndefined();
        expect(await repos.payments.listBySale('sale_none')).toStrictEqual([]);
      });

      it('update changes the patched fields only and returns what findById reads', async () => {
        const m = await merchant();
        const reader = await buildReader(ctx(), m.location);
        const sale = await insertSale(m);
        const attempt = await raw.payments.insert(
          {
            id: 'pa_1',
            saleId: sale.id,
            attemptKey: 'k1',
            readerId: reader.id,
            integration: 'server_driven',
          },
          1_000,
        );
        const started = await repos.payments.update(
          'pa_1',
          { paymentIntentId: 'pi_1', status: 'started' },
          2_000,
        );
        expect(started).toStrictEqual({
          ...attempt,
          paymentIntentId: 'pi_1',
          status: 'started',
          updatedAtMs: 2_000,
        });
        expect(await repos.payments.findById('pa_1')).toStrictEqual(started);
        const failed = await repos.payments.update(
          'pa_1',
          {
            status: 'failed',
            errorCode: 'card_declined',
            declineCode: 'insufficient_funds',
            errorMessage: 'Declined',
            failedChargeId: 'ch_failed',
          },
          3_000,
        );
        expect(failed).toStrictEqual({
          ...started,
          status: 'failed',
          errorCode: 'card_declined',
          declineCode: 'insufficient_funds',
          errorMessage: 'Declined',
          failedChargeId: 'ch_failed',
          updatedAtMs: 3_000,
        });
        expect(await repos.payments.findById('pa_1')).toStrictEqual(failed);
        await expect(repos.payments.update('pa_none', { status: 'failed' }, 1)).rejects.toThrow(
          /No payment attempt/,
        );
      });
    });

    // webhook events ---------------------------------------------------------------------------------

    describe('webhookEvents', () => {
      it('claim is true once per event id, then false; has and count follow', async () => {
        expect(await repos.webhookEvents.count()).toBe(0);
        expect(await repos.webhookEvents.has('evt_1')).toBe(false);
        expect(await repos.webhookEvents.claim('evt_1', 'payment_intent.succeeded', 'acct_1', 1_000)).toBe(
          true,
        );
        expect(await repos.webhookEvents.claim('evt_1', 'payment_intent.succeeded', 'acct_1', 2_000)).toBe(
          false,
        );
        expect(await repos.webhookEvents.claim('evt_2', 'account.updated', null, 2_000)).toBe(true);
        expect(await repos.webhookEvents.has('evt_1')).toBe(true);
        expect(await repos.webhookEvents.count()).toBe(2);
      });

      it('a claim inside a transaction that throws is undone', async () => {
        await expect(
          db.transaction(async (tx) => {
            expect(await tx.webhookEvents.claim('evt_1', 'x', null, 1_000)).toBe(true);
            throw new Error('effects failed');
          }),
        ).rejects.toThrow('effects failed');
        expect(await repos.webhookEvents.has('evt_1')).toBe(false);
        expect(await repos.webhookEvents.claim('evt_1', 'x', null, 2_000)).toBe(true);
      });
    });

    // reports ----------------------------------------------------------------------------------------

    describe('reports', () => {
      it('salesOfRegister: the register’s sales in [start, end), oldest first, with lines; cardPartsOf by sale; cardPaymentsInWindow: charged sales and card parts', async () => {
        const m = await merchant();
        const otherRegister = await buildRegister(ctx(), m.location);
        const elsewhere = await buildLocation(ctx(), m.account, { timeZone: 'UTC' });
        const line = {
          position: 0,
          productId: null,
          description: 'Croissant',
          quantity: 2,
          unitPriceMinor: 500,
          amountMinor: 1_000,
        };
        const b = await paidSale(m, { id: 'sale_b', createdAtMs: 2_000, lines: [line] });
        const a = await insertSale(m, { id: 'sale_a', createdAtMs: 2_000 });
        const c = await insertSale(m, { id: 'sale_c', createdAtMs: 1_000 });
        await insertSale(m, { id: 'sale_d', createdAtMs: 3_000 });
        await insertSale(m, { id: 'sale_e', registerId: otherRegister.id, createdAtMs: 2_000 });
        const part = (id: string, createdAtMs: number) =>
          insertSale(m, { id, kind: 'card_part', parentSaleId: a.id, createdAtMs, totalMinor: 500 });
        await part('sale_p2', 2_500);
        await part('sale_p1', 2_500);
        await part('sale_p0', 2_100);
        const read = async (id: string) => {
          const sale = await raw.reports.findSale(id);
          if (!sale) throw new Error(`no sale ${id}`);
          return sale;
        };
        const [readA, readB, readC] = [await read(a.id), await read(b.id), await read(c.id)];
        expect(readB.lines).toHaveLength(1);
        expect(await repos.reports.salesOfRegister(m.register.id, 1_000, 3_000)).toStrictEqual([
          readC,
          readA,
          readB,
        ]);
        expect(await repos.reports.salesOfRegister(m.register.id, 1_001, 2_001)).toStrictEqual([
          readA,
          readB,
        ]);
        expect(await repos.reports.salesOfRegister(m.register.id, 0, 1_000)).toStrictEqual([]);

        const parts = [await read('sale_p0'), await read('sale_p1'), await read('sale_p2')];
        expect(await repos.reports.cardPartsOf([a.id, b.id, 'sale_none'])).toStrictEqual(
          new Map([[a.id, parts]]),
        );
        expect(await repos.reports.cardPartsOf([])).toStrictEqual(new Map());

        const there = { ...m, location: elsewhere, register: await buildRegister(ctx(), elsewhere) };
        await paidSale(there, { id: 'sale_x', createdAtMs: 2_000 });
        expect(
          (await repos.reports.cardPaymentsInWindow(m.account.id, [m.location.id], 1_000, 3_000)).map(
            (sale) => sale.id,
          ),
        ).toStrictEqual(['sale_b', 'sale_p0', 'sale_p1', 'sale_p2']);
        expect(
          await repos.reports.cardPaymentsInWindow(m.account.id, [m.location.id], 2_000, 2_500),
        ).toStrictEqual([{ ...readB, lines: [] }, parts[0]]);
        expect(
          (
            await repos.reports.cardPaymentsInWindow(
              m.account.id,
              [m.location.id, elsewhere.id],
              2_000,
              2_001,
            )
          ).map((sale) => sale.id),
        ).toStrictEqual(['sale_b', 'sale_x']);
        expect(await repos.reports.cardPaymentsInWindow(m.account.id, [], 0, 9_000)).toStrictEqual([]);
      });

      it('salesInWindow: the locations’ sales in [start, end), oldest first, with lines', async () => {
        const m = await merchant();
        const second = await buildLocation(ctx(), m.account);
        const third = await buildLocation(ctx(), m.account);
        const other = await merchant();
        const line = (position: number, amountMinor: number) => ({
          position,
          productId: null,
          description: `Item ${position}`,
          quantity: 1,
          unitPriceMinor: amountMinor,
          amountMinor,
        });
        await insertSale(m, { id: 'sale_before', createdAtMs: 999 });
        await insertSale(m, { id: 'sale_start', createdAtMs: 1_000, lines: [line(1, 300), line(0, 700)] });
        await insertSale(m, { id: 'sale_b', createdAtMs: 1_500, locationId: second.id });
        await insertSale(m, { id: 'sale_a', createdAtMs: 1_500 });
        await insertSale(m, { id: 'sale_third', createdAtMs: 1_500, locationId: third.id });
        await insertSale(m, { id: 'sale_last', createdAtMs: 1_999 });
        await insertSale(m, { id: 'sale_end', createdAtMs: 2_000 });
        await insertSale(other, { id: 'sale_other', createdAtMs: 1_500 });
        const sales = await repos.reports.salesInWindow(
          m.account.id,
          [m.location.id, second.id],
          1_000,
          2_000,
        );
        expect(sales.map((sale) => sale.id)).toStrictEqual(['sale_start', 'sale_a', 'sale_b', 'sale_last']);
        expect(sales[0]).toStrictEqual({
          id: 'sale_start',
          accountId: m.account.id,
          locationId: m.location.id,
          staffId: m.staff.id,
          status: 'open',
          currency: 'usd',
          subtotalMinor: 1_000,
          taxMinor: 0,
          tipMinor: 0,
          totalMinor: 1_000,
          applicationFeeMinor: 25,
          stripeFeeMinor: null,
          balanceTransactionId: null,
          paymentIntentId: null,
          chargeId: null,
          cardBrand: null,
          cardLast4: null,
          readMethod: null,
          createdAtMs: 1_000,
          capturedAtMs: null,
          discountMinor: 0,
          saleDiscount: null,
          taxIncluded: false,
          kind: 'sale',
          parentSaleId: null,
          receiptNumber: expect.stringMatching(new RegExp(`^${m.register.code}-\\d+$`)),
          lines: [
            { productId: null, description: 'Item 0', quantity: 1, unitPriceMinor: 700, amountMinor: 700 },
            { productId: null, description: 'Item 1', quantity: 1, unitPriceMinor: 300, amountMinor: 300 },
          ].map((line) => ({
            ...line,
            variantId: null,
            modifiers: [],
            discountMinor: 0,
            lineDiscount: null,
          })),
        });
        expect(sales[1]?.lines).toStrictEqual([]);
        expect(await repos.reports.salesInWindow(m.account.id, [], 0, 10_000)).toStrictEqual([]);
        // Another account's location in the list does not bring its sales.
        expect(
          (await repos.reports.salesInWindow(m.account.id, [other.location.id], 0, 10_000)).map((s) => s.id),
        ).toStrictEqual([]);
      });

      it('findSale reads one sale with its card and lines; recordStripeFee fills fee and balance transaction', async () => {
        const m = await merchant();
        const sale = await paidSale(m, { id: 'sale_p', createdAtMs: 1_000 });
        expect(await repos.reports.findSale('sale_p')).toStrictEqual({
          id: 'sale_p',
          accountId: m.account.id,
          locationId: m.location.id,
          staffId: m.staff.id,
          status: 'succeeded',
          currency: 'usd',
          subtotalMinor: 1_000,
          taxMinor: 0,
          tipMinor: 0,
          totalMinor: 1_000,
          applicationFeeMinor: 25,
          stripeFeeMinor: null,
          balanceTransactionId: null,
          paymentIntentId: 'pi_sale_p',
          chargeId: 'ch_sale_p',
          cardBrand: 'visa',
          cardLast4: '4242',
          readMethod: 'contactless_emv',
          createdAtMs: 1_000,
          capturedAtMs: 2_000,
          discountMinor: 0,
          saleDiscount: null,
          taxIncluded: false,
          kind: 'sale',
          parentSaleId: null,
          receiptNumber: `${m.register.code}-1`,
          lines: [],
        });
        await repos.reports.recordStripeFee(sale.id, 59, 'txn_1');
        const found = await repos.reports.findSale('sale_p');
        expect(found?.stripeFeeMinor).toBe(59);
        expect(found?.balanceTransactionId).toBe('txn_1');
        expect(await repos.reports.findSale('sale_none')).toBeUndefined();
      });

      it('searchSales: newest first, ties by id, keyset pages, and each filter', async () => {
        const m = await merchant();
        const other = await addStaff(m.account, [m.location]);
        await insertSale(m, { id: 'sale_1', createdAtMs: 1_000, totalMinor: 500 });
        await insertSale(m, { id: 'sale_3', createdAtMs: 2_000, totalMinor: 700, staffId: other.id });
        await insertSale(m, { id: 'sale_2', createdAtMs: 2_000, totalMinor: 500 });
        await paidSale(m, { id: 'sale_4', createdAtMs: 3_000, totalMinor: 900 });
        await insertSale(m, { id: 'sale_5', createdAtMs: 4_000 });
        const base = { accountId: m.account.id, locationIds: [m.location.id], startMs: 1_000, endMs: 4_000 };
        const ids = (page: { sales: { id: string }[]; hasMore: boolean }) => ({
          ids: page.sales.map((sale) => sale.id),
          hasMore: page.hasMore,
        });
        const page1 = await repos.reports.searchSales({ ...base, limit: 2 });
        expect(ids(page1)).toStrictEqual({ ids: ['sale_4', 'sale_3'], hasMore: true });
        const last = page1.sales[1];
        if (!last) throw new Error('no page');
        const page2 = await repos.reports.searchSales({
          ...base,
          limit: 2,
          after: { createdAtMs: last.createdAtMs, id: last.id },
        });
        expect(ids(page2)).toStrictEqual({ ids: ['sale_2', 'sale_1'], hasMore: false });
        expect(
          ids(await repos.reports.searchSales({ ...base, limit: 10, status: 'succeeded' })),
        ).toStrictEqual({
          ids: ['sale_4'],
          hasMore: false,
        });
        expect(ids(await repos.reports.searchSales({ ...base, limit: 10, staffId: other.id }))).toStrictEqual(
          {
            ids: ['sale_3'],
            hasMore: false,
          },
        );
        expect(ids(await repos.reports.searchSales({ ...base, limit: 10, last4: '4242' }))).toStrictEqual({
          ids: ['sale_4'],
          hasMore: false,
        });
        expect(ids(await repos.reports.searchSales({ ...base, limit: 10, amountMinor: 500 }))).toStrictEqual({
          ids: ['sale_2', 'sale_1'],
          hasMore: false,
        });
        expect(await repos.reports.searchSales({ ...base, locationIds: [], limit: 10 })).toStrictEqual({
          sales: [],
          hasMore: false,
        });
      });

      it('insertRefundLines and refundLinesOfSale (by refund, then position); refundsOfRegister in [start, end), oldest first', async () => {
        const m = await merchant();
        const otherRegister = await buildRegister(ctx(), m.location);
        const sale = await paidSale(m);
        const other = await paidSale(m);
        const counter = (id: string, registerId: string | null) =>
          refundOf(sale.id, {
            id,
            method: 'cash',
            status: 'succeeded',
            stripeIdempotencyKey: null,
            registerId,
          });
        const r2 = await raw.refunds.insertRefund(counter('rfd_b', m.register.id), 2_000);
        const r1 = await raw.refunds.insertRefund(counter('rfd_a', m.register.id), 2_000);
        const r3 = await raw.refunds.insertRefund(counter('rfd_c', m.register.id), 1_000);
        await raw.refunds.insertRefund(counter('rfd_d', m.register.id), 3_000);
        await raw.refunds.insertRefund(counter('rfd_e', otherRegister.id), 2_000);
        await raw.refunds.insertRefund(counter('rfd_f', null), 2_000);
        expect(r1.registerId).toBe(m.register.id);
        expect(await repos.refunds.refundsOfRegister(m.register.id, 1_000, 3_000)).toStrictEqual([
          r3,
          r1,
          r2,
        ]);
        expect(await repos.refunds.refundsOfRegister(m.register.id, 1_001, 2_001)).toStrictEqual([r1, r2]);
        expect(await repos.refunds.refundsOfRegister(m.register.id, 0, 1_000)).toStrictEqual([]);

        const line = (refundId: string, saleId: string, position: number, quantity: number) => ({
          refundId,
          saleId,
          position,
          quantity,
          amountMinor: 100 * quantity,
          taxMinor: 8 * quantity,
        });
        await repos.refunds.insertRefundLines([
          line('rfd_b', sale.id, 2, 1),
          line('rfd_b', sale.id, 0, 3),
          line('rfd_a', sale.id, 1, 2),
        ]);
        await repos.refunds.insertRefundLines([]);
        await repos.refunds.insertRefundLines([line('rfd_c', other.id, 0, 1)]);
        expect(await repos.refunds.refundLinesOfSale(sale.id)).toStrictEqual([
          line('rfd_a', sale.id, 1, 2),
          line('rfd_b', sale.id, 0, 3),
          line('rfd_b', sale.id, 2, 1),
        ]);
        expect(await repos.refunds.refundLinesOfSale(other.id)).toStrictEqual([
          line('rfd_c', other.id, 0, 1),
        ]);
        expect(await repos.refunds.refundLinesOfSale('sale_none')).toStrictEqual([]);
        // A refund lists a line once.
        await expect(repos.refunds.insertRefundLines([line('rfd_a', sale.id, 1, 1)])).rejects.toThrow();
      });

      it('insertRefund journals a pending refund with the sale’s location; finders read it back', async () => {
        const m = await merchant();
        const sale = await paidSale(m, { id: 'sale_r' });
        const refund = await repos.refunds.insertRefund(
          refundOf(sale.id, {
            id: 'rfd_1',
            refundKey: 'key-1',
            amountMinor: 400,
            requestedByStaffId: m.staff.id,
          }),
          5_000,
        );
        expect(refund).toStrictEqual({
          id: 'rfd_1',
          saleId: sale.id,
          refundKey: 'key-1',
          stripeIdempotencyKey: 'acct-refund_rfd_1',
          stripeRefundId: null,
          amountMinor: 400,
          applicationFeeRefundedMinor: 0,
          reason: 'requested_by_customer',
          status: 'pending',
          requestedByStaffId: m.staff.id,
          requestedByUserId: null,
          requestedByLabel: 'Owner',
          failureMessage: null,
          createdAtMs: 5_000,
          locationId: m.location.id,
          accountId: m.account.id,
          currency: 'usd',
          method: 'card',
          tenderId: null,
          taxMinor: 0,
          approvedByStaffId: null,
          registerId: null,
          ticketSaleId: sale.id,
        });
        expect(await repos.refunds.findRefund('rfd_1')).toStrictEqual(refund);
        expect(await repos.refunds.findRefundByKey(m.account.id, 'key-1')).toStrictEqual(refund);
        expect(await repos.refunds.findRefund('rfd_none')).toBeUndefined();
        expect(await repos.refunds.findRefundByKey(m.account.id, 'key-none')).toBeUndefined();
        // Refund keys are scoped to the account.
        expect(await repos.refunds.findRefundByKey('acct_other', 'key-1')).toBeUndefined();
        // A refund key is used once within the account.
        await expect(
          repos.refunds.insertRefund(refundOf(sale.id, { id: 'rfd_2', refundKey: 'key-1' }), 5_000),
        ).rejects.toThrow();
      });

      it('updateRefund changes status and only the given fields (undefined keeps, null clears)', async () => {
        const m = await merchant();
        const sale = await paidSale(m);
        const pending = await raw.refunds.insertRefund(refundOf(sale.id, { id: 'rfd_1' }), 5_000);
        const succeeded = await repos.refunds.updateRefund(
          'rfd_1',
          { status: 'succeeded', stripeRefundId: 're_1', applicationFeeRefundedMinor: 12 },
          6_000,
        );
        expect(succeeded).toStrictEqual({
          ...pending,
          status: 'succeeded',
          stripeRefundId: 're_1',
          applicationFeeRefundedMinor: 12,
        });
        expect(await repos.refunds.findRefundByStripeId('re_1')).toStrictEqual(succeeded);
        expect(await repos.refunds.findRefundByStripeId('re_none')).toBeUndefined();
        const failed = await repos.refunds.updateRefund(
          'rfd_1',
          { status: 'failed', failureMessage: 'Lost' },
          7_000,
        );
        expect(failed).toStrictEqual({ ...succeeded, status: 'failed', failureMessage: 'Lost' });
        const cleared = await repos.refunds.updateRefund(
          'rfd_1',
          { status: 'canceled', stripeRefundId: null, failureMessage: null },
          8_000,
        );
        expect(cleared).toStrictEqual({
          ...failed,
          status: 'canceled',
          stripeRefundId: null,
          failureMessage: null,
        });
        expect(await repos.refunds.findRefund('rfd_1')).toStrictEqual(cleared);
        await expect(repos.refunds.updateRefund('rfd_none', { status: 'failed' }, 1)).rejects.toThrow(
          /No refund/,
        );
      });

      it('refundsInWindow, refundsOfSales (oldest first) and refundedTotals (pending and succeeded only)', async () => {
        const m = await merchant();
        const second = await buildLocation(ctx(), m.account);
        const other = await merchant();
        const a = await paidSale(m, { id: 'sale_a', totalMinor: 5_000 });
        const b = await paidSale(m, { id: 'sale_b', locationId: second.id, totalMinor: 5_000 });
        const o = await paidSale(other, { id: 'sale_o' });
        const journal = async (saleId: string, id: string, atMs: number, amountMinor: number) =>
          raw.refunds.insertRefund(refundOf(saleId, { id, amountMinor }), atMs);
        await journal(a.id, 'rfd_early', 999, 100);
        await journal(a.id, 'rfd_2', 1_000, 200);
        await journal(a.id, 'rfd_1', 1_000, 300);
        await journal(b.id, 'rfd_b', 1_500, 400);
        await journal(a.id, 'rfd_end', 2_000, 500);
        await journal(o.id, 'rfd_o', 1_500, 100);
        await raw.refunds.updateRefund('rfd_2', { status: 'failed' }, 3_000);
        await raw.refunds.updateRefund('rfd_end', { status: 'succeeded' }, 3_000);
        await raw.refunds.updateRefund('rfd_b', { status: 'canceled' }, 3_000);

        const inWindow = await repos.refunds.refundsInWindow(
          m.account.id,
          [m.location.id, second.id],
          1_000,
          2_000,
        );
        expect(inWindow.map((refund) => refund.id)).toStrictEqual(['rfd_1', 'rfd_2', 'rfd_b']);
        expect(inWindow[2]?.locationId).toBe(second.id);
        expect(await repos.refunds.refundsInWindow(m.account.id, [], 0, 10_000)).toStrictEqual([]);
        expect(
          (await repos.refunds.refundsInWindow(m.account.id, [other.location.id], 0, 10_000)).map(
            (r) => r.id,
          ),
        ).toStrictEqual([]);

        expect((await repos.refunds.refundsOfSales([a.id, b.id])).map((refund) => refund.id)).toStrictEqual([
          'rfd_early',
          'rfd_1',
          'rfd_2',
          'rfd_b',
          'rfd_end',
        ]);
        expect(await repos.refunds.refundsOfSales([])).toStrictEqual([]);

        const totals = await repos.refunds.refundedTotals([a.id, b.id, o.id, 'sale_none']);
        expect(totals).toStrictEqual(
          new Map([
            [a.id, 100 + 300 + 500],
            [o.id, 100],
          ]),
        );
      });

      it('uncapturedSales: the locations’ sales awaiting capture, oldest first', async () => {
        const m = await merchant();
        const other = await merchant();
        const s1 = await insertSale(m, { id: 'sale_2', createdAtMs: 2_000 });
        const s2 = await insertSale(m, { id: 'sale_1', createdAtMs: 3_000 });
        const s3 = await insertSale(m, { id: 'sale_3', createdAtMs: 1_000 });
        const o = await insertSale(other, { id: 'sale_o', createdAtMs: 1_000 });
        for (const sale of [s1, s2, o])
          await raw.sales.update(sale.id, { status: 'requires_capture' }, 4_000);
        await raw.sales.update(s3.id, { status: 'succeeded' }, 4_000);
        const uncaptured = await repos.reports.uncapturedSales(m.account.id, [
          m.location.id,
          other.location.id,
        ]);
        expect(uncaptured.map((sale) => sale.id)).toStrictEqual(['sale_2', 'sale_1']);
        expect(uncaptured[0]?.status).toBe('requires_capture');
        expect(await repos.reports.uncapturedSales(m.account.id, [])).toStrictEqual([]);
      });

      it('salesMissingStripeFee and accountsMissingStripeFees: captured charges without Stripe’s fee', async () => {
        const m = await merchant();
        const other = await merchant();
        await paidSale(m, { id: 'sale_a', createdAtMs: 1_000 });
        const b = await paidSale(m, { id: 'sale_b', createdAtMs: 1_500 });
        await paidSale(m, { id: 'sale_c', createdAtMs: 2_000 });
        await paidSale(m, { id: 'sale_old', createdAtMs: 500 });
        // Not captured, or no charge: not missing anything.
        await insertSale(m, { id: 'sale_open', createdAtMs: 1_200 });
        await paidSale(m, { id: 'sale_nocharge', createdAtMs: 1_300 }, { patch: { chargeId: null } });
        const refunded = await paidSale(m, { id: 'sale_refunded', createdAtMs: 1_700 });
        await raw.sales.update(refunded.id, { status: 'refunded' }, 5_000);
        await paidSale(other, { id: 'sale_o', createdAtMs: 3_000 });
        await raw.reports.recordStripeFee(b.id, 30, 'txn_b');

        const missing = await repos.reports.salesMissingStripeFee(m.account.id, 1_000, 2_000);
        expect(missing.map((sale) => sale.id).sort()).toStrictEqual(['sale_a', 'sale_refunded']);
        expect(missing.every((sale) => sale.lines.length === 0 && sale.stripeFeeMinor === null)).toBe(true);

        expect(await repos.reports.accountsMissingStripeFees(1_000)).toStrictEqual(
          [
            { accountId: m.account.id, fromMs: 1_000, toMs: 2_000 },
            { accountId: other.account.id, fromMs: 3_000, toMs: 3_000 },
          ].sort((x, y) => (x.accountId < y.accountId ? -1 : 1)),
        );
        expect(await repos.reports.accountsMissingStripeFees(10_000)).toStrictEqual([]);
      });

      it('pendingRefunds: pending with a Stripe id, made before the cutoff, oldest first', async () => {
        const m = await merchant();
        const sale = await paidSale(m, { totalMinor: 10_000 });
        const journal = async (
          id: string,
          atMs: number,
          stripeRefundId: string | null,
          status = 'pending',
        ) => {
          await raw.refunds.insertRefund(refundOf(sale.id, { id }), atMs);
          if (stripeRefundId !== null || status !== 'pending') {
            await raw.refunds.updateRefund(
              id,
              { status: status === 'pending' ? 'pending' : 'succeeded', stripeRefundId },
              atMs,
            );
          }
        };
        await journal('rfd_b', 1_000, 're_b');
        await journal('rfd_a', 1_000, 're_a');
        await journal('rfd_c', 500, 're_c');
        await journal('rfd_nostripe', 500, null);
        await journal('rfd_done', 500, 're_done', 'succeeded');
        await journal('rfd_late', 2_000, 're_late');
        expect((await repos.refunds.pendingRefunds(2_000)).map((refund) => refund.id)).toStrictEqual([
          'rfd_c',
          'rfd_a',
          'rfd_b',
        ]);
      });

      it('refundsReturnApplicationFee: true by default; set only once the platform row exists', async () => {
        expect(await repos.refunds.refundsReturnApplicationFee()).toBe(true);
        await repos.refunds.setRefundsReturnApplicationFee(false);
        // No platform row yet: nothing to update.
        expect(await repos.refunds.refundsReturnApplicationFee()).toBe(true);
        await raw.platform.save({ name: 'Countertop', stripeAccountId: null }, 1_000);
        expect(await repos.refunds.refundsReturnApplicationFee()).toBe(true);
        await repos.refunds.setRefundsReturnApplicationFee(false);
        expect(await repos.refunds.refundsReturnApplicationFee()).toBe(false);
        await repos.refunds.setRefundsReturnApplicationFee(true);
        expect(await repos.refunds.refundsReturnApplicationFee()).toBe(true);
      });

      it('saleIdsOfStripeObjects maps the account’s charge and refund ids to sales; staffNames by id', async () => {
        const m = await merchant();
        const other = await merchant();
        const a = await paidSale(m, { id: 'sale_a' });
        const b = await paidSale(m, { id: 'sale_b' });
        const o = await paidSale(other, { id: 'sale_o' });
        await raw.refunds.insertRefund(refundOf(b.id, { id: 'rfd_b' }), 1_000);
        await raw.refunds.updateRefund('rfd_b', { status: 'succeeded', stripeRefundId: 're_b' }, 1_000);
        const found = await repos.reports.saleIdsOfStripeObjects(m.account.id, [
          'ch_sale_a',
          're_b',
          'ch_sale_o',
          'ch_unknown',
        ]);
        expect(found).toStrictEqual(
          new Map([
            ['ch_sale_a', a.id],
            ['re_b', b.id],
          ]),
        );
        expect(o.chargeId).toBe('ch_sale_o');
        expect(await repos.reports.saleIdsOfStripeObjects(m.account.id, [])).toStrictEqual(new Map());

        const extra = await addStaff(m.account, [m.location], { displayName: 'Ana' });
        expect(await repos.reports.staffNames(m.account.id)).toStrictEqual(
          new Map([
            [m.staff.id, m.staff.displayName],
            [extra.id, 'Ana'],
          ]),
        );
        expect(await repos.reports.staffNames('acc_none')).toStrictEqual(new Map());
      });
    });

    // recovery ---------------------------------------------------------------------------------------

    describe('recovery', () => {
      it('listUnfinishedSales: sales being paid, last touched at or before the cutoff, with their attempts', async () => {
        const m = await merchant();
        const reader = await buildReader(ctx(), m.location);
        const attempt = (id: string, saleId: string) => ({
          id,
          saleId,
          attemptKey: `key-${id}`,
          readerId: reader.id,
          integration: 'js_sdk' as const,
        });
        const s1 = await insertSale(m, { id: 'sale_1', createdAtMs: 1_000 });
        await raw.payments.insert(attempt('pa_1', s1.id), 1_100);
        await raw.payments.insert(attempt('pa_2', s1.id), 1_200);
        await raw.payments.update('pa_2', { paymentIntentId: 'pi_2', status: 'started' }, 1_250);
        await raw.sales.update(s1.id, { status: 'awaiting_payment' }, 1_300);
        const s2 = await insertSale(m, { id: 'sale_2', createdAtMs: 2_000 });
        await raw.sales.update(s2.id, { status: 'payment_failed' }, 2_100);
        const s3 = await insertSale(m, { id: 'sale_3', createdAtMs: 3_000 });
        await raw.payments.insert(attempt('pa_3', s3.id), 3_100);
        await raw.payments.update('pa_3', { status: 'start_failed', errorCode: 'stripe_unavailable' }, 3_150);
        await raw.sales.update(s3.id, { status: 'processing' }, 3_200);
        await insertSale(m, { id: 'sale_open', createdAtMs: 1_000 });
        const done = await insertSale(m, { id: 'sale_done', createdAtMs: 1_000 });
        await raw.sales.update(done.id, { status: 'succeeded' }, 1_000);
        const late = await insertSale(m, { id: 'sale_late', createdAtMs: 1_000 });
        await raw.sales.update(late.id, { status: 'requires_capture' }, 9_000);

        expect(await repos.recovery.listUnfinishedSales(3_200)).toStrictEqual([
          {
            id: 'sale_1',
            accountId: m.account.id,
            status: 'awaiting_payment',
            paymentIntentId: null,
            createdAtMs: 1_000,
            updatedAtMs: 1_300,
            oldestUnresolvedAttemptMs: 1_100,
            lastActivityMs: 1_200,
            attempts: 2,
          },
          {
            id: 'sale_2',
            accountId: m.account.id,
            status: 'payment_failed',
            paymentIntentId: null,
            createdAtMs: 2_000,
            updatedAtMs: 2_100,
            oldestUnresolvedAttemptMs: null,
            lastActivityMs: 2_000,
            attempts: 0,
          },
          {
            id: 'sale_3',
            accountId: m.account.id,
            status: 'processing',
            paymentIntentId: null,
            createdAtMs: 3_000,
            updatedAtMs: 3_200,
            oldestUnresolvedAttemptMs: 3_100,
            lastActivityMs: 3_100,
            attempts: 1,
          },
        ]);
        expect((await repos.recovery.listUnfinishedSales(3_199)).map((sale) => sale.id)).toStrictEqual([
          'sale_1',
          'sale_2',
        ]);
        expect((await repos.recovery.listUnfinishedSales(9_000)).map((sale) => sale.id)).toContain(
          'sale_late',
        );
      });

      it('linkPaymentIntent links the sale and its attempts without one, once', async () => {
        const m = await merchant();
        const reader = await buildReader(ctx(), m.location);
        const sale = await insertSale(m, { id: 'sale_1', createdAtMs: 1_000 });
        const base = { saleId: sale.id, readerId: reader.id, integration: 'js_sdk' as const };
        await raw.payments.insert({ ...base, id: 'pa_1', attemptKey: 'k1' }, 1_100);
        await raw.payments.insert({ ...base, id: 'pa_2', attemptKey: 'k2' }, 1_200);
        await raw.payments.update('pa_2', { paymentIntentId: 'pi_other' }, 1_250);
        expect(await repos.recovery.linkPaymentIntent(sale.id, 'pi_found', 4_000)).toBe(true);
        const linked = await raw.sales.findById(sale.id);
        expect(linked?.paymentIntentId).toBe('pi_found');
        expect(linked?.updatedAtMs).toBe(4_000);
        expect((await raw.payments.findById('pa_1'))?.paymentIntentId).toBe('pi_found');
        expect((await raw.payments.findById('pa_1'))?.updatedAtMs).toBe(4_000);
        expect((await raw.payments.findById('pa_2'))?.paymentIntentId).toBe('pi_other');
        expect(await repos.recovery.linkPaymentIntent(sale.id, 'pi_again', 5_000)).toBe(false);
        expect((await raw.sales.findById(sale.id))?.paymentIntentId).toBe('pi_found');
      });

      it('cancelUnstartedSale cancels a sale without a PaymentIntent and its open attempts; false otherwise', async () => {
        const m = await merchant();
        const reader = await buildReader(ctx(), m.location);
        const sale = await insertSale(m, { id: 'sale_1' });
        await raw.sales.update(sale.id, { status: 'awaiting_payment' }, 1_000);
        const base = { saleId: sale.id, readerId: reader.id, integration: 'js_sdk' as const };
        await raw.payments.insert({ ...base, id: 'pa_1', attemptKey: 'k1' }, 1_100);
        await raw.payments.insert({ ...base, id: 'pa_2', attemptKey: 'k2' }, 1_200);
        await raw.payments.update('pa_2', { status: 'start_failed' }, 1_250);
        expect(await repos.recovery.cancelUnstartedSale(sale.id, 5_000)).toBe(true);
        expect((await raw.sales.findById(sale.id))?.status).toBe('canceled');
        expect((await raw.sales.findById(sale.id))?.updatedAtMs).toBe(5_000);
        expect((await raw.payments.findById('pa_1'))?.status).toBe('canceled');
        expect((await raw.payments.findById('pa_2'))?.status).toBe('start_failed');
        expect(await repos.recovery.cancelUnstartedSale(sale.id, 6_000)).toBe(false);

        const started = await insertSale(m, { id: 'sale_2' });
        await raw.sales.update(started.id, { status: 'awaiting_payment', paymentIntentId: 'pi_2' }, 1_000);
        expect(await repos.recovery.cancelUnstartedSale(started.id, 6_000)).toBe(false);
        const processing = await insertSale(m, { id: 'sale_3' });
        await raw.sales.update(processing.id, { status: 'processing' }, 1_000);
        expect(await repos.recovery.cancelUnstartedSale(processing.id, 6_000)).toBe(false);
        expect((await raw.sales.findById(processing.id))?.status).toBe('processing');
      });

      it('accountIdsWithSalesSince (distinct, sorted) and salePaymentIntents', async () => {
        const m = await merchant({ stripeAccountId: 'acct_rec_b' });
        const n = await merchant({ stripeAccountId: 'acct_rec_a' });
        const a = await insertSale(m, { createdAtMs: 1_000 });
        await insertSale(m, { createdAtMs: 2_000 });
        await insertSale(n, { createdAtMs: 999 });
        await raw.sales.update(a.id, { status: 'awaiting_payment', paymentIntentId: 'pi_a' }, 2_000);
        expect(await repos.recovery.accountIdsWithSalesSince(1_000)).toStrictEqual([m.account.id]);
        expect(await repos.recovery.accountIdsWithSalesSince(0)).toStrictEqual(
          [m.account.id, n.account.id].sort(),
        );
        const intents = await repos.recovery.salePaymentIntents(m.account.id);
        expect(intents.size).toBe(2);
        expect(intents.get(a.id)).toStrictEqual({ paymentIntentId: 'pi_a', status: 'awaiting_payment' });
        expect([...intents.values()].filter((v) => v.paymentIntentId === null)).toStrictEqual([
          { paymentIntentId: null, status: 'open' },
        ]);
        expect(await repos.recovery.salePaymentIntents('acc_none')).toStrictEqual(new Map());
      });

      it('recordAnomaly once per (kind, PaymentIntent); resolveAnomaly; listAnomalies newest first, filtered', async () => {
        const m = await merchant();
        const other = await merchant();
        const anomaly = (
          id: string,
          kind: 'duplicate_charge' | 'orphan_charge' | 'capture_deadline',
          pi: string,
        ) => ({
          id,
          kind,
          accountId: m.account.id,
          saleId: null,
          paymentIntentId: pi,
          chargeId: null,
          amountMinor: 1_000,
          currency: 'usd',
          deadlineS: null,
        });
        expect(
          await repos.recovery.recordAnomaly(
            { ...anomaly('anm_1', 'duplicate_charge', 'pi_1'), saleId: 'sale_x', chargeId: 'ch_1' },
            1_000,
          ),
        ).toBe(true);
        expect(
          await repos.recovery.recordAnomaly(anomaly('anm_dup', 'duplicate_charge', 'pi_1'), 2_000),
        ).toBe(false);
        expect(
          await repos.recovery.recordAnomaly(
            { ...anomaly('anm_2', 'capture_deadline', 'pi_1'), deadlineS: 1_768_000_000 },
            3_000,
          ),
        ).toBe(true);
        expect(
          await repos.recovery.recordAnomaly(
            { ...anomaly('anm_3', 'orphan_charge', 'pi_3'), accountId: other.account.id },
            3_000,
          ),
        ).toBe(true);

        const all = await repos.recovery.listAnomalies();
        expect(all.map((a) => a.id)).toStrictEqual(['anm_2', 'anm_3', 'anm_1']);
        expect(all[2]).toStrictEqual({
          id: 'anm_1',
          kind: 'duplicate_charge',
          accountId: m.account.id,
          saleId: 'sale_x',
          paymentIntentId: 'pi_1',
          chargeId: 'ch_1',
          amountMinor: 1_000,
          currency: 'usd',
          deadlineS: null,
          status: 'open',
          detectedAtMs: 1_000,
          resolvedAtMs: null,
        });
        expect(all[0]?.deadlineS).toBe(1_768_000_000);

        await repos.recovery.resolveAnomaly('duplicate_charge', 'pi_1', 4_000);
        await repos.recovery.resolveAnomaly('duplicate_charge', 'pi_1', 5_000);
        const resolved = await repos.recovery.listAnomalies({ status: 'resolved' });
        expect(resolved.map((a) => [a.id, a.status, a.resolvedAtMs])).toStrictEqual([
          ['anm_1', 'resolved', 4_000],
        ]);
        expect((await repos.recovery.listAnomalies({ status: 'open' })).map((a) => a.id)).toStrictEqual([
          'anm_2',
          'anm_3',
        ]);
        expect(
          (await repos.recovery.listAnomalies({ status: 'open', accountId: m.account.id })).map((a) => a.id),
        ).toStrictEqual(['anm_2']);
      });
    });

    // users ------------------------------------------------------------------------------------------

    describe('users', () => {
      it('insert lowercases the email; finders read the user back; credentials carry the password', async () => {
        const account = await buildAccount(ctx());
        const owner = await repos.users.insert(
          {
            id: 'usr_1',
            email: 'Owner@Shop.Example',
            role: 'merchant_owner',
            accountId: account.id,
            password: null,
            invitedAtMs: 500,
            activatedAtMs: null,
          },
          1_000,
        );
        expect(owner).toStrictEqual({
          id: 'usr_1',
          email: 'owner@shop.example',
          role: 'merchant_owner',
          accountId: account.id,
          active: true,
          invitedAtMs: 500,
          activatedAtMs: null,
          createdAtMs: 1_000,
        });
        expect(await repos.users.findById('usr_1')).toStrictEqual(owner);
        expect(await repos.users.findByEmail('OWNER@shop.example')).toStrictEqual(owner);
        expect(await repos.users.findCredentialsByEmail('owner@SHOP.example')).toStrictEqual({
          ...owner,
          passwordHash: null,
          passwordSalt: null,
        });
        expect(await repos.users.findById('usr_none')).toBeUndefined();
        expect(await repos.users.findByEmail('none@example.com')).toBeUndefined();
        expect(await repos.users.findCredentialsByEmail('none@example.com')).toBeUndefined();

        const admin = await repos.users.insert(
          {
            id: 'usr_2',
            email: 'admin@example.com',
            role: 'platform_admin',
            accountId: null,
            password: { hash: 'h', salt: 's' },
            invitedAtMs: null,
            activatedAtMs: 900,
          },
          1_000,
        );
        expect(admin.accountId).toBeNull();
        expect(await repos.users.findCredentialsByEmail('admin@example.com')).toStrictEqual({
          ...admin,
          passwordHash: 'h',
          passwordSalt: 's',
        });
      });

      it('listByAccount by creation then id; countActiveAdmins counts platform admins only', async () => {
        const account = await buildAccount(ctx());
        const other = await buildAccount(ctx());
        const owner = (id: string, accountId: string, atMs: number) =>
          repos.users.insert(
            {
              id,
              email: `${id}@example.com`,
              role: 'merchant_owner',
              accountId,
              password: null,
              invitedAtMs: null,
              activatedAtMs: null,
            },
            atMs,
          );
        await owner('usr_c', account.id, 2_000);
        await owner('usr_b', account.id, 1_000);
        await owner('usr_a', account.id, 1_000);
        await owner('usr_o', other.id, 500);
        expect((await repos.users.listByAccount(account.id)).map((user) => user.id)).toStrictEqual([
          'usr_a',
          'usr_b',
          'usr_c',
        ]);
        expect(await repos.users.countActiveAdmins()).toBe(0);
        for (const id of ['adm_1', 'adm_2']) {
          await repos.users.insert(
            {
              id,
              email: `${id}@example.com`,
              role: 'platform_admin',
              accountId: null,
              password: null,
              invitedAtMs: null,
              activatedAtMs: null,
            },
            1_000,
          );
        }
        expect(await repos.users.countActiveAdmins()).toBe(2);
      });

      it('setPassword sets the password and marks the user activated the first time only', async () => {
        const account = await buildAccount(ctx());
        const user = await raw.users.insert(
          {
            id: 'usr_1',
            email: 'o@example.com',
            role: 'merchant_owner',
            accountId: account.id,
            password: null,
            invitedAtMs: 100,
            activatedAtMs: null,
          },
          100,
        );
        await repos.users.setPassword(user.id, { hash: 'h1', salt: 's1' }, 2_000);
        expect(await raw.users.findCredentialsByEmail('o@example.com')).toStrictEqual({
          ...user,
          activatedAtMs: 2_000,
          passwordHash: 'h1',
          passwordSalt: 's1',
        });
        await repos.users.setPassword(user.id, { hash: 'h2', salt: 's2' }, 3_000);
        expect(await raw.users.findCredentialsByEmail('o@example.com')).toStrictEqual({
          ...user,
          activatedAtMs: 2_000,
          passwordHash: 'h2',
          passwordSalt: 's2',
        });
      });

      it('sessions: insert, find by token hash, delete one, delete the expired (counted)', async () => {
        const user = await raw.users.insert(
          {
            id: 'usr_1',
            email: 'a@example.com',
            role: 'platform_admin',
            accountId: null,
            password: null,
            invitedAtMs: null,
            activatedAtMs: null,
          },
          1,
        );
        const session = (id: string, expiresAtMs: number) => ({
          id,
          tokenHash: `hash-${id}`,
          userId: user.id,
          csrfToken: `csrf-${id}`,
          createdAtMs: 1_000,
          expiresAtMs,
          lastSeenAtMs: 1_000,
        });
        await repos.users.insertSession(session('us_1', 5_000));
        await repos.users.insertSession(session('us_2', 6_000));
        await repos.users.insertSession(session('us_3', 7_000));
        expect(await repos.users.findSessionByTokenHash('hash-us_1')).toStrictEqual(session('us_1', 5_000));
        expect(await repos.users.findSessionByTokenHash('hash-none')).toBeUndefined();
        await repos.users.deleteSession('us_3');
        expect(await repos.users.findSessionByTokenHash('hash-us_3')).toBeUndefined();
        expect(await repos.users.deleteExpiredSessions(5_000)).toBe(1);
        expect(await repos.users.findSessionByTokenHash('hash-us_2')).toBeDefined();
        expect(await repos.users.deleteExpiredSessions(5_000)).toBe(0);
      });

      it('touchSession records the last request only once the previous one is stale; deleteSessionsOfUser ends all but one (counted)', async () => {
        const user = (id: string) =>
          raw.users.insert(
            {
              id,
              email: `${id}@example.com`,
              role: 'platform_admin',
              accountId: null,
              password: null,
              invitedAtMs: null,
              activatedAtMs: null,
            },
            1,
          );
        const ann = await user('usr_ann');
        const bob = await user('usr_bob');
        const session = (id: string, userId: string) => ({
          id,
          tokenHash: `hash-${id}`,
          userId,
          csrfToken: `csrf-${id}`,
          createdAtMs: 1_000,
          expiresAtMs: 99_000,
          lastSeenAtMs: 1_000,
        });
        for (const [id, userId] of [
          ['us_a1', ann.id],
          ['us_a2', ann.id],
          ['us_a3', ann.id],
          ['us_b1', bob.id],
        ] as const) {
          await raw.users.insertSession(session(id, userId));
        }
        const lastSeen = async (id: string) =>
          (await raw.users.findSessionByTokenHash(`hash-${id}`))?.lastSeenAtMs;
        // Seen at 1 000: not stale before 1 000, so nothing is written.
        await repos.users.touchSession('us_a1', 5_000, 1_000);
        expect(await lastSeen('us_a1')).toBe(1_000);
        await repos.users.touchSession('us_a1', 5_000, 1_001);
        expect(await lastSeen('us_a1')).toBe(5_000);
        expect(await lastSeen('us_a2')).toBe(1_000);
        await repos.users.touchSession('us_none', 6_000, 9_000);

        expect(await repos.users.deleteSessionsOfUser(ann.id, 'us_a2')).toBe(2);
        expect(await raw.users.findSessionByTokenHash('hash-us_a1')).toBeUndefined();
        expect(await raw.users.findSessionByTokenHash('hash-us_a3')).toBeUndefined();
        expect(await raw.users.findSessionByTokenHash('hash-us_a2')).toStrictEqual(session('us_a2', ann.id));
        expect(await raw.users.findSessionByTokenHash('hash-us_b1')).toBeDefined();
        expect(await repos.users.deleteSessionsOfUser(ann.id)).toBe(1);
        expect(await raw.users.findSessionByTokenHash('hash-us_a2')).toBeUndefined();
        expect(await repos.users.deleteSessionsOfUser(ann.id)).toBe(0);
        expect(await raw.users.findSessionByTokenHash('hash-us_b1')).toStrictEqual(session('us_b1', bob.id));
      });

      it('invitations: insert, find by token hash, accept once', async () => {
        const account = await buildAccount(ctx());
        const admin = await raw.users.insert(
          {
            id: 'adm_1',
            email: 'admin@example.com',
            role: 'platform_admin',
            accountId: null,
            password: null,
            invitedAtMs: null,
            activatedAtMs: null,
          },
          1,
        );
        const owner = await raw.users.insert(
          {
            id: 'usr_1',
            email: 'o@example.com',
            role: 'merchant_owner',
            accountId: account.id,
            password: null,
            invitedAtMs: 1_000,
            activatedAtMs: null,
          },
          1,
        );
        const invitation = {
          id: 'inv_1',
          tokenHash: 'hash-inv',
          userId: owner.id,
          invitedByUserId: admin.id,
          createdAtMs: 1_000,
          expiresAtMs: 9_000,
        };
        await repos.users.insertInvitation(invitation);
        await repos.users.insertInvitation({
          ...invitation,
          id: 'inv_2',
          tokenHash: 'hash-2',
          invitedByUserId: null,
        });
        expect(await repos.users.findInvitationByTokenHash('hash-inv')).toStrictEqual({
          ...invitation,
          acceptedAtMs: null,
        });
        expect((await repos.users.findInvitationByTokenHash('hash-2'))?.invitedByUserId).toBeNull();
        expect(await repos.users.findInvitationByTokenHash('hash-none')).toBeUndefined();
        expect(await repos.users.markInvitationAccepted('inv_1', 2_000)).toBe(true);
        expect(await repos.users.markInvitationAccepted('inv_1', 3_000)).toBe(false);
        expect((await repos.users.findInvitationByTokenHash('hash-inv'))?.acceptedAtMs).toBe(2_000);
        expect(await repos.users.markInvitationAccepted('inv_none', 3_000)).toBe(false);
      });
    });

    // audit ------------------------------------------------------------------------------------------

    describe('audit', () => {
      it('record and list: newest first (ties: last recorded first), by account, limited; details JSON', async () => {
        const account = await buildAccount(ctx());
        const other = await buildAccount(ctx());
        const entry = (action: string, atMs: number, accountId: string | null) => ({
          actorUserId: null,
          actorLabel: 'system',
          accountId,
          action,
          target: `account ${accountId}`,
          details: { before: { maxSaleMinor: null }, after: { maxSaleMinor: 5_000 }, note: 'é' },
          atMs,
        });
        await repos.audit.record(entry('first', 1_000, account.id));
        await repos.audit.record(entry('tie-1', 2_000, account.id));
        await repos.audit.record(entry('tie-2', 2_000, other.id));
        await repos.audit.record(entry('platform', 1_500, null));
        const all = await repos.audit.list();
        expect(all.map((e) => e.action)).toStrictEqual(['tie-2', 'tie-1', 'platform', 'first']);
        const first = all[3];
        expect(first).toStrictEqual({
          id: first?.id,
          actorUserId: null,
          actorLabel: 'system',
          accountId: account.id,
          action: 'first',
          target: `account ${account.id}`,
          details: { before: { maxSaleMinor: null }, after: { maxSaleMinor: 5_000 }, note: 'é' },
          atMs: 1_000,
        });
        expect(typeof first?.id).toBe('number');
        expect(all[2]?.accountId).toBeNull();
        expect((await repos.audit.list({ accountId: account.id })).map((e) => e.action)).toStrictEqual([
          'tie-1',
          'first',
        ]);
        expect((await repos.audit.list({ limit: 1 })).map((e) => e.action)).toStrictEqual(['tie-2']);
      });
    });

    // platform console -------------------------------------------------------------------------------

    describe('console', () => {
      it('accountExtras: defaults, then setAccountExtras and setRiskLimits (numbers, nulls)', async () => {
        const account = await buildAccount(ctx());
        expect(await repos.console.accountExtras(account.id)).toStrictEqual({
          maxSaleMinor: null,
          maxDailyMinor: null,
          dashboardType: 'express',
          capabilities: [],
        });
        await repos.console.setAccountExtras(account.id, {
          dashboardType: 'full',
          capabilities: ['card_payments', 'transfers'],
        });
        await repos.console.setRiskLimits(
          account.id,
          { maxSaleMinor: 50_000, maxDailyMinor: 200_000 },
          9_000,
        );
        expect(await repos.console.accountExtras(account.id)).toStrictEqual({
          maxSaleMinor: 50_000,
          maxDailyMinor: 200_000,
          dashboardType: 'full',
          capabilities: ['card_payments', 'transfers'],
        });
        expect((await raw.accounts.findById(account.id))?.updatedAtMs).toBe(9_000);
        await repos.console.setRiskLimits(account.id, { maxSaleMinor: null, maxDailyMinor: 100 }, 9_500);
        expect(await repos.console.accountExtras(account.id)).toMatchObject({
          maxSaleMinor: null,
          maxDailyMinor: 100,
        });
        expect(await repos.console.accountExtras('acc_none')).toStrictEqual({
          maxSaleMinor: null,
          maxDailyMinor: null,
          dashboardType: 'express',
          capabilities: [],
        });
      });

      it('setFeePlan and setAccountTipping change the account’s plan and tipping only', async () => {
        const account = await buildAccount(ctx());
        await repos.console.setFeePlan(
          account.id,
          { bps: 300, fixedMinor: 25, minMinor: 20, maxMinor: 900 },
          null,
          5_000,
        );
        await repos.console.setAccountTipping(account.id, { enabled: false, percentages: [10, 12.5] }, 6_000);
        expect(await raw.accounts.findById(account.id)).toStrictEqual({
          ...account,
          feePlan: { bps: 300, fixedMinor: 25, minMinor: 20, maxMinor: 900 },
          tipping: { enabled: false, percentages: [10, 12.5] },
          updatedAtMs: 6_000,
        });
        // All or nothing: an unknown user in the history row undoes the plan change too.
        await expect(
          repos.console.setFeePlan(
            account.id,
            { bps: 1, fixedMinor: 0, minMinor: 0, maxMinor: null },
            'usr_none',
            7_000,
          ),
        ).rejects.toThrow();
        expect((await raw.accounts.findById(account.id))?.feePlan.bps).toBe(300);
      });

      it('defaultFeePlan: none until set; setDefaultFeePlan creates the platform row; save keeps the plan', async () => {
        expect(await repos.console.defaultFeePlan()).toStrictEqual({
          bps: 0,
          fixedMinor: 0,
          minMinor: 0,
          maxMinor: null,
        });
        await repos.console.setDefaultFeePlan(
          { bps: 250, fixedMinor: 15, minMinor: 0, maxMinor: null },
          null,
          1_000,
        );
        expect(await repos.console.defaultFeePlan()).toStrictEqual({
          bps: 250,
          fixedMinor: 15,
          minMinor: 0,
          maxMinor: null,
        });
        expect(await raw.platform.find()).toStrictEqual({
          name: 'Countertop',
          stripeAccountId: null,
          createdAtMs: 1_000,
          updatedAtMs: 1_000,
        });
        await raw.platform.save({ name: 'Renamed', stripeAccountId: 'acct_p' }, 2_000);
        await db.transaction((tx) =>
          tx.console.setDefaultFeePlan({ bps: 100, fixedMinor: 5, minMinor: 1, maxMinor: 400 }, null, 3_000),
        );
        expect(await repos.console.defaultFeePlan()).toStrictEqual({
          bps: 100,
          fixedMinor: 5,
          minMinor: 1,
          maxMinor: 400,
        });
        expect(await raw.platform.find()).toStrictEqual({
          name: 'Renamed',
          stripeAccountId: 'acct_p',
          createdAtMs: 1_000,
          updatedAtMs: 3_000,
        });
      });

      it('locationExtras: empty by default; setLocationExtras round-trips the tipping JSON and clears it', async () => {
        const { location } = await merchant();
        expect(await repos.console.locationExtras(location.id)).toStrictEqual({
          tipping: null,
          terminalConfigurationId: null,
        });
        const tipping = {
          percentages: [15, 18, 22.5],
          fixedAmountsMinor: [100, 200],
          smartTipThresholdMinor: null,
        };
        await repos.console.setLocationExtras(location.id, { tipping, terminalConfigurationId: 'tmc_1' });
        expect(await repos.console.locationExtras(location.id)).toStrictEqual({
          tipping,
          terminalConfigurationId: 'tmc_1',
        });
        await repos.console.setLocationExtras(location.id, { tipping: null, terminalConfigurationId: null });
        expect(await repos.console.locationExtras(location.id)).toStrictEqual({
          tipping: null,
          terminalConfigurationId: null,
        });
        // The location's own record is untouched.
        expect(await raw.locations.findById(location.id)).toStrictEqual(location);
      });

      it('readers of the account: list (by label), move, relabel, remove (frees the Stripe id)', async () => {
        const m = await merchant();
        const second = await buildLocation(ctx(), m.account);
        const other = await merchant();
        const b = await buildReader(ctx(), m.location, { label: 'B', stripeReaderId: 'tmr_b' });
        const a = await buildReader(ctx(), second, { label: 'A', stripeReaderId: 'tmr_a' });
        await buildReader(ctx(), other.location, { label: 'Other' });
        expect(await repos.console.listReadersOfAccount(m.account.id)).toStrictEqual([a, b]);

        await repos.console.moveReader(b.id, second.id, 'tmr_b2');
        await repos.console.relabelReader(b.id, '0 First');
        const moved = { ...b, locationId: second.id, stripeReaderId: 'tmr_b2', label: '0 First' };
        expect(await raw.readers.findById(b.id)).toStrictEqual(moved);
        expect(await raw.readers.listByLocation(second.id)).toStrictEqual([moved, a]);

        expect(await repos.console.isReaderRemoved(a.id)).toBe(false);
        await repos.console.removeReader(a.id, 5_000);
        expect(await repos.console.isReaderRemoved(a.id)).toBe(true);
        expect(await repos.console.isReaderRemoved('rdr_none')).toBe(false);
        expect((await raw.readers.findById(a.id))?.stripeReaderId).toBe(`tmr_a:removed:${a.id}`);
        expect(await repos.console.listReadersOfAccount(m.account.id)).toStrictEqual([moved]);
        // Its Stripe id can be registered again.
        const again = await buildReader(ctx(), second, { stripeReaderId: 'tmr_a' });
        expect((await raw.readers.findByStripeReaderId('tmr_a'))?.id).toBe(again.id);
      });

      it('registerHoldingReader: the register of the newest sale being paid on the reader, or null', async () => {
        const m = await merchant();
        const register2 = await buildRegister(ctx(), m.location, { code: 'HOLD-2' });
        const reader = await buildReader(ctx(), m.location);
        expect(await repos.console.registerHoldingReader(reader.id)).toBeNull();
        const s1 = await insertSale(m);
        const s2 = await insertSale({ ...m, register: register2 });
        await raw.sales.update(s1.id, { status: 'awaiting_payment', readerId: reader.id }, 1_000);
        expect(await repos.console.registerHoldingReader(reader.id)).toBe(m.register.code);
        await raw.sales.update(s2.id, { status: 'processing', readerId: reader.id }, 2_000);
        expect(await repos.console.registerHoldingReader(reader.id)).toBe('HOLD-2');
        await raw.sales.update(s2.id, { status: 'succeeded' }, 3_000);
        await raw.sales.update(s1.id, { status: 'payment_failed' }, 3_000);
        expect(await repos.console.registerHoldingReader(reader.id)).toBeNull();
      });

      it('listRegistersOfAccount: paired ones first, each group by code', async () => {
        const m = await merchant();
        const second = await buildLocation(ctx(), m.account);
        const other = await merchant();
        const z = await buildRegister(ctx(), second, { code: 'Z-1' });
        const a = await buildRegister(ctx(), second, { code: 'A-1' });
        const revokedA = await buildRegister(ctx(), m.location, { code: 'AA-0' });
        await raw.registers.revoke(revokedA.id, 5_000);
        await buildRegister(ctx(), other.location, { code: 'B-0' });
        expect((await repos.console.listRegistersOfAccount(m.account.id)).map((r) => r.code)).toStrictEqual(
          [a.code, m.register.code, z.code].sort().concat([revokedA.code]),
        );
        const listed = await repos.console.listRegistersOfAccount(m.account.id);
        expect(listed.at(-1)).toStrictEqual({ ...revokedA, revokedAtMs: 5_000 });
      });

      it('listStaffOfAccount (active first, by name, with locations); setStaffRole; setStaffLocations', async () => {
        const account = await buildAccount(ctx());
        const l1 = await buildLocation(ctx(), account, { id: 'loc_s1' });
        const l2 = await buildLocation(ctx(), account, { id: 'loc_s2' });
        const zed = await addStaff(account, [l2, l1], { displayName: 'Zed', id: 'stf_z' });
        const amy = await addStaff(account, [], { displayName: 'Amy', id: 'stf_a' });
        const abe = await addStaff(account, [l1], { displayName: 'Abe', id: 'stf_b' });
        await raw.staff.setActive(abe.id, false);
        await repos.console.setStaffRole(amy.id, 'manager');
        expect(await repos.console.listStaffOfAccount(account.id)).toStrictEqual([
          { id: amy.id, displayName: 'Amy', role: 'manager', active: true, locationIds: [] },
          { id: zed.id, displayName: 'Zed', role: 'staff', active: true, locationIds: ['loc_s1', 'loc_s2'] },
          { id: abe.id, displayName: 'Abe', role: 'staff', active: false, locationIds: ['loc_s1'] },
        ]);
        expect((await raw.staff.findById(amy.id))?.role).toBe('manager');

        await repos.console.setStaffLocations(zed.id, ['loc_s2', 'loc_s2']);
        expect(await raw.staff.isAllowedAtLocation(zed.id, 'loc_s1')).toBe(false);
        expect(await raw.staff.isAllowedAtLocation(zed.id, 'loc_s2')).toBe(true);
        await db.transaction((tx) => tx.console.setStaffLocations(amy.id, ['loc_s1', 'loc_s2']));
        await repos.console.setStaffLocations(abe.id, []);
        const after = await repos.console.listStaffOfAccount(account.id);
        expect(after.map((s) => [s.id, s.locationIds])).toStrictEqual([
          [amy.id, ['loc_s1', 'loc_s2']],
          [zed.id, ['loc_s2']],
          [abe.id, []],
        ]);
        // All or nothing: an unknown location keeps the previous ones.
        await expect(repos.console.setStaffLocations(zed.id, ['loc_s1', 'loc_none'])).rejects.toThrow();
        expect(await raw.staff.isAllowedAtLocation(zed.id, 'loc_s2')).toBe(true);
        expect(await raw.staff.isAllowedAtLocation(zed.id, 'loc_s1')).toBe(false);
        expect(await repos.console.listStaffOfAccount('acc_none')).toStrictEqual([]);
      });

      it('salesTotalOfAccount: Σ totals of sales being paid or paid, created in [from, to)', async () => {
        const m = await merchant();
        const other = await merchant();
        expect(await repos.console.salesTotalOfAccount(m.account.id, 0, 10_000)).toBe(0);
        const statuses = [
          ['awaiting_payment', 1],
          ['processing', 2],
          ['requires_capture', 4],
          ['succeeded', 8],
          ['partially_refunded', 16],
          ['open', 32],
          ['canceled', 64],
          ['payment_failed', 128],
          ['refunded', 256],
        ] as const;
        for (const [status, totalMinor] of statuses) {
          const sale = await insertSale(m, { createdAtMs: 1_000, totalMinor });
          await raw.sales.update(sale.id, { status }, 1_000);
        }
        for (const createdAtMs of [999, 2_000]) {
          const sale = await insertSale(m, { createdAtMs, totalMinor: 1_000 });
          await raw.sales.update(sale.id, { status: 'succeeded' }, createdAtMs);
        }
        const boundary = await insertSale(m, { createdAtMs: 1_999, totalMinor: 2_000 });
        await raw.sales.update(boundary.id, { status: 'succeeded' }, 1_999);
        const others = await insertSale(other, { createdAtMs: 1_000, totalMinor: 4_000 });
        await raw.sales.update(others.id, { status: 'succeeded' }, 1_000);
        expect(await repos.console.salesTotalOfAccount(m.account.id, 1_000, 2_000)).toBe(
          1 + 2 + 4 + 8 + 16 + 2_000,
        );
      });
    });

    // application fee ledger -------------------------------------------------------------------------

    describe('application fee ledger (triggers, console fee reports)', () => {
      /** Two merchants with their Stripe ids fixed (rollups are ordered by Stripe account id). */
      async function feeMerchants() {
        const a = await merchant({ stripeAccountId: 'acct_fee_a' });
        const b = await merchant({ stripeAccountId: 'acct_fee_b' });
        return { a, b };
      }
      const fee = (overrides: Partial<StripeFeeRecord> & { id: string }): StripeFeeRecord => ({
        chargeId: null,
        stripeAccountId: 'acct_fee_a',
        currency: 'usd',
        amountMinor: 0,
        amountRefundedMinor: 0,
        createdAtMs: DAY0,
        ...overrides,
      });
      const day = (
        utcDay: number,
        stripeAccountId: string,
        feesCount: number,
        collected: number,
        refunded = 0,
      ) => ({
        utcDay,
        stripeAccountId,
        currency: 'usd',
        feesCount,
        collectedMinor: collected,
        refundedMinor: refunded,
      });

      it('a captured sale with a charge enters the ledger: whole days from rollups, a partial first day from rows', async () => {
        const { a, b } = await feeMerchants();
        // Sales that do not enter: not captured, captured without a charge, captured with no fee.
        await insertSale(a, { createdAtMs: DAY0 + 2 * HOUR_MS, applicationFeeMinor: 999 });
        await paidSale(
          a,
          { createdAtMs: DAY0 + 2 * HOUR_MS, applicationFeeMinor: 999 },
          { patch: { chargeId: null } },
        );
        const zero = await paidSale(a, { createdAtMs: DAY0 + 2 * HOUR_MS, applicationFeeMinor: 0 });
        expect(await repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([]);

        const early = await paidSale(a, { createdAtMs: DAY0 + 30 * 60_000, applicationFeeMinor: 40 });
        const late = await paidSale(a, { createdAtMs: DAY0 + 9 * HOUR_MS, applicationFeeMinor: 57 });
        await paidSale(b, { createdAtMs: DAY0 + 12 * HOUR_MS, applicationFeeMinor: 100 });
        await paidSale(a, { createdAtMs: DAY0 + DAY_MS + HOUR_MS, applicationFeeMinor: 7 });

        expect(await repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([
          day(UTC_DAY0, 'acct_fee_a', 2, 97),
          day(UTC_DAY0, 'acct_fee_b', 1, 100),
          day(UTC_DAY0 + 1, 'acct_fee_a', 1, 7),
        ]);
        // From 01:00: the first day from the ledger rows captured since then, the next from its rollup.
        expect(await repos.feeLedger.totalsSince(DAY0 + HOUR_MS, null)).toStrictEqual([
          day(UTC_DAY0, 'acct_fee_a', 1, 57),
          day(UTC_DAY0, 'acct_fee_b', 1, 100),
          day(UTC_DAY0 + 1, 'acct_fee_a', 1, 7),
        ]);
        expect(await repos.feeLedger.totalsSince(DAY0 + HOUR_MS, 'acct_fee_a')).toStrictEqual([
          day(UTC_DAY0, 'acct_fee_a', 1, 57),
          day(UTC_DAY0 + 1, 'acct_fee_a', 1, 7),
        ]);
        expect(await repos.feeLedger.totalsSince(DAY0, 'acct_fee_b')).toStrictEqual([
          day(UTC_DAY0, 'acct_fee_b', 1, 100),
        ]);
        expect(await repos.feeLedger.totalsSince(DAY0 + DAY_MS, null)).toStrictEqual([
          day(UTC_DAY0 + 1, 'acct_fee_a', 1, 7),
        ]);
        // Summed per bucket in the database: a whole day before the last bound goes to the last bound at or
        // before it, labelled with that bound; later days stay per day; a partial first day keeps its own.
        expect(await repos.feeLedger.totalsSince(DAY0, null, [UTC_DAY0 - 3, UTC_DAY0 + 30])).toStrictEqual([
          day(UTC_DAY0 - 3, 'acct_fee_a', 3, 104),
          day(UTC_DAY0 - 3, 'acct_fee_b', 1, 100),
        ]);
        const twoBuckets = [UTC_DAY0 - 3, UTC_DAY0 + 1, UTC_DAY0 + 2];
        expect(await repos.feeLedger.totalsSince(DAY0, null, twoBuckets)).toStrictEqual([
          day(UTC_DAY0 - 3, 'acct_fee_a', 2, 97),
          day(UTC_DAY0 - 3, 'acct_fee_b', 1, 100),
          day(UTC_DAY0 + 1, 'acct_fee_a', 1, 7),
        ]);
        // A day at or after the last bound (here the second day) is its own row.
        expect(await repos.feeLedger.totalsSince(DAY0, null, [UTC_DAY0 - 3, UTC_DAY0 + 1])).toStrictEqual([
          day(UTC_DAY0 - 3, 'acct_fee_a', 2, 97),
          day(UTC_DAY0 - 3, 'acct_fee_b', 1, 100),
          day(UTC_DAY0 + 1, 'acct_fee_a', 1, 7),
        ]);
        expect(
          await repos.feeLedger.totalsSince(DAY0 + HOUR_MS, 'acct_fee_a', [UTC_DAY0 - 3, UTC_DAY0 + 30]),
        ).toStrictEqual([day(UTC_DAY0, 'acct_fee_a', 1, 57), day(UTC_DAY0 - 3, 'acct_fee_a', 1, 7)]);

        // Not seen by Stripe yet: every recorded fee is a mismatch, oldest sale first (the zero fee is not).
        const mismatches = await repos.feeLedger.mismatchesSince(DAY0, 'acct_fee_a');
        expect(mismatches.slice(0, 2)).toStrictEqual([
          { saleId: early.id, recordedFeeMinor: 40, stripeFeeMinor: null },
          { saleId: late.id, recordedFeeMinor: 57, stripeFeeMinor: null },
        ]);
        expect(mismatches.map((m) => m.saleId)).not.toContain(zero.id);
        expect((await repos.feeLedger.mismatchesSince(DAY0, null)).length).toBe(4);
        expect((await repos.feeLedger.mismatchesSince(DAY0 + 10 * HOUR_MS, null)).length).toBe(2);

        // A changed fee on a captured sale moves the ledger and its rollup.
        await raw.sales.update(late.id, { applicationFeeMinor: 50 }, DAY0 + 20 * HOUR_MS);
        expect((await repos.feeLedger.totalsSince(DAY0, 'acct_fee_a'))[0]).toStrictEqual(
          day(UTC_DAY0, 'acct_fee_a', 2, 90),
        );
      });

      it('refunds’ returned fees count while the refund does (pending or succeeded)', async () => {
        const { a } = await feeMerchants();
        const sale = await paidSale(a, {
          createdAtMs: DAY0 + HOUR_MS,
          applicationFeeMinor: 57,
          totalMinor: 1_000,
        });
        await raw.refunds.insertRefund(
          refundOf(sale.id, { id: 'rfd_1', amountMinor: 300 }),
          DAY0 + 2 * HOUR_MS,
        );
        await raw.refunds.updateRefund(
          'rfd_1',
          { status: 'succeeded', stripeRefundId: 're_1', applicationFeeRefundedMinor: 17 },
          DAY0 + 2 * HOUR_MS,
        );
        await raw.refunds.insertRefund(
          refundOf(sale.id, { id: 'rfd_2', amountMinor: 200 }),
          DAY0 + 3 * HOUR_MS,
        );
        await raw.refunds.updateRefund('rfd_2', { status: 'pending', applicationFeeRefundedMinor: 11 }, DAY0);
        expect(await repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([
          day(UTC_DAY0, 'acct_fee_a', 1, 57, 28),
        ]);
        expect(await repos.feeLedger.totalsSince(DAY0 + 30 * 60_000, null)).toStrictEqual([
          day(UTC_DAY0, 'acct_fee_a', 1, 57, 28),
        ]);
        await raw.refunds.updateRefund('rfd_2', { status: 'failed' }, DAY0 + 4 * HOUR_MS);
        expect(await repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([
          day(UTC_DAY0, 'acct_fee_a', 1, 57, 17),
        ]);
        await raw.sales.update(sale.id, { status: 'partially_refunded' }, DAY0 + 4 * HOUR_MS);
        expect(await repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([
          day(UTC_DAY0, 'acct_fee_a', 1, 57, 17),
        ]);
      });

      it('recordStripeFees: Stripe’s figures replace ours, move the fee’s day, add fees without a sale, record the span', async () => {
        const { a, b } = await feeMerchants();
        const sale = await paidSale(a, { createdAtMs: DAY0 + HOUR_MS, applicationFeeMinor: 57 });
        const other = await paidSale(a, { createdAtMs: DAY0 + 2 * HOUR_MS, applicationFeeMinor: 40 });
        const dest = await paidSale(b, { createdAtMs: DAY0 + 3 * HOUR_MS, applicationFeeMinor: 90 });
        await raw.refunds.insertRefund(refundOf(sale.id, { id: 'rfd_1' }), DAY0 + 2 * HOUR_MS);
        await raw.refunds.updateRefund(
          'rfd_1',
          { status: 'succeeded', applicationFeeRefundedMinor: 17 },
          DAY0,
        );
        expect(await repos.feeLedger.syncState()).toBeNull();

        await db.transaction((tx) =>
          tx.feeLedger.recordStripeFees(
            [
              // Stripe saw more refunded (20 > 17) and dates the fee on the next day.
              fee({
                id: 'fee_1',
                chargeId: sale.chargeId,
                amountMinor: 57,
                amountRefundedMinor: 20,
                createdAtMs: DAY0 + DAY_MS + 5_000,
              }),
              // A different amount than we recorded: a mismatch.
              fee({
                id: 'fee_2',
                chargeId: other.chargeId,
                amountMinor: 45,
                createdAtMs: DAY0 + 2 * HOUR_MS,
              }),
              // A fee no sale of ours recorded.
              fee({
                id: 'fee_orphan',
                chargeId: 'ch_orphan',
                amountMinor: 33,
                createdAtMs: DAY0 + 5 * HOUR_MS,
              }),
              // A destination charge: keyed by the platform charge our sale records.
              fee({
                id: 'fee_dest',
                chargeId: 'py_connected',
                originatingChargeId: dest.chargeId,
                stripeAccountId: 'acct_fee_b',
                amountMinor: 90,
                createdAtMs: DAY0 + 3 * HOUR_MS,
              }),
            ],
            { fromMs: DAY0, throughMs: DAY0 + 2 * DAY_MS },
          ),
        );
        expect(await repos.feeLedger.syncState()).toStrictEqual({
          fromMs: DAY0,
          throughMs: DAY0 + 2 * DAY_MS,
        });
        expect(await repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([
          day(UTC_DAY0, 'acct_fee_a', 2, 45 + 33),
          day(UTC_DAY0, 'acct_fee_b', 1, 90),
          day(UTC_DAY0 + 1, 'acct_fee_a', 1, 57, 20),
        ]);
        expect(await repos.feeLedger.mismatchesSince(DAY0, null)).toStrictEqual([
          { saleId: other.id, recordedFeeMinor: 40, stripeFeeMinor: 45 },
        ]);
        // A refund recorded after the sync raises the refunded amount above Stripe's (max of the two).
        await raw.refunds.insertRefund(refundOf(sale.id, { id: 'rfd_2' }), DAY0 + DAY_MS);
        await raw.refunds.updateRefund(
          'rfd_2',
          { status: 'succeeded', applicationFeeRefundedMinor: 10 },
          DAY0,
        );
        expect((await repos.feeLedger.totalsSince(DAY0 + DAY_MS, 'acct_fee_a'))[0]).toStrictEqual(
          day(UTC_DAY0 + 1, 'acct_fee_a', 1, 57, 27),
        );

        // Outside a transaction it is atomic by itself; a key twice in one call: the later one wins.
        await repos.feeLedger.recordStripeFees(
          [
            fee({ id: 'fee_2', chargeId: other.chargeId, amountMinor: 41, createdAtMs: DAY0 + 2 * HOUR_MS }),
            fee({ id: 'fee_2', chargeId: other.chargeId, amountMinor: 40, createdAtMs: DAY0 + 2 * HOUR_MS }),
          ],
          { fromMs: DAY0, throughMs: DAY0 + 3 * DAY_MS },
        );
        expect(await repos.feeLedger.syncState()).toStrictEqual({
          fromMs: DAY0,
          throughMs: DAY0 + 3 * DAY_MS,
        });
        expect(await repos.feeLedger.mismatchesSince(DAY0, null)).toStrictEqual([]);
        expect((await repos.feeLedger.totalsSince(DAY0, 'acct_fee_a'))[0]).toStrictEqual(
          day(UTC_DAY0, 'acct_fee_a', 2, 40 + 33),
        );
      });
    });

    // sale locks -------------------------------------------------------------------------------------

    describe('saleLocks', () => {
      it('tryAcquire: a live lease refuses everyone, an expired one (at its expiry) goes to the next holder', async () => {
        expect(await repos.saleLocks.tryAcquire('sale_1', 'p1', 1_000, 2_000)).toBe(true);
        expect(await repos.saleLocks.tryAcquire('sale_1', 'p2', 1_999, 3_000)).toBe(false);
        expect(await repos.saleLocks.tryAcquire('sale_1', 'p1', 1_999, 3_000)).toBe(false);
        expect(await repos.saleLocks.tryAcquire('sale_2', 'p2', 1_999, 3_000)).toBe(true);
        expect(await repos.saleLocks.tryAcquire('sale_1', 'p2', 2_000, 4_000)).toBe(true);
        // p1 lost it: it can neither renew nor release p2's lease.
        expect(await repos.saleLocks.renew('sale_1', 'p1', 9_000)).toBe(false);
        await repos.saleLocks.release('sale_1', 'p1');
        expect(await repos.saleLocks.tryAcquire('sale_1', 'p3', 3_999, 5_000)).toBe(false);
      });

      it('renew extends the holder’s lease; release frees it', async () => {
        expect(await repos.saleLocks.tryAcquire('sale_1', 'p1', 1_000, 2_000)).toBe(true);
        expect(await repos.saleLocks.renew('sale_1', 'p1', 5_000)).toBe(true);
        expect(await repos.saleLocks.tryAcquire('sale_1', 'p2', 4_999, 6_000)).toBe(false);
        await repos.saleLocks.release('sale_1', 'p1');
        expect(await repos.saleLocks.renew('sale_1', 'p1', 9_000)).toBe(false);
        expect(await repos.saleLocks.tryAcquire('sale_1', 'p2', 1_000, 6_000)).toBe(true);
      });
    });

    // transactions -----------------------------------------------------------------------------------

    describe('transactions', () => {
      it('commit: repositories bound to the transaction see its writes; everyone sees them after', async () => {
        const account = await buildAccount(ctx());
        const result = await db.transaction(async (tx) => {
          await tx.console.setRiskLimits(account.id, { maxSaleMinor: 1_000, maxDailyMinor: null }, 2_000);
          await tx.webhookEvents.claim('evt_1', 'x', null, 2_000);
          return {
            extras: await tx.console.accountExtras(account.id),
            claimed: await tx.webhookEvents.has('evt_1'),
          };
        });
        expect(result.extras.maxSaleMinor).toBe(1_000);
        expect(result.claimed).toBe(true);
        expect((await repos.console.accountExtras(account.id)).maxSaleMinor).toBe(1_000);
        expect(await repos.webhookEvents.has('evt_1')).toBe(true);
      });

      it('work that throws leaves nothing written (several tables, trigger-kept ones included)', async () => {
        const m = await merchant({ stripeAccountId: 'acct_tx' });
        await expect(
          db.transaction(async (tx) => {
            const sale = await tx.sales.insert(newSale(m, { id: 'sale_tx', createdAtMs: DAY0 + HOUR_MS }));
            if (!sale) throw new Error('not inserted');
            await tx.sales.update(
              sale.id,
              { status: 'succeeded', chargeId: 'ch_tx', capturedAtMs: DAY0 + HOUR_MS },
              DAY0 + HOUR_MS,
            );
            await tx.refunds.insertRefund(refundOf(sale.id, { id: 'rfd_tx' }), DAY0 + HOUR_MS);
            await tx.webhookEvents.claim('evt_tx', 'x', null, 1);
            await tx.audit.record({
              actorUserId: null,
              actorLabel: 'system',
              accountId: m.account.id,
              action: 'x',
              target: 'y',
              details: {},
              atMs: 1,
            });
            expect(await tx.feeLedger.totalsSince(DAY0, null)).toHaveLength(1);
            throw new Error('work failed');
          }),
        ).rejects.toThrow('work failed');
        expect(await repos.sales.findById('sale_tx')).toBeUndefined();
        expect(await repos.refunds.findRefund('rfd_tx')).toBeUndefined();
        expect(await repos.webhookEvents.has('evt_tx')).toBe(false);
        expect(await repos.audit.list()).toStrictEqual([]);
        expect(await repos.feeLedger.totalsSince(DAY0, null)).toStrictEqual([]);
        // The clientSaleId is free again.
        expect(
          (await repos.sales.insert(newSale(m, { id: 'sale_tx2', clientSaleId: 'client-sale_tx' })))?.id,
        ).toBe('sale_tx2');
      });

      it('using the root repositories inside a transaction’s work fails fast, and rolls the work back', async () => {
        const account = await buildAccount(ctx());
        const outcome = await within(
          db.transaction(async (tx) => {
            await tx.console.setRiskLimits(account.id, { maxSaleMinor: 1_000, maxDailyMinor: null }, 2_000);
            await db.repos.accounts.count();
            return 'the root connection answered';
          }),
          5_000,
        );
        expect(errorMessage(outcome)).toMatch(/root database connection inside a transaction/);
        expect((await repos.console.accountExtras(account.id)).maxSaleMinor).toBeNull();
        // The connection was given back: the database still answers, inside and outside transactions.
        expect(await repos.accounts.count()).toBe(1);
        expect(await db.transaction((tx) => tx.accounts.count())).toBe(1);
      });

      it('a transaction started inside another fails fast', async () => {
        const outcome = await within(
          db.transaction(async () => db.transaction(async (inner) => inner.accounts.count())),
          5_000,
        );
        expect(errorMessage(outcome)).toMatch(/transaction was started inside another/);
        expect(await repos.accounts.count()).toBe(0);
      });

      it('lockForUpdate: a second transaction locking the sale waits for the first to commit, then sees its refund', async () => {
        const m = await merchant();
        const sale = await paidSale(m, { totalMinor: 1_000 });
        const peer = recordingDatabase(await opened.openPeer(), called);
        const events: string[] = [];
        const at = new Map<string, number>();
        const mark = (event: string) => {
          events.push(event);
          at.set(event, performance.now());
        };
        /** refunds.service's check: lock the sale, Σ counted refunds, journal 600 if it fits. */
        const refundIfFits = async (tx: Repositories, id: string) => {
          const counted = (await tx.refunds.refundsOfSales([sale.id])).filter(
            (refund) => refund.status === 'pending' || refund.status === 'succeeded',
          );
          const left = sale.totalMinor - counted.reduce((sum, refund) => sum + refund.amountMinor, 0);
          if (600 > left) return `refused: ${left} left`;
          await tx.refunds.insertRefund(refundOf(sale.id, { id, amountMinor: 600 }), 5_000);
          return 'refunded';
        };
        let allowCommit: () => void = () => {};
        const commitAllowed = new Promise<void>((resolve) => {
          allowCommit = resolve;
        });
        let reportLocked: () => void = () => {};
        const firstLocked = new Promise<void>((resolve) => {
          reportLocked = resolve;
        });
        const first = db.transaction(async (tx) => {
          await tx.sales.lockForUpdate(sale.id);
          mark('first:locked');
          const outcome = await refundIfFits(tx, 'rfd_first');
          reportLocked();
          await commitAllowed;
          mark('first:committing');
          return outcome;
        });
        await firstLocked;
        const second = peer.transaction(async (tx) => {
          await tx.sales.lockForUpdate(sale.id);
          mark('second:locked');
          return refundIfFits(tx, 'rfd_second');
        });
        try {
          if (opened.waitForLockWaiter) {
            // PostgreSQL: the second transaction is blocked on the sale's row lock.
            await opened.waitForLockWaiter(5_000);
          } else {
            // SQLite: no row locks; give a second transaction every chance to run before the first ends.
            for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setTimeout(resolve, 2));
          }
          expect(events).toStrictEqual(['first:locked']);
        } finally {
          allowCommit();
        }
        expect(await Promise.all([first, second])).toStrictEqual(['refunded', 'refused: 400 left']);
        expect(events).toStrictEqual(['first:locked', 'first:committing', 'second:locked']);
        expect(at.get('second:locked')).toBeGreaterThan(
          at.get('first:committing') ?? Number.POSITIVE_INFINITY,
        );
        expect(await repos.refunds.refundedTotals([sale.id])).toStrictEqual(new Map([[sale.id, 600]]));
      });
    });

    // outbox, registerDevices -----------------------------------------------------------------------

    describe('outbox', () => {
      it('insert, list newest first up to a limit, prune up to a time', async () => {
        const message = (id: string, createdAtMs: number) => ({
          id,
          to: `${id}@example.com`,
          subject: `Subject ${id} — “é”`,
          text: 'text',
          html: '<p>html</p>',
          createdAtMs,
        });
        await repos.outbox.insert(message('m1', 1_000));
        await repos.outbox.insert(message('m2', 2_000));
        await repos.outbox.insert(message('m3', 3_000));
        expect(await repos.outbox.list(2)).toStrictEqual([message('m3', 3_000), message('m2', 2_000)]);
        expect(await repos.outbox.prune(2_000)).toBe(2);
        expect(await repos.outbox.list(10)).toStrictEqual([message('m3', 3_000)]);
      });
    });

    describe('registerDevices', () => {
      it('a pairing code pairs once; devices are found with what they pair to, counted and unpaired', async () => {
        const m = await merchant();
        const code = (id: string, codeHash: string, expiresAtMs: number) => ({
          id,
          registerId: m.register.id,
          codeHash,
          createdByLabel: 'admin',
          createdAtMs: 1_000,
          expiresAtMs,
        });
        await repos.registerDevices.insertPairingCode(code('pc_1', 'hash-1', 5_000));
        await repos.registerDevices.insertPairingCode(code('pc_2', 'hash-2', 1_500));
        await repos.registerDevices.insertPairingCode(code('pc_3', 'hash-3', 9_000));
        expect(await repos.registerDevices.redeemPairingCode('hash-2', 2_000)).toBeUndefined(); // expired
        expect(await repos.registerDevices.redeemPairingCode('hash-1', 2_000)).toStrictEqual({
          id: 'pc_1',
          registerId: m.register.id,
        });
        expect(await repos.registerDevices.redeemPairingCode('hash-1', 2_000)).toBeUndefined(); // used
        expect(await repos.registerDevices.redeemPairingCode('hash-none', 2_000)).toBeUndefined();
        const device = { id: 'dev_1', registerId: m.register.id, csrfToken: 'csrf-1', pairedAtMs: 2_000 };
        await repos.registerDevices.insertDevice({ ...device, tokenHash: 'tok-1', pairingCodeId: 'pc_1' });
        await repos.registerDevices.insertDevice({
          ...device,
          id: 'dev_2',
          tokenHash: 'tok-2',
          pairingCodeId: null,
        });
        expect(await repos.registerDevices.findPairedDevice('tok-1')).toStrictEqual({
          device,
          register: await raw.registers.findById(m.register.id),
          location: await raw.locations.findById(m.location.id),
          account: await raw.accounts.findById(m.account.id),
        });
        expect(await repos.registerDevices.findPairedDevice('tok-none')).toBeUndefined();
        expect(await repos.registerDevices.countDevices([m.register.id, 'reg_none'])).toStrictEqual(
          new Map([[m.register.id, 2]]),
        );
        expect(await repos.registerDevices.deleteDevice('dev_2')).toBe(true);
        expect(await repos.registerDevices.deleteDevice('dev_2')).toBe(false);
        // Not used yet: pc_2 (expired) and pc_3; pc_1 was used, and is pruned later.
        expect(await repos.registerDevices.deleteOpenPairingCodes(m.register.id)).toBe(2);
        expect(await repos.registerDevices.prunePairingCodes(10_000)).toBe(1);
        expect(await repos.registerDevices.deleteDevicesOfRegister(m.register.id)).toBe(1);
        expect(await repos.registerDevices.findPairedDevice('tok-1')).toBeUndefined();
      });
    });

    // disputes (the rest of the repository: money-events.repo.test.ts, which has no sales) -----------

    describe('disputes', () => {
      it('findBySale: the sale’s disputes by id, as saved; none for another sale', async () => {
        const m = await merchant();
        const sale = await paidSale(m);
        const other = await paidSale(m);
        const state = (id: string, saleId: string | null): DisputeState => ({
          id,
          accountId: m.account.id,
          saleId,
          locationId: m.location.id,
          carriedBy: 'connected_account',
          chargeId: `ch_${saleId ?? 'none'}`,
          paymentIntentId: saleId === null ? null : `pi_${saleId}`,
          amountMinor: 1_000,
          currency: 'usd',
          reason: 'fraudulent',
          status: 'needs_response',
          evidenceDueByMs: 9_000,
          hasEvidence: false,
          pastDue: false,
          submissionCount: 0,
          chargeRefundable: true,
          evidence: { receipt: null },
          stripeCreatedAtMs: 2_000,
          closedAtMs: null,
        });
        await raw.disputes.save(state('du_2', sale.id), 3_000);
        await raw.disputes.save(state('du_1', sale.id), 4_000);
        await raw.disputes.save(state('du_3', null), 4_000);
        expect(await repos.disputes.findBySale(sale.id)).toStrictEqual([
          { ...state('du_1', sale.id), recordedAtMs: 4_000, updatedAtMs: 4_000 },
          { ...state('du_2', sale.id), recordedAtMs: 3_000, updatedAtMs: 3_000 },
        ]);
        expect(await repos.disputes.findBySale(other.id)).toStrictEqual([]);
      });
    });

    // reportRollups -----------------------------------------------------------------------------------

    describe('reportRollups', () => {
      it('epochs per location move with every write to its sales; a day is stored only under an unmoved epoch', async () => {
        const m = await merchant();
        const day = (localDay: string, body: string) => ({
          locationId: m.location.id,
          localDay,
          timeZone: 'America/Los_Angeles',
          startMs: 1_768_464_000_000,
          endMs: 1_768_550_400_000,
          body,
        });
        const before = await repos.reportRollups.epochsOf([m.location.id]);
        expect([...before.keys()]).toStrictEqual([m.location.id]);
        expect(await repos.reportRollups.epochsOf([])).toStrictEqual(new Map());
        expect(
          await repos.reportRollups.storeIfUnchanged({ days: [day('2026-01-15', '{"v":1}')] }, before),
        ).toBe(1);
        // Stored again under the same epoch: replaced.
        expect(
          await repos.reportRollups.storeIfUnchanged({ days: [day('2026-01-15', '{"v":2}')] }, before),
        ).toBe(1);
        await repos.reportRollups.storeIfUnchanged({ days: [day('2026-01-16', '{"v":3}')] }, before);
        expect(
          await repos.reportRollups.daysOf([m.location.id], ['2026-01-14', '2026-01-15', '2026-02-15']),
        ).toStrictEqual([day('2026-01-15', '{"v":2}')]);
        expect(
          (await repos.reportRollups.daysOf([m.location.id], ['2026-01-16', '2026-01-15'])).sort((x, y) =>
            x.localDay < y.localDay ? -1 : 1,
          ),
        ).toStrictEqual([day('2026-01-15', '{"v":2}'), day('2026-01-16', '{"v":3}')]);
        expect(await repos.reportRollups.daysOf([m.location.id], ['2026-02-01'])).toStrictEqual([]);
        expect(await repos.reportRollups.daysOf([m.location.id], [])).toStrictEqual([]);
        expect(await repos.reportRollups.daysOf([], ['2026-01-15'])).toStrictEqual([]);
        // A sale at the location moves its epoch: a day built before it is not stored.
        await insertSale(m, { id: 'sale_rollup', createdAtMs: 5_000 });
        const after = await repos.reportRollups.epochsOf([m.location.id]);
        expect(after.get(m.location.id)).toBeGreaterThan(
          before.get(m.location.id) ?? Number.POSITIVE_INFINITY,
        );
        expect(await repos.reportRollups.storeIfUnchanged({ days: [day('2026-01-16', '{}')] }, before)).toBe(
          0,
        );
        expect(await repos.reportRollups.storeIfUnchanged({ days: [day('2026-01-16', '{}')] }, after)).toBe(
          1,
        );
      });

      it('stores months beside days under the same epoch; a write in what a month row holds deletes it', async () => {
        const m = await merchant();
        const zone = 'America/Los_Angeles';
        // January 2026 in Los Angeles (PST, UTC-8), and February to date through the 10th.
        const january = { startMs: Date.UTC(2026, 0, 1, 8), endMs: Date.UTC(2026, 1, 1, 8) };
        const februaryTo10th = { startMs: Date.UTC(2026, 1, 1, 8), endMs: Date.UTC(2026, 1, 11, 8) };
        const month = (
          localMonth: string,
          throughDay: string,
          bounds: { startMs: number; endMs: number },
          body: string,
        ) => ({ locationId: m.location.id, localMonth, throughDay, timeZone: zone, ...bounds, body });
        const epochs = await repos.reportRollups.epochsOf([m.location.id]);
        expect(
          await repos.reportRollups.storeIfUnchanged(
            {
              months: [
                month('2026-01', '2026-01-31', january, '{"m":1}'),
                month('2026-02', '2026-02-10', februaryTo10th, '{"m":2}'),
              ],
              days: [
                {
                  locationId: m.location.id,
                  localDay: '2026-01-31',
                  timeZone: zone,
                  startMs: january.endMs - 86_400_000,
                  endMs: january.endMs,
                  body: '{"d":31}',
                },
              ],
            },
            epochs,
          ),
        ).toBe(3);
        const byMonth = async () =>
          (await repos.reportRollups.monthsOf([m.location.id], ['2026-01', '2026-02', '2026-03']))
            .map((row) => `${row.localMonth} ${row.throughDay}`)
            .sort();
        expect(await byMonth()).toStrictEqual(['2026-01 2026-01-31', '2026-02 2026-02-10']);
        expect(await repos.reportRollups.monthsOf([m.location.id], ['2026-02'])).toStrictEqual([
          month('2026-02', '2026-02-10', februaryTo10th, '{"m":2}'),
        ]);
        expect(await repos.reportRollups.monthsOf([], ['2026-02'])).toStrictEqual([]);
        expect(await repos.reportRollups.monthsOf([m.location.id], [])).toStrictEqual([]);
        // A sale after the 10th leaves February to date alone, but moves the epoch: nothing is stored.
        await insertSale(m, { id: 'sale_feb_20', createdAtMs: Date.UTC(2026, 1, 20, 18) });
        expect(await byMonth()).toStrictEqual(['2026-01 2026-01-31', '2026-02 2026-02-10']);
        expect(
          await repos.reportRollups.storeIfUnchanged(
            {
              months: [
                month('2026-02', '2026-02-20', { ...februaryTo10th, endMs: Date.UTC(2026, 1, 21, 8) }, '{}'),
              ],
            },
            epochs,
          ),
        ).toBe(0);
        // Stored again under the new epoch: the longer month to date replaces the row.
        const now = await repos.reportRollups.epochsOf([m.location.id]);
        const februaryTo20th = { ...februaryTo10th, endMs: Date.UTC(2026, 1, 21, 8) };
        expect(
          await repos.reportRollups.storeIfUnchanged(
            { months: [month('2026-02', '2026-02-20', februaryTo20th, '{"m":20}')] },
            now,
          ),
        ).toBe(1);
        expect(await byMonth()).toStrictEqual(['2026-01 2026-01-31', '2026-02 2026-02-20']);
        // A sale on 31 January at 23:30 local (07:30 UTC on 1 February) deletes January and its day, not February.
        await insertSale(m, { id: 'sale_late_january', createdAtMs: january.endMs - 30 * 60_000 });
        expect(await byMonth()).toStrictEqual(['2026-02 2026-02-20']);
        expect(await repos.reportRollups.daysOf([m.location.id], ['2026-01-31'])).toStrictEqual([]);
        // A new time zone drops every month of the location.
        await repos.locations.update(m.location.id, {
          name: m.location.name,
          timeZone: 'Europe/London',
          address: m.location.address,
        });
        expect(await byMonth()).toStrictEqual([]);
      });
    });

    // coverage ---------------------------------------------------------------------------------------

    it('exercises every method of every repository (must run last)', async () => {
      const methods = allMethods(raw);
      // The enumeration itself works: every repository is there, each with its methods.
      expect([...new Set(methods.map((method) => method.split('.')[0]))].sort()).toStrictEqual(
        [
          'accounts',
          'audit',
          'console',
          'feeLedger',
          'locations',
          'payments',
          'platform',
          'products',
          'readers',
          'recovery',
          'registers',
          'reports',
          'saleLocks',
          'sales',
          'sessions',
          'staff',
          'users',
          'webhookEvents',
          'signInLimits',
          'outbox',
          'registerDevices',
          'refunds',
          'reportRollups',
          ...Object.keys(COVERED_BY_OWN_SUITE),
        ].sort(),
      );
      // A repository with a suite of its own on both backends: each of its methods must be called there, as
      // `<repository>.<method>(`.
      const uncalled = methods.filter((method) => {
        if (called.has(method)) return false;
        const [repoName = ''] = method.split('.');
        const suite = COVERED_BY_OWN_SUITE[repoName];
        return (
          suite === undefined ||
          !readFileSync(new URL(suite, import.meta.url), 'utf8').includes(`.${method}(`)
        );
      });
      expect(uncalled).toStrictEqual([]);
    });
  });
}
