/**
 * Risk limits the platform sets per account, enforced when the counter creates a sale: a maximum total
 * per sale and a maximum total of the account's sales per local day (the day at the selling location's time
 * zone). Counted toward
 * the day: sales being paid or paid (awaiting_payment, processing, requires_capture, succeeded,
 * partially_refunded). Refusals are 409 risk_limit_exceeded with a message the counter shows as is.
 */
import { formatMoney } from '@countertop/shared';
import type { Db } from '../db/open.ts';
import { createPlatformConsoleRepo } from '../db/platform-console.repo.ts';
import { dayBoundsMs, localDayOf } from '../domain/local-day.ts';
import { AppError } from '../errors.ts';

export interface RiskCheckInput {
  accountId: string;
  businessName: string;
  currency: string;
  locationId: string;
  timeZone: string;
  /** The new sale's total (before any tip), minor units. */
  totalMinor: number;
  nowMs: number;
}

// One repository (its prepared statements) per database, not one per sale: building it prepares dozens.
const repos = new WeakMap<Db, ReturnType<typeof createPlatformConsoleRepo>>();
function consoleRepoOf(db: Db): ReturnType<typeof createPlatformConsoleRepo> {
  let repo = repos.get(db);
  if (!repo) {
    repo = createPlatformConsoleRepo(db);
    repos.set(db, repo);
  }
  return repo;
}

/** Throws 409 risk_limit_exceeded when the sale would break the account's limits. */
export function enforceRiskLimits(db: Db, input: RiskCheckInput): void {
  const repo = consoleRepoOf(db);
  const limits = repo.accountExtras(input.accountId);
  const money = (amountMinor: number) => formatMoney(amountMinor, input.currency);
  if (limits.maxSaleMinor !== null && input.totalMinor > limits.maxSaleMinor) {
    throw new AppError(
      'risk_limit_exceeded',
      `This sale (${money(input.totalMinor)}) is over ${input.businessName}'s limit of ${money(limits.maxSaleMinor)} per sale. Split it or ask the platform to raise the limit.`,
    );
  }
  if (limits.maxDailyMinor !== null) {
    const bounds = dayBoundsMs(localDayOf(input.nowMs, input.timeZone), input.timeZone);
    const soFar = repo.salesTotalOfAccount(input.accountId, bounds.startMs, bounds.endMs);
    if (soFar + input.totalMinor > limits.maxDailyMinor) {
      throw new AppError(
        'risk_limit_exceeded',
        `This sale would take today's sales to ${money(soFar + input.totalMinor)}, over ${input.businessName}'s daily limit of ${money(limits.maxDailyMinor)}. Ask the platform to raise the limit.`,
      );
    }
  }
}
