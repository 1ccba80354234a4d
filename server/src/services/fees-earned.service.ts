/**
 * The platform's fees earned: application fees per account and per UTC day or month (collected minus
 * refunded) from the fee ledger (db/repositories/fee-ledger.repo.ts), its CSV export, and the scheduled
 * sync that brings Stripe's application fee objects into the ledger. Fees earned only reads; how fresh the
 * ledger is (the last sync) is part of every answer.
 */
import { type FeesEarnedResponse, type FeesEarnedRow, orderFeesEarned } from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { Account } from '../db/repositories/accounts.repo.ts';
import { DAY_MS } from '../db/repositories/fee-ledger.repo.ts';
import { formatMinorAsDecimal, toCsv } from '../domain/csv.ts';
import { AppError } from '../errors.ts';
import type { Clock } from '../runtime.ts';
import type { ConnectGateway } from '../stripe/connect.port.ts';
import { forConsole } from './stripe-errors.ts';

export interface FeesEarnedDeps {
  database: Database;
  connect: ConnectGateway;
  clock: Clock;
}

/** What one application fee sync did. */
export interface ApplicationFeeSyncResult {
  /** Stripe's fee objects listed and upserted into the ledger (the overlap lists some again). */
  feesListed: number;
  /** The ledger now matches Stripe's fee objects created up to this instant (ISO). */
  checkedThrough: string;
}

/** Fees earned cover this much by default; the first fee sync lists Stripe's fee objects this far back. */
const FEES_EARNED_DEFAULT_WINDOW_MS = 90 * DAY_MS;

/** Each sync re-lists this much before the previous one's end, for fee objects Stripe showed late. */
const SYNC_OVERLAP_MS = 10 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

export function createFeesEarnedService({ database, connect, clock }: FeesEarnedDeps) {
  const { repos } = database;
  /** Whether the last application fee sync of this process reached Stripe and recorded what it listed. */
  let lastFeeSyncSucceeded = true;

  async function requireAccount(accountId: string): Promise<Account> {
    const account = await repos.accounts.findById(accountId);
    if (!account) throw new AppError('account_not_found', 'No such merchant account.');
    return account;
  }

  return {
    /**
     * Brings Stripe's application fee objects created since the last sync (minus a small overlap for
     * objects that became visible late) into the fee ledger; the first sync, or one after a gap longer
     * than the default report window, lists the whole window. For the scheduled job: fees earned only
     * reads the ledger and reports how fresh it is. Throws when Stripe cannot be listed (the report then
     * says so, and answers from what is recorded).
     */
    async syncApplicationFees(): Promise<ApplicationFeeSyncResult> {
      try {
        const state = await repos.feeLedger.syncState();
        const startedAtMs = clock.nowMs();
        const windowStartMs = startedAtMs - FEES_EARNED_DEFAULT_WINDOW_MS;
        const listFromMs =
          state === null || windowStartMs < state.fromMs
            ? windowStartMs
            : Math.max(windowStartMs, state.throughMs - SYNC_OVERLAP_MS);
        const fees = await forConsole(connect.listApplicationFees(null, listFromMs));
        const throughMs = Math.max(state?.throughMs ?? 0, startedAtMs);
        await database.transaction((tx) =>
          tx.feeLedger.recordStripeFees(fees, {
            fromMs: state === null ? listFromMs : Math.min(state.fromMs, listFromMs),
            throughMs,
          }),
        );
        lastFeeSyncSucceeded = true;
        return { feesListed: fees.length, checkedThrough: iso(throughMs) };
      } catch (error) {
        lastFeeSyncSucceeded = false;
        throw error;
      }
    },

    /**
     * Fees earned per account and per UTC day or month (collected minus refunded), newest first with
     * the range's totals per currency; UTC is the platform's zone for this report (stated in `timeZone`),
     * as the fee ledger is kept per UTC day. From the local fee
     * ledger's daily rollups (0006), which `syncApplicationFees` keeps in step with Stripe's application
     * fee objects; `stripeSync` says whether the last sync reached Stripe and how far the ledger was
     * checked. Sales whose recorded fee differs from Stripe's are listed as mismatches. Only reads.
     */
    async feesEarned(options: {
      accountId?: string;
      period: 'day' | 'month';
      fromDate?: string;
    }): Promise<FeesEarnedResponse> {
      const account = options.accountId ? await requireAccount(options.accountId) : null;
      const sinceMs = options.fromDate
        ? Date.parse(`${options.fromDate}T00:00:00Z`)
        : clock.nowMs() - FEES_EARNED_DEFAULT_WINDOW_MS;
      const syncState = await repos.feeLedger.syncState();
      const stripeAccountId = account?.stripeAccountId ?? null;
      const accounts = new Map((await repos.accounts.list()).map((a) => [a.stripeAccountId, a]));
      const rows = new Map<string, FeesEarnedRow>();
      const dayLabels = new Map<number, string>();
      // By month, the database sums each month's days (from the month of `sinceMs` through this one; a fee
      // dated later still comes back per day and is labelled with its own month below).
      const monthBounds = options.period === 'month' ? monthBoundDays(sinceMs, clock.nowMs()) : undefined;
      for (const totals of await repos.feeLedger.totalsSince(sinceMs, stripeAccountId, monthBounds)) {
        const owner = accounts.get(totals.stripeAccountId);
        let day = dayLabels.get(totals.utcDay);
        if (day === undefined) {
          day = iso(totals.utcDay * DAY_MS).slice(0, 10);
          dayLabels.set(totals.utcDay, day);
        }
        const period = options.period === 'day' ? day : day.slice(0, 7);
        const accountId = owner?.id ?? totals.stripeAccountId;
        const key = `${period}|${accountId}|${totals.currency}`;
        let row = rows.get(key);
        if (row === undefined) {
          row = {
            period,
            accountId,
            businessName: owner?.businessName ?? totals.stripeAccountId,
            currency: totals.currency,
            feesCount: 0,
            collectedMinor: 0,
            refundedMinor: 0,
            netMinor: 0,
          };
          rows.set(key, row);
        }
        row.feesCount += totals.feesCount;
        row.collectedMinor += totals.collectedMinor;
        row.refundedMinor += totals.refundedMinor;
        row.netMinor = row.collectedMinor - row.refundedMinor;
      }
      // Newest first (days in UTC: the fee ledger's days), with the range's totals per currency.
      const { rows: sorted, totals } = orderFeesEarned(rows.values());
      return {
        period: options.period,
        timeZone: 'UTC',
        rows: sorted,
        totals,
        mismatches: await repos.feeLedger.mismatchesSince(sinceMs, stripeAccountId),
        stripeSync: {
          ok: lastFeeSyncSucceeded,
          checkedThrough: syncState ? iso(syncState.throughMs) : null,
        },
      };
    },

    feesEarnedCsv(report: FeesEarnedResponse): string {
      return toCsv(
        ['period', 'account_id', 'business_name', 'currency', 'fees_count', 'collected', 'refunded', 'net'],
        report.rows.map((row) => [
          row.period,
          row.accountId,
          row.businessName,
          row.currency.toUpperCase(),
          row.feesCount,
          formatMinorAsDecimal(row.collectedMinor, row.currency),
          formatMinorAsDecimal(row.refundedMinor, row.currency),
          formatMinorAsDecimal(row.netMinor, row.currency),
        ]),
        { byteOrderMark: true },
      );
    },
  };
}

export type FeesEarnedService = ReturnType<typeof createFeesEarnedService>;

/**
 * The UTC day numbers of the first day of each month from the month of `fromMs` through the month of `toMs`,
 * then of the month after it (the end of the last month).
 */
function monthBoundDays(fromMs: number, toMs: number): number[] {
  const bounds: number[] = [];
  const from = new Date(fromMs);
  const to = new Date(Math.max(fromMs, toMs));
  const lastMonth = to.getUTCFullYear() * 12 + to.getUTCMonth();
  for (let month = from.getUTCFullYear() * 12 + from.getUTCMonth(); month <= lastMonth + 1; month += 1) {
    bounds.push(Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS);
  }
  return bounds;
}
