/**
 * Every repository over one Queryable (the root database or a transaction). Built lazily: a transaction
 * creates only the repositories its work touches. `REPOSITORY_NAMES` lists them (the object's own keys
 * do not: its getters are on its prototype).
 */
import type { Queryable } from '../schema.ts';
import { type AccountsRepo, createAccountsRepo } from './accounts.repo.ts';
import { type AuditRepo, createAuditRepo } from './audit.repo.ts';
import { type CategoriesRepo, createCategoriesRepo } from './categories.repo.ts';
import { createDiscountsRepo, type DiscountsRepo } from './discounts.repo.ts';
import { createDisputesRepo, type DisputesRepo } from './disputes.repo.ts';
import { createDrawerRepo, type DrawerRepo } from './drawer.repo.ts';
import { createFeeLedgerRepo, type FeeLedgerRepo } from './fee-ledger.repo.ts';
import { createLocationsRepo, type LocationsRepo } from './locations.repo.ts';
import { createModifiersRepo, type ModifiersRepo } from './modifiers.repo.ts';
import { createOutboxRepo, type OutboxRepo } from './outbox.repo.ts';
import { createPaymentsRepo, type PaymentsRepo } from './payments.repo.ts';
import { createPayoutFailuresRepo, type PayoutFailuresRepo } from './payout-failures.repo.ts';
import { createPlatformRepo, type PlatformRepo } from './platform.repo.ts';
import { createPlatformConsoleRepo, type PlatformConsoleRepo } from './platform-console.repo.ts';
import { createProductsRepo, type ProductsRepo } from './products.repo.ts';
import { createReadersRepo, type ReadersRepo } from './readers.repo.ts';
import { createRecoveryRepo, type RecoveryRepo } from './recovery.repo.ts';
import { createRefundsRepo, type RefundsRepo } from './refunds.repo.ts';
import { createRegisterDevicesRepo, type RegisterDevicesRepo } from './register-devices.repo.ts';
import { createRegistersRepo, type RegistersRepo } from './registers.repo.ts';
import { createReportRollupsRepo, type ReportRollupsRepo } from './report-rollups.repo.ts';
import { createReportsRepo, type ReportsRepo } from './reports.repo.ts';
import { createRolesRepo, type RolesRepo } from './roles.repo.ts';
import { createSaleLocksRepo, type SaleLocksRepo } from './sale-locks.repo.ts';
import { createSalesRepo, type SaleLinesCache, type SalesRepo } from './sales.repo.ts';
import { createSessionsRepo, type SessionsRepo } from './sessions.repo.ts';
import { createSignInLimitsRepo, type SignInLimitsRepo } from './sign-in-limits.repo.ts';
import { createStaffRepo, type StaffRepo } from './staff.repo.ts';
import { createTendersRepo, type TendersRepo } from './tenders.repo.ts';
import { createUsersRepo, type UsersRepo } from './users.repo.ts';
import { createWebhookEventsRepo, type WebhookEventsRepo } from './webhook-events.repo.ts';

export interface Repositories {
  readonly platform: PlatformRepo;
  readonly accounts: AccountsRepo;
  readonly locations: LocationsRepo;
  readonly registers: RegistersRepo;
  readonly readers: ReadersRepo;
  readonly staff: StaffRepo;
  readonly sessions: SessionsRepo;
  readonly products: ProductsRepo;
  readonly sales: SalesRepo;
  readonly payments: PaymentsRepo;
  readonly webhookEvents: WebhookEventsRepo;
  readonly reports: ReportsRepo;
  readonly reportRollups: ReportRollupsRepo;
  readonly recovery: RecoveryRepo;
  readonly users: UsersRepo;
  readonly audit: AuditRepo;
  readonly console: PlatformConsoleRepo;
  readonly feeLedger: FeeLedgerRepo;
  readonly saleLocks: SaleLocksRepo;
  readonly payoutFailures: PayoutFailuresRepo;
  readonly disputes: DisputesRepo;
  readonly outbox: OutboxRepo;
  readonly registerDevices: RegisterDevicesRepo;
  readonly signInLimits: SignInLimitsRepo;
  readonly categories: CategoriesRepo;
  readonly modifiers: ModifiersRepo;
  readonly discounts: DiscountsRepo;
  readonly tenders: TendersRepo;
  readonly drawer: DrawerRepo;
  readonly roles: RolesRepo;
  readonly refunds: RefundsRepo;
}

/** What the repositories of every transaction of one database share: its dialect and in-memory caches. */
export interface RepositoryContext {
  dialect: 'sqlite' | 'postgres';
  saleLines: SaleLinesCache;
}

type Factories = {
  [K in keyof Repositories]: (db: Queryable, context: RepositoryContext) => Repositories[K];
};

const FACTORIES: Factories = {
  platform: createPlatformRepo,
  accounts: (db, context) => createAccountsRepo(db, context.dialect),
  locations: createLocationsRepo,
  registers: createRegistersRepo,
  readers: createReadersRepo,
  staff: createStaffRepo,
  sessions: createSessionsRepo,
  products: createProductsRepo,
  sales: (db, context) => createSalesRepo(db, context),
  payments: createPaymentsRepo,
  webhookEvents: createWebhookEventsRepo,
  reports: createReportsRepo,
  reportRollups: createReportRollupsRepo,
  recovery: createRecoveryRepo,
  users: createUsersRepo,
  audit: createAuditRepo,
  console: createPlatformConsoleRepo,
  feeLedger: createFeeLedgerRepo,
  saleLocks: createSaleLocksRepo,
  payoutFailures: createPayoutFailuresRepo,
  disputes: createDisputesRepo,
  outbox: createOutboxRepo,
  registerDevices: createRegisterDevicesRepo,
  signInLimits: createSignInLimitsRepo,
  categories: createCategoriesRepo,
  modifiers: createModifiersRepo,
  discounts: createDiscountsRepo,
  tenders: createTendersRepo,
  drawer: createDrawerRepo,
  roles: createRolesRepo,
  refunds: createRefundsRepo,
};

/** The repositories' names, in declaration order. */
export const REPOSITORY_NAMES = Object.keys(FACTORIES) as readonly (keyof Repositories)[];

/**
 * The getters live on the prototype, defined once: a transaction's Repositories is one small object, and
 * each repository is built the first time its work asks for it.
 */
/** Where a Repositories object keeps its Queryable and built repositories (a symbol: not a repository). */
const STATE = Symbol('repositories');

interface LazyState {
  db: Queryable;
  context: RepositoryContext;
  built: Map<keyof Repositories, unknown>;
}

class LazyRepositories {
  readonly [STATE]: LazyState;
  constructor(db: Queryable, context: RepositoryContext) {
    this[STATE] = { db, context, built: new Map() };
  }
}
for (const name of REPOSITORY_NAMES) {
  Object.defineProperty(LazyRepositories.prototype, name, {
    get(this: LazyRepositories) {
      const state = this[STATE];
      let repository = state.built.get(name);
      if (repository === undefined) {
        repository = FACTORIES[name](state.db, state.context);
        state.built.set(name, repository);
      }
      return repository;
    },
  });
}

export function createRepositories(db: Queryable, context: RepositoryContext): Repositories {
  return new LazyRepositories(db, context) as unknown as Repositories;
}
