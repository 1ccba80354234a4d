/**
 * Platform-wide reconciliation: one local day of every merchant account (or one account) reconciled against
 * Stripe's charges, refunds, application fees and balance transactions, by reusing the merchant reports
 * service's per-account reconciliation (same matching, same windows, same domain function) — nothing is
 * recomputed here. Used by `GET /api/platform/reconciliation`, the `reconcile` command and the daily job.
 */

import type { ReconciliationResponse } from '@countertop/shared';
import { PERMISSIONS } from '@countertop/shared';
import type { Database } from '../db/database.ts';
import { notFound } from '../errors.ts';
import type { Clock, Logger } from '../runtime.ts';
import { MERCHANT_ACCESS_POLICY, type MerchantViewer } from './merchant-access.ts';
import type { ReportsService } from './reports/reports.service.ts';

export interface AccountReconciliation extends ReconciliationResponse {
  accountId: string;
  businessName: string;
}

export interface PlatformReconciliation {
  date: string;
  accounts: AccountReconciliation[];
  differencesCount: number;
}

export interface PlatformReconciliationDeps {
  database: Database;
  reports: Pick<ReportsService, 'reconciliation'>;
  clock: Clock;
  log?: Logger;
}

export function createPlatformReconciliationService({
  database,
  reports,
  clock,
  log = () => {},
}: PlatformReconciliationDeps) {
  const { repos } = database;

  /** The whole account seen as its owner would, on behalf of the platform. */
  async function platformViewer(accountId: string): Promise<MerchantViewer> {
    const account = await repos.accounts.findById(accountId);
    if (!account) throw notFound('not_found', 'No such account.');
    const locations = await repos.locations.listByAccount(account.id);
    return {
      kind: 'owner',
      policy: MERCHANT_ACCESS_POLICY.owner,
      account,
      seesWholeAccount: true,
      locations,
      permissions: new Set(PERMISSIONS),
      accountLocationCount: locations.length,
      label: 'Platform reconciliation',
      name: 'Platform reconciliation',
      staffId: null,
      userId: null,
    };
  }

  async function reconcileDay(date: string, accountId?: string): Promise<PlatformReconciliation> {
    const accounts = accountId ? [(await platformViewer(accountId)).account] : await repos.accounts.list();
    const results: AccountReconciliation[] = [];
    for (const account of accounts) {
      const viewer = await platformViewer(account.id);
      if (viewer.locations.length === 0) continue;
      const result = await reports.reconciliation(viewer, { date, locationId: 'all' });
      results.push({ ...result, accountId: account.id, businessName: account.businessName });
    }
    return {
      date,
      accounts: results,
      differencesCount: results.reduce((sum, result) => sum + result.differences.length, 0),
    };
  }

  return {
    reconcileDay,

    /** Yesterday (UTC date) for every account; logs each difference. For the daily scheduled run. */
    async runDaily(): Promise<PlatformReconciliation> {
      const date = new Date(clock.nowMs() - 86_400_000).toISOString().slice(0, 10);
      const result = await reconcileDay(date);
      log(
        `reconciliation: ${date}: ${result.accounts.length} accounts, ${result.differencesCount} differences`,
      );
      for (const account of result.accounts) {
        for (const difference of account.differences) {
          log(`reconciliation: ${date} ${account.accountId} ${difference.kind}: ${difference.message}`);
        }
      }
      return result;
    },
  };
}

export type PlatformReconciliationService = ReturnType<typeof createPlatformReconciliationService>;
