/**
 * The repositories' contract: what every method of every repository (`src/db/repositories/*.repo.ts`) does,
 * identically on every backend. Records read back as inserted (numbers as JS numbers, flags as booleans,
 * JSON round-tripped, nulls as null); orderings, half-open windows, upserts and ON CONFLICT outcomes,
 * counts and sums; the application fee ledger its triggers keep; and the Database's transactions (all or
 * nothing, repositories bound to the transaction, the root connection refused inside one, `lockForUpdate`
 * holding a second transaction until the first commits).
 *
 * One file per repository under repositories/, sharing repositories/harness.ts; this file registers them all
 * in one describe per backend, so that they share one recording wrapper: tests call the repositories through
 * it, and the last test checks that every method of every repository was called by some test (fixture rows
 * are written through the unrecorded repositories, so a method only counts when a test exercised it on
 * purpose).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeAccountsContract } from './repositories/accounts.contract.ts';
import { describeAuditContract } from './repositories/audit.contract.ts';
import { describeConsoleContract } from './repositories/console.contract.ts';
import { describeDisputesContract } from './repositories/disputes.contract.ts';
import { describeFeeLedgerContract } from './repositories/fee-ledger.contract.ts';
import {
  allMethods,
  type RepositoriesContractSubject,
  useRepositoriesHarness,
} from './repositories/harness.ts';
import { describeLocationsContract } from './repositories/locations.contract.ts';
import { describeOutboxContract } from './repositories/outbox.contract.ts';
import { describePaymentsContract } from './repositories/payments.contract.ts';
import { describePlatformContract } from './repositories/platform.contract.ts';
import { describeProductsContract } from './repositories/products.contract.ts';
import { describeReadersContract } from './repositories/readers.contract.ts';
import { describeRecoveryContract } from './repositories/recovery.contract.ts';
import { describeRegisterDevicesContract } from './repositories/register-devices.contract.ts';
import { describeRegistersContract } from './repositories/registers.contract.ts';
import { describeReportRollupsContract } from './repositories/report-rollups.contract.ts';
import { describeReportsContract } from './repositories/reports.contract.ts';
import { describeSaleLocksContract } from './repositories/sale-locks.contract.ts';
import { describeSalesContract } from './repositories/sales.contract.ts';
import { describeSessionsContract } from './repositories/sessions.contract.ts';
import { describeSignInLimitsContract } from './repositories/sign-in-limits.contract.ts';
import { describeStaffContract } from './repositories/staff.contract.ts';
import { describeTransactionsContract } from './repositories/transactions.contract.ts';
import { describeUsersContract } from './repositories/users.contract.ts';
import { describeWebhookEventsContract } from './repositories/webhook-events.contract.ts';

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

export function describeRepositoriesContract(name: string, subject: () => RepositoriesContractSubject) {
  describe(`Repositories contract: ${name}`, () => {
    const h = useRepositoriesHarness(subject);

    describePlatformContract(h);
    describeAccountsContract(h);
    describeLocationsContract(h);
    describeRegistersContract(h);
    describeReadersContract(h);
    describeStaffContract(h);
    describeSessionsContract(h);
    describeSignInLimitsContract(h);
    describeProductsContract(h);
    describeSalesContract(h);
    describePaymentsContract(h);
    describeWebhookEventsContract(h);
    describeReportsContract(h);
    describeRecoveryContract(h);
    describeUsersContract(h);
    describeAuditContract(h);
    describeConsoleContract(h);
    describeFeeLedgerContract(h);
    describeSaleLocksContract(h);
    describeTransactionsContract(h);
    describeOutboxContract(h);
    describeRegisterDevicesContract(h);
    describeDisputesContract(h);
    describeReportRollupsContract(h);

    // coverage ---------------------------------------------------------------------------------------

    it('exercises every method of every repository (must run last)', async () => {
      const methods = allMethods(h.raw);
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
        if (h.called.has(method)) return false;
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
