/**
 * Risk limits the platform sets per account, enforced when the counter creates a sale: a maximum total
 * per sale and a maximum total of the account's sales per local day (the day at the selling location's time
 * zone). Counted toward
 * the day: sales being paid or paid (awaiting_payment, processing, requires_capture, succeeded,
 * partially_refunded). Refusals are 409 risk_limit_exceeded with a message the counter shows as is.
 */
import { formatMoney } from '@countertop/shared';
import type { Repositories } from '../db/repositories/index.ts';
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

/** Throws 409 risk_limit_exceeded when the sale would break the account's limits; call in the recording transaction. */
export async function enforceRiskLimits(repos: Repositories, input: RiskCheckInput): Promise<void> {
  const limits = await repos.console.accountExtras(input.accountId);
  const money = (amountMinor: number) => formatMoney(amountMinor, input.currency);
  if (limits.maxSaleMinor !== null && input.totalMinor > limits.maxSaleMinor) {
    throw new AppError(
      'risk_limit_exceeded',
      `This sale (${money(input.totalMinor)}) is over ${input.businessName}'s limit of ${money(limits.maxSaleMinor)} per sale. Split it or ask the platform to raise the limit.`,
    );
  }
  if (limits.maxDailyMinor !== null) {
    // Under the account's row lock until the sale is recorded: two registers cannot both take the last
    // room under the daily limit.
    await repos.accounts.lockForUpdate(input.accountId);
    const bounds = dayBoundsMs(localDayOf(input.nowMs, input.timeZone), input.timeZone);
    const soFar = await repos.console.salesTotalOfAccount(input.accountId, bounds.startMs, bounds.endMs);
    if (soFar + input.totalMinor > limits.maxDailyMinor) {
      throw new AppError(
        'risk_limit_exceeded',
        `This sale would take today's sales to ${money(soFar + input.totalMinor)}, over ${input.businessName}'s daily limit of ${money(limits.maxDailyMinor)}. Ask the platform to raise the limit.`,
      );
    }
  }
}
