/**
 * Platform application fees (pure). A fee plan is basis points of the charged amount plus a fixed part,
 * clamped to a floor and an optional ceiling, and never more than the amount itself.
 */

export interface FeePlan {
  /** Percentage part in basis points (1 bps = 0.01 %), e.g. 290 for 2.9 %. */
  bps: number;
  /** Fixed part in minor units of the sale's currency, e.g. 30 for $0.30. */
  fixedMinor: number;
  /** Floor in minor units (0 for none). */
  minMinor: number;
  /** Ceiling in minor units, or null for none. */
  maxMinor: number | null;
}

/** Rounds `numerator / denominator` half up, for non-negative integers, exactly (BigInt). */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n)
    throw new RangeError('divideRoundHalfUp expects numerator ≥ 0, denominator > 0');
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** `amountMinor × bps / 10 000`, rounded half up to a whole minor unit. Integer math only. */
export function basisPointsOf(amountMinor: number, bps: number): number {
  assertNonNegativeInteger(amountMinor, 'amountMinor');
  assertNonNegativeInteger(bps, 'bps');
  return Number(divideRoundHalfUp(BigInt(amountMinor) * BigInt(bps), 10_000n));
}

/**
 * The application fee on a charge of `amountMinor`:
 *
 *   fee = clamp(roundHalfUp(amountMinor × bps / 10 000) + fixedMinor, minMinor, maxMinor ?? ∞)
 *   fee = min(fee, amountMinor)        — Stripe caps the fee at the captured amount; so do we
 *
 * Everything is integer minor units of the charge's currency (cents for USD, yen for JPY), so the rule
 * is the same for zero-decimal currencies; the plan's fixed/min/max are in that currency's minor units.
 * Rounding: exactly half a minor unit rounds up (e.g. 2.9 % of 1050 = 30.45 → 30; of 1550 = 44.95 → 45).
 */
export function applicationFeeMinor(amountMinor: number, plan: FeePlan): number {
  assertNonNegativeInteger(amountMinor, 'amountMinor');
  assertNonNegativeInteger(plan.fixedMinor, 'fixedMinor');
  assertNonNegativeInteger(plan.minMinor, 'minMinor');
  if (plan.maxMinor !== null) assertNonNegativeInteger(plan.maxMinor, 'maxMinor');
  let fee = basisPointsOf(amountMinor, plan.bps) + plan.fixedMinor;
  fee = Math.max(fee, plan.minMinor);
  if (plan.maxMinor !== null) fee = Math.min(fee, plan.maxMinor);
  return Math.min(fee, amountMinor);
}

function assertNonNegativeInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}
