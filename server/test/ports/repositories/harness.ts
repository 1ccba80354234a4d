/**
 * The shared pieces of the repositories' contract (repositories.contract.ts and the per-repository files beside
 * this one): the recording wrapper, the clock's day, and the harness a contract's describe registers: a fresh
 * database for every test, the repositories through the recording wrapper (`repos`, `db`) and without it
 * (`raw`, for fixture rows), a manual clock, and the fixture helpers.
 */
import { afterEach, beforeEach } from 'vitest';
import type { Database } from '../../../src/db/database.ts';
import type { Account } from '../../../src/db/repositories/accounts.repo.ts';
import { REPOSITORY_NAMES, type Repositories } from '../../../src/db/repositories/index.ts';
import type { Location } from '../../../src/db/repositories/locations.repo.ts';
import type { NewJournalRefund } from '../../../src/db/repositories/refunds.repo.ts';
import type { Register } from '../../../src/db/repositories/registers.repo.ts';
import type { NewSale, SaleRecord, SaleStatePatch } from '../../../src/db/repositories/sales.repo.ts';
import type { Staff, StaffRole } from '../../../src/db/repositories/staff.repo.ts';
import { createManualClock } from '../../../src/runtime.ts';
import type { CardDetails } from '../../../src/stripe/payments.port.ts';
import type { TestBackend } from '../../support/databases.ts';
import { buildAccount, buildLocation, buildRegister } from '../../support/factories.ts';
import type { BackendDatabase } from '../backend-databases.ts';

export interface RepositoriesContractSubject {
  backend: TestBackend;
  /** A new, empty, migrated database (closed by the suite after each test). */
  open(): Promise<BackendDatabase>;
}

export const DAY_MS = 86_400_000;
/** Midnight UTC of 2026-01-15, the manual clock's day. */
export const DAY0 = Date.UTC(2026, 0, 15);
export const UTC_DAY0 = DAY0 / DAY_MS;
export const HOUR_MS = 3_600_000;

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

export function recordingDatabase(database: Database, called: Set<string>): Database {
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

/** Every `repo.method` a Repositories object offers. */
export function allMethods(repos: Repositories): string[] {
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
export async function within<T>(
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

export const errorMessage = (outcome: { value: unknown } | { error: unknown } | 'hung'): string =>
  typeof outcome === 'object' && 'error' in outcome && outcome.error instanceof Error
    ? outcome.error.message
    : `not an error: ${JSON.stringify(outcome)}`;

export const CARD_DETAILS: CardDetails = {
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

// Harness ------------------------------------------------------------------------------------------

export interface Merchant {
  account: Account;
  location: Location;
  register: Register;
  staff: Staff;
}

export type RepositoriesHarness = ReturnType<typeof useRepositoriesHarness>;

/**
 * Registers, in the calling describe, a fresh database for every test (closed after it) behind the recording
 * wrapper, which adds every `repo.method` a test calls to `called`. The state is read at test time
 * (`h.repos`, `h.raw`, `h.db`, `h.clock`, `h.opened`); the fixture helpers write through the unrecorded
 * repositories.
 */
export function useRepositoriesHarness(subject: () => RepositoriesContractSubject) {
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

  // Fixtures (through the unrecorded repositories) -----------------------------------------------

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

  return {
    /** Every `repo.method` a test called through `repos` or `db`, on this backend. */
    called,
    get opened() {
      return opened;
    },
    get db() {
      return db;
    },
    get repos() {
      return repos;
    },
    get raw() {
      return raw;
    },
    get clock() {
      return clock;
    },
    nextId,
    ctx,
    addStaff,
    merchant,
    newSale,
    insertSale,
    paidSale,
    refundOf,
  };
}
