// The Dispute object and its rules as pure functions (no store, no events): a new dispute on a charge, the
// evidence fields and their update, the statuses each operation accepts, the test-mode evidence strings that
// decide the outcome, the dispute fee, and the network reason code per reason. Disputes and their balance
// effects are applied by dispute-lifecycle.ts; the HTTP side is disputes.ts.
//
//   from                    to                      when
//   needs_response          under_review            evidence submitted (update with submit=true)
//   needs_response          lost                    closed (accepted) by the merchant, or due_by passed unanswered
//   under_review            won | lost              the issuer decides (test evidence strings, or the control)
//   warning_needs_response  warning_under_review    evidence submitted
//   warning_needs_response  warning_closed          closed by the merchant
//   warning_under_review    warning_closed          the inquiry is closed without escalation
//   warning_*               needs_response          the inquiry is escalated to a chargeback
// (https://docs.stripe.com/disputes/how-disputes-work, https://docs.stripe.com/api/disputes/object#dispute_object-status)
import type Stripe from 'stripe';

export type DisputeStatus = Stripe.Dispute.Status;

/** Text fields of `evidence` (the update params take the same names). */
export const EVIDENCE_TEXT_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_tracking_number',
  'uncategorized_text',
] as const;

/** Evidence fields that hold the id of an uploaded file (`file_…`, purpose dispute_evidence). */
export const EVIDENCE_FILE_FIELDS = [
  'cancellation_policy',
  'customer_communication',
  'customer_signature',
  'duplicate_charge_documentation',
  'receipt',
  'refund_policy',
  'service_documentation',
  'shipping_documentation',
  'uncategorized_file',
] as const;

export type EvidenceField = (typeof EVIDENCE_TEXT_FIELDS)[number] | (typeof EVIDENCE_FILE_FIELDS)[number];

/**
 * The reasons Stripe gives disputes (https://docs.stripe.com/disputes/categories); the control accepts these.
 */
export const DISPUTE_REASONS = [
  'bank_cannot_process',
  'check_returned',
  'credit_not_processed',
  'customer_initiated',
  'debit_not_authorized',
  'duplicate',
  'fraudulent',
  'general',
  'incorrect_account_details',
  'insufficient_funds',
  'noncompliant',
  'product_not_received',
  'product_unacceptable',
  'subscription_canceled',
  'unrecognized',
] as const;

/** Statuses in which the dispute is decided and nothing more can change. */
export const CLOSED_STATUSES: readonly DisputeStatus[] = ['won', 'lost', 'warning_closed', 'prevented'];

/**
 * Test-mode evidence that decides the outcome when submitted as `evidence[uncategorized_text]`
 * (https://docs.stripe.com/testing#disputes): `winning_evidence` wins (an inquiry closes), `losing_evidence`
 * loses (an inquiry closes without escalation), `escalate_inquiry_evidence` escalates an inquiry to a
 * chargeback.
 */
export type TestEvidenceOutcome = 'win' | 'lose' | 'escalate';

export function testEvidenceOutcome(uncategorizedText: string | null): TestEvidenceOutcome | null {
  if (uncategorizedText === 'winning_evidence') return 'win';
  if (uncategorizedText === 'losing_evidence') return 'lose';
  if (uncategorizedText === 'escalate_inquiry_evidence') return 'escalate';
  return null;
}

/**
 * The dispute fee debited with a chargeback, in minor units of the charge's currency — the emulator's stated
 * table (Stripe lists the fee per country on its pricing pages; https://support.stripe.com/questions/dispute-fees-faq):
 * USD, CAD, JPY 1500 ($15, C$15, ¥1,500); GBP, EUR, CHF, SGD 2000 (£20, €20, CHF 20, S$20); AUD, NZD 2500
 * (A$25, NZ$25); HKD 15000 (HK$150); any other currency 1500 minor units. Refunded when the dispute is won.
 */
export function disputeFee(currency: string): number {
  switch (currency) {
    case 'gbp':
    case 'eur':
    case 'chf':
    case 'sgd':
      return 2000;
    case 'aud':
    case 'nzd':
      return 2500;
    case 'hkd':
      return 15000;
    default:
      return 1500;
  }
}

/** A network reason code like the card network would send for `reason` (Visa's and Mastercard's codes). */
function networkReasonCode(brand: string, reason: string): string | null {
  const visa: Record<string, string> = {
    fraudulent: '10.4',
    product_not_received: '13.1',
    product_unacceptable: '13.3',
    credit_not_processed: '13.6',
    duplicate: '12.6.1',
    subscription_canceled: '13.2',
    general: '13.7',
  };
  const mastercard: Record<string, string> = {
    fraudulent: '4837',
    product_not_received: '4855',
    product_unacceptable: '4853',
    credit_not_processed: '4860',
    duplicate: '4834',
    subscription_canceled: '4841',
    general: '4853',
  };
  if (brand === 'visa') return visa[reason] ?? null;
  if (brand === 'mastercard') return mastercard[reason] ?? null;
  return null;
}

const DAY_SECONDS = 86_400;
/** Days the merchant has to respond: the emulator's choice, within the 7–21 days networks give. */
const RESPONSE_DAYS = 15;

/** 23:59:59 UTC on the RESPONSE_DAYS-th day after `createdSec` (Stripe's due_by falls at the end of a day). */
export function evidenceDueBy(createdSec: number): number {
  const dayStart = Math.floor(createdSec / DAY_SECONDS) * DAY_SECONDS;
  return dayStart + (RESPONSE_DAYS + 1) * DAY_SECONDS - 1;
}

function emptyEvidence(): Stripe.Dispute.Evidence {
  const evidence: Record<string, unknown> = {};
  for (const field of [...EVIDENCE_TEXT_FIELDS, ...EVIDENCE_FILE_FIELDS].sort()) evidence[field] = null;
  evidence.enhanced_evidence = {};
  return evidence as unknown as Stripe.Dispute.Evidence;
}

/** A new dispute on `charge` (no balance transactions yet: withdrawing funds is the lifecycle's job). */
export function buildDispute(
  id: string,
  createdSec: number,
  charge: Stripe.Charge,
  opts: { amount: number; reason: string; inquiry: boolean },
): Stripe.Dispute {
  const details = charge.payment_method_details;
  const card = details?.card_present ?? details?.card ?? details?.interac_present;
  const brand = card?.brand ?? 'unknown';
  const paymentIntent =
    typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null);
  return {
    id,
    object: 'dispute',
    amount: opts.amount,
    balance_transactions: [],
    charge: charge.id,
    created: createdSec,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: evidenceDueBy(createdSec),
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    // An inquiry takes no funds yet, so a refund still settles it; a chargeback already took them back.
    is_charge_refundable: opts.inquiry,
    livemode: false,
    metadata: {},
    payment_intent: paymentIntent,
    payment_method_details: {
      card: {
        brand,
        case_type: opts.inquiry ? 'inquiry' : 'chargeback',
        network: brand,
        network_reason_code: networkReasonCode(brand, opts.reason),
      },
      type: 'card',
    },
    reason: opts.reason,
    status: opts.inquiry ? 'warning_needs_response' : 'needs_response',
  };
}

/** `dispute.evidence` with `changes` applied (an empty string unsets a field, as Stripe's params do). */
export function withEvidence(
  evidence: Stripe.Dispute.Evidence,
  changes: Partial<Record<EvidenceField, string | null>>,
): Stripe.Dispute.Evidence {
  const next: Record<string, unknown> = { ...evidence };
  for (const [field, value] of Object.entries(changes)) {
    if (value !== undefined) next[field] = value === '' ? null : value;
  }
  return next as unknown as Stripe.Dispute.Evidence;
}

/** Whether any evidence field holds something. */
export function hasEvidence(evidence: Stripe.Dispute.Evidence): boolean {
  const fields = evidence as unknown as Record<string, unknown>;
  return [...EVIDENCE_TEXT_FIELDS, ...EVIDENCE_FILE_FIELDS].some((field) => fields[field] !== null);
}

export function isInquiry(dispute: Stripe.Dispute): boolean {
  return dispute.status.startsWith('warning_');
}
