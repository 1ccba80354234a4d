/**
 * Failed and canceled payouts (`payout.failed`, `payout.canceled`), as recorded from Stripe's events:
 * `GET /api/merchant/payout-failures` (the merchant's own) and `GET /api/platform/payout-failures` (every
 * account's, for the platform). Stripe's `failure_code` comes with `failureText`, the same in plain words.
 */
import { z } from 'zod';

const Minor = z.number().int();

export const PayoutFailureSchema = z.object({
  payoutId: z.string(),
  accountId: z.string(),
  businessName: z.string(),
  status: z.enum(['failed', 'canceled']),
  amountMinor: Minor,
  currency: z.string(),
  /** Stripe's `failure_code`, e.g. `account_closed`; null for a canceled payout. */
  failureCode: z.string().nullable(),
  /** What happened and what to do, in plain words. */
  failureText: z.string(),
  /** Stripe's own `failure_message`. */
  failureMessage: z.string().nullable(),
  /** When the payout was expected at the bank. */
  arrivalDate: z.string(),
  /** Made by the payout schedule (false: requested by hand). */
  automatic: z.boolean(),
  /** When it failed or was canceled. */
  failedAt: z.string(),
  /** When the owner was e-mailed about it, or null (no owner yet, or not sent yet). */
  ownerNotifiedAt: z.string().nullable(),
});
export type PayoutFailureDto = z.infer<typeof PayoutFailureSchema>;

export const PayoutFailuresResponseSchema = z.object({ failures: z.array(PayoutFailureSchema) });
export type PayoutFailuresResponse = z.infer<typeof PayoutFailuresResponseSchema>;

/** `GET /api/platform/payout-failures?accountId=&limit=`: newest first. */
export const PlatformPayoutFailuresQuerySchema = z.object({
  accountId: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
