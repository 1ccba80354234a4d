/**
 * Every repository over one Queryable (the root database or a transaction). Built lazily: a transaction
 * creates only the repositories its work touches.
 */
import type { Queryable } from '../schema.ts';
import { type AccountsRepo, createAccountsRepo } from './accounts.repo.ts';
import { type AuditRepo, createAuditRepo } from './audit.repo.ts';
import { type CategoriesRepo, createCategoriesRepo } from './categories.repo.ts';
import { createDiscountsRepo, type DiscountsRepo } from './discounts.repo.ts';
import { createDisputesRepo, type DisputesRepo } from './disputes.repo.ts';
import { createDrawerRepo, type DrawerRepo } from './drawer.repo.ts';
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

export function createRepositories(db: Queryable, context: RepositoryContext): Repositories {
  const built: Partial<Record<keyof Repositories, unknown>> = {};
  const repositories = {} as Repositories;
  for (const name of Object.keys(FACTORIES) as (keyof Repositories)[]) {
    Object.defineProperty(repositories, name, {
      enumerable: true,
      get() {
        if (!(name in built)) built[name] = FACTORIES[name](db, context);
        return built[name];
      },
    });
  }
  return repositories;
}
