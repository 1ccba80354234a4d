/**
 * DisputesGateway: the port services use for disputes, in our words. A dispute lives where its charge lives:
 * on the connected account for a direct charge (requests carry `Stripe-Account`; the account's balance carries
 * the chargeback) or on the platform for a destination charge (the platform's balance carries it) — the
 * `DisputeScope`. Reads re-derive a dispute from Stripe (webhooks never trust an event's payload); writes save
 * or submit evidence and upload evidence files, each with an idempotency key derived from our ids. The adapter
 * is `adapters/disputes.adapter.ts`; failures are GatewayError (`adapters/errors.ts`).
 */
import type { DisputeStatus } from '@countertop/shared';
import type { AccountContext } from './payments.port.ts';
import type { CreatedWindow } from './reporting.port.ts';

/** A connected account's Stripe id (direct charges), or null for the platform (destination charges). */
export type DisputeScope = string | null;

/** A balance transaction a dispute caused: the chargeback (`dispute`) or its reversal (`dispute_reversal`). */
export interface DisputeBalanceTransactionView {
  id: string;
  reportingCategory: string;
  amountMinor: number;
  /** The dispute fee (negative when returned). */
  feeMinor: number;
  netMinor: number;
  currency: string;
  createdMs: number;
}

export interface DisputeView {
  id: string;
  chargeId: string;
  paymentIntentId: string | null;
  amountMinor: number;
  currency: string;
  reason: string;
  status: DisputeStatus;
  /** `evidence_details.due_by`, null when Stripe gives none. */
  evidenceDueByMs: number | null;
  hasEvidence: boolean;
  pastDue: boolean;
  submissionCount: number;
  isChargeRefundable: boolean;
  createdMs: number;
  /** Stripe's `evidence`: text fields, and file fields holding file ids (null: empty). */
  evidence: Record<string, string | null>;
  balanceTransactions: DisputeBalanceTransactionView[];
}

export interface EvidenceFileUpload {
  fileName: string;
  /** The media type the browser sent, e.g. `application/pdf`. */
  mediaType: string;
  data: Uint8Array;
}

/** A dispute balance transaction seen from a balance's side, with the dispute's charge (reconciliation). */
export interface DisputeTransactionView extends DisputeBalanceTransactionView {
  disputeId: string;
  chargeId: string;
}

export interface DisputesGateway {
  retrieveDispute(scope: DisputeScope, disputeId: string): Promise<DisputeView>;
  /**
   * Saves evidence (text fields, and file fields naming uploaded files; an empty string clears a field) and,
   * with `submit`, sends it to the card network (then nothing can change).
   */
  updateEvidence(
    scope: DisputeScope,
    disputeId: string,
    input: { evidence: Record<string, string>; submit: boolean; idempotencyKey: string },
  ): Promise<DisputeView>;
  /** Uploads a file with purpose `dispute_evidence` where the dispute lives. */
  uploadEvidenceFile(
    scope: DisputeScope,
    file: EvidenceFileUpload,
    idempotencyKey: string,
  ): Promise<{ id: string; type: string | null; sizeBytes: number }>;
  /**
   * Dispute balance transactions created in the window on the balance that holds the account's charges (the
   * account's own for direct charges; the platform's for destination charges, kept to disputes of charges paid
   * to this account), each with its dispute's charge.
   */
  listDisputeTransactions(account: AccountContext, window: CreatedWindow): Promise<DisputeTransactionView[]>;
}
