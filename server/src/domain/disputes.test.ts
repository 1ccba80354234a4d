import { DISPUTE_STATUSES } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import {
  cannotSubmitEvidenceReason,
  disputeKind,
  disputeMoney,
  disputeOutcome,
  disputeReasonInWords,
  disputeStage,
  disputeStatusInWords,
  isNewerDisputeState,
} from './disputes.ts';

const NOW = Date.UTC(2026, 2, 10);

describe('disputes in words', () => {
  it('words every status and every reason Stripe documents', () => {
    for (const status of DISPUTE_STATUSES) expect(disputeStatusInWords(status)).toMatch(/^[A-Z].*\.$/);
    for (const reason of ['fraudulent', 'product_not_received', 'duplicate', 'unrecognized', 'general']) {
      expect(disputeReasonInWords(reason)).not.toContain(reason);
    }
    expect(disputeReasonInWords('brand_new')).toBe('The customer\'s bank gave the reason "brand new".');
  });

  it('tells inquiries from chargebacks, and where each stands', () => {
    expect(disputeKind('warning_needs_response')).toBe('inquiry');
    expect(disputeKind('needs_response')).toBe('chargeback');
    expect(disputeStage('warning_under_review')).toBe('under_review');
    expect(disputeStage('appeal_needs_response')).toBe('needs_response');
    expect(disputeStage('warning_closed')).toBe('closed');
    expect([
      disputeOutcome('won'),
      disputeOutcome('lost'),
      disputeOutcome('warning_closed'),
      disputeOutcome('under_review'),
    ]).toEqual(['won', 'lost', 'closed', null]);
  });
});

describe('evidence', () => {
  it('is taken only before the deadline, while the dispute waits for it', () => {
    const open = { status: 'needs_response' as const, evidenceDueByMs: NOW + 1000, pastDue: false };
    expect(cannotSubmitEvidenceReason(open, NOW)).toBeNull();
    expect(cannotSubmitEvidenceReason(open, NOW + 1001)).toMatch(/deadline .* has passed/);
    expect(cannotSubmitEvidenceReason({ ...open, pastDue: true }, NOW)).toMatch(/deadline/);
    expect(cannotSubmitEvidenceReason({ ...open, status: 'under_review' }, NOW)).toMatch(/with the bank/);
    expect(cannotSubmitEvidenceReason({ ...open, status: 'lost' }, NOW)).toMatch(/closed/);
    expect(cannotSubmitEvidenceReason({ ...open, evidenceDueByMs: null }, NOW)).toBeNull();
  });
});

describe('the order of a dispute’s states', () => {
  const state = (status: (typeof DISPUTE_STATUSES)[number], submissionCount = 0) => ({
    status,
    submissionCount,
  });
  it('never lets an older read replace a newer one', () => {
    expect(isNewerDisputeState(null, state('needs_response'))).toBe(true);
    expect(isNewerDisputeState(state('needs_response'), state('needs_response'))).toBe(true);
    expect(isNewerDisputeState(state('needs_response'), state('under_review', 1))).toBe(true);
    expect(isNewerDisputeState(state('under_review', 1), state('needs_response'))).toBe(false);
    expect(isNewerDisputeState(state('won', 1), state('under_review', 1))).toBe(false);
    expect(isNewerDisputeState(state('warning_under_review', 1), state('needs_response', 1))).toBe(true);
    expect(isNewerDisputeState(state('needs_response', 1), state('warning_under_review', 1))).toBe(false);
    expect(isNewerDisputeState(state('lost', 1), state('appeal_needs_response', 1))).toBe(true);
    expect(isNewerDisputeState(state('appeal_under_review', 2), state('won', 2))).toBe(true);
    expect(isNewerDisputeState(state('won', 2), state('appeal_under_review', 2))).toBe(true);
    expect(isNewerDisputeState(state('needs_response', 2), state('needs_response', 1))).toBe(false);
  });
});

describe('the money a dispute moved', () => {
  it('sums withdrawals, reinstatements, fees and the net', () => {
    expect(disputeMoney([])).toEqual({ withdrawnMinor: 0, reinstatedMinor: 0, feesMinor: 0, netMinor: 0 });
    expect(
      disputeMoney([
        { reportingCategory: 'dispute', amountMinor: -4200, feeMinor: 1500, netMinor: -5700 },
        { reportingCategory: 'dispute_reversal', amountMinor: 4200, feeMinor: -1500, netMinor: 5700 },
      ]),
    ).toEqual({ withdrawnMinor: 4200, reinstatedMinor: 4200, feesMinor: 0, netMinor: 0 });
  });
});
