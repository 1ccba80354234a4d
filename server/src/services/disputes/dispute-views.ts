/**
 * A recorded dispute as the API shows it (merchant and platform): words for its reason and status, where it
 * stands, its deadline in the location's time zone, whether evidence can still be given, and the money it
 * moved.
 */
import type { MerchantDispute } from '@countertop/shared';
import type { DisputeRecord } from '../../db/repositories/disputes.repo.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import {
  cannotSubmitEvidenceReason,
  type DisputeMoney,
  disputeKind,
  disputeMoney,
  disputeOutcome,
  disputeReasonInWords,
  disputeStage,
  disputeStatusInWords,
} from '../../domain/disputes.ts';
import { formatLocalDateTime } from '../../domain/local-day.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The time zone a dispute's dates are shown in: its sale's location's, else the account's first location's
 * (a dispute on a charge that is not one of our sales), else UTC. Cached for one request or run.
 */
export function createDisputeZones(repos: Repositories) {
  const byLocation = new Map<string, string>();
  const byAccount = new Map<string, string>();
  return async (dispute: Pick<DisputeRecord, 'accountId' | 'locationId'>): Promise<string> => {
    if (dispute.locationId !== null) {
      let zone = byLocation.get(dispute.locationId);
      if (zone === undefined) {
        zone = (await repos.locations.findById(dispute.locationId))?.timeZone ?? 'UTC';
        byLocation.set(dispute.locationId, zone);
      }
      return zone;
    }
    let zone = byAccount.get(dispute.accountId);
    if (zone === undefined) {
      zone = (await repos.locations.listByAccount(dispute.accountId))[0]?.timeZone ?? 'UTC';
      byAccount.set(dispute.accountId, zone);
    }
    return zone;
  };
}

/** The money each dispute moved, from its recorded balance transactions. */
export async function moneyOfDisputes(
  repos: Repositories,
  disputes: readonly DisputeRecord[],
): Promise<Map<string, DisputeMoney>> {
  const transactions = await repos.disputes.balanceTransactionsOf(disputes.map((dispute) => dispute.id));
  return new Map(
    disputes.map((dispute) => [
      dispute.id,
      disputeMoney(transactions.filter((transaction) => transaction.disputeId === dispute.id)),
    ]),
  );
}

export function toDisputeDto(
  dispute: DisputeRecord,
  context: { money: DisputeMoney | undefined; timeZone: string; nowMs: number },
): MerchantDispute {
  const { timeZone } = context;
  const money = context.money ?? { withdrawnMinor: 0, reinstatedMinor: 0, feesMinor: 0, netMinor: 0 };
  const cannotSubmitReason = cannotSubmitEvidenceReason(dispute, context.nowMs);
  return {
    id: dispute.id,
    accountId: dispute.accountId,
    saleId: dispute.saleId,
    locationId: dispute.locationId,
    amountMinor: dispute.amountMinor,
    currency: dispute.currency,
    reason: dispute.reason,
    reasonText: disputeReasonInWords(dispute.reason),
    status: dispute.status,
    statusText: disputeStatusInWords(dispute.status),
    kind: disputeKind(dispute.status),
    stage: disputeStage(dispute.status),
    outcome: disputeOutcome(dispute.status),
    evidenceDueBy: dispute.evidenceDueByMs === null ? null : iso(dispute.evidenceDueByMs),
    evidenceDueByLocal:
      dispute.evidenceDueByMs === null ? null : formatLocalDateTime(dispute.evidenceDueByMs, timeZone),
    timeZone,
    pastDue: dispute.pastDue,
    hasEvidence: dispute.hasEvidence,
    submissionCount: dispute.submissionCount,
    canSubmitEvidence: cannotSubmitReason === null,
    cannotSubmitReason,
    chargeRefundable: dispute.chargeRefundable,
    chargeId: dispute.chargeId,
    paymentIntentId: dispute.paymentIntentId,
    withdrawnMinor: money.withdrawnMinor,
    reinstatedMinor: money.reinstatedMinor,
    feesMinor: money.feesMinor,
    netMinor: money.netMinor,
    openedAt: iso(dispute.stripeCreatedAtMs),
    openedLocal: formatLocalDateTime(dispute.stripeCreatedAtMs, timeZone),
    closedAt: dispute.closedAtMs === null ? null : iso(dispute.closedAtMs),
    updatedAt: iso(dispute.updatedAtMs),
    carriedBy: dispute.carriedBy,
  };
}
