/**
 * Platform-wide reconciliation: one local day of every merchant account (or one account) reconciled against
 * Stripe's charges, refunds, application fees and balance transactions, by reusing the merchant reports
 * service's per-account reconciliation (same matching, same windows, same domain function) — nothing is
 * recomputed here. Used by `GET /api/platform/reconciliation`, the `reconcile` command and the daily job.
 */
import type { ReconciliationResponse } from '@countertop/shared';
import type { FoundationRepos } from '../db/repos.ts';
import { notFound } from '../errors.ts';
import type { Clock, Logger } from '../runtime.ts';
import type { MerchantViewer } from './merchant-access.ts';
import type { ReportsService } from './reports.service.ts';

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
  repos: Pick<FoundationRepos, 'accounts' | 'locations'>;
  reports: Pick<ReportsService, 'reconciliation'>;
  clock: Clock;
  log?: Logger;
}

export function createPlatformReconciliationService({
  repos,
  reports,
  clock,
  log = () => {},
}: PlatformReconciliationDeps) {
  function platformViewer(accountId: string): MerchantViewer {
    const account = repos.accounts.findById(accountId);
    if (!account) throw notFound('not_found', 'No such account.');
    return {
      kind: 'owner',
      account,
      locations: repos.locations.listByAccount(account.id),
      label: 'Platform reconciliation',
      name: 'Platform reconciliation',
      staffId: null,
      userId: null,
    };
  }

  async function reconcileDay(date: string, accountId?: string): Promise<PlatformReconciliation> {
    const accounts = accountId ? [platformViewer(accountId).account] : repos.accounts.list();
    const results: AccountReconciliation[] = [];
    for (const account of accounts) {
      const viewer = platformViewer(account.id);
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

/** Runs `job` every day at `hourUtc` (checked each minute); `stop()` cancels it. */
export function scheduleDaily(hourUtc: number, job: () => Promise<unknown>, clock: Clock, log: Logger) {
  let lastRunDate: string | null = null;
  const tick = () => {
    const now = new Date(clock.nowMs());
    const today = now.toISOString().slice(0, 10);
    if (now.getUTCHours() !== hourUtc || lastRunDate === today) return;
    lastRunDate = today;
    job().catch((error: unknown) => log(`reconciliation: daily run failed: ${String(error)}`));
  };
  const timer = setInterval(tick, 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
