// The merchant review's dispute rules: list order, time left before the deadline, evidence files, the body.
import type { MerchantDispute, MerchantDisputeDetail } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import { standingKey } from './AccountStandingBanner.tsx';
import {
  evidenceBody,
  evidenceFileProblem,
  initialFiles,
  initialText,
  sortDisputes,
  timeLeft,
  tooLongFields,
} from './disputes.ts';

function dispute(overrides: Partial<MerchantDispute>): MerchantDispute {
  return {
    id: 'du_1',
    accountId: 'acct_1',
    saleId: 'sale_1',
    locationId: 'loc_1',
    amountMinor: 1234,
    currency: 'usd',
    reason: 'fraudulent',
    reasonText: 'x',
    status: 'needs_response',
    statusText: 'x',
    kind: 'chargeback',
    stage: 'needs_response',
    outcome: null,
    evidenceDueBy: '2026-12-19T07:59:59.000Z',
    evidenceDueByLocal: '2026-12-18T23:59:59-08:00',
    timeZone: 'America/Los_Angeles',
    pastDue: false,
    hasEvidence: false,
    submissionCount: 0,
    canSubmitEvidence: true,
    cannotSubmitReason: null,
    chargeRefundable: false,
    chargeId: 'ch_1',
    paymentIntentId: 'pi_1',
    withdrawnMinor: 1234,
    reinstatedMinor: 0,
    feesMinor: 1500,
    netMinor: -2734,
    openedAt: '2026-12-04T10:00:00.000Z',
    openedLocal: '2026-12-04T02:00:00-08:00',
    closedAt: null,
    updatedAt: '2026-12-04T10:00:00.000Z',
    carriedBy: 'connected_account',
    ...overrides,
  };
}

function detail(overrides: Partial<MerchantDisputeDetail>): MerchantDisputeDetail {
  return {
    ...dispute({}),
    evidence: { text: {}, files: {} },
    files: [],
    sale: null,
    notices: [],
    ...overrides,
  };
}

const file = (id: string, field: 'receipt' | 'refund_policy', stripeFileId: string, uploadedAt: string) => ({
  id,
  field,
  fileName: `${id}.pdf`,
  type: 'pdf',
  sizeBytes: 10,
  uploadedBy: 'owner',
  uploadedAt,
  stripeFileId,
});

describe('sortDisputes', () => {
  it('puts disputes waiting for evidence first (soonest deadline first), then under review, then decided', () => {
    const list = [
      dispute({ id: 'du_closed', stage: 'closed', openedAt: '2026-12-05T00:00:00Z' }),
      dispute({ id: 'du_late', evidenceDueBy: '2026-12-30T00:00:00Z' }),
      dispute({ id: 'du_review', stage: 'under_review' }),
      dispute({ id: 'du_soon', evidenceDueBy: '2026-12-10T00:00:00Z' }),
      dispute({ id: 'du_closed_old', stage: 'closed', openedAt: '2026-11-01T00:00:00Z' }),
    ];
    expect(sortDisputes(list).map((entry) => entry.id)).toEqual([
      'du_soon',
      'du_late',
      'du_review',
      'du_closed',
      'du_closed_old',
    ]);
  });
});

describe('timeLeft', () => {
  const due = '2026-12-19T08:00:00.000Z';
  it('counts whole days, then hours under a day, then says the deadline passed', () => {
    expect(timeLeft(due, Date.parse('2026-12-14T07:00:00Z'))).toEqual({ unit: 'days', count: 5 });
    expect(timeLeft(due, Date.parse('2026-12-18T20:30:00Z'))).toEqual({ unit: 'hours', count: 11 });
    expect(timeLeft(due, Date.parse('2026-12-19T07:59:00Z'))).toEqual({ unit: 'hours', count: 1 });
    expect(timeLeft(due, Date.parse('2026-12-19T08:00:00Z'))).toEqual({ unit: 'past' });
  });
});

describe('evidenceFileProblem', () => {
  it('takes PDF, PNG and JPEG up to 5 MB', () => {
    expect(evidenceFileProblem({ name: 'r.pdf', type: 'application/pdf', size: 5 * 1024 * 1024 })).toBeNull();
    expect(evidenceFileProblem({ name: 'r.jpg', type: 'image/jpeg', size: 1 })).toBeNull();
    expect(evidenceFileProblem({ name: 'r.png', type: '', size: 1 })).toBeNull();
  });
  it('refuses other types and larger files', () => {
    expect(evidenceFileProblem({ name: 'r.gif', type: 'image/gif', size: 1 })).toBe('type');
    expect(evidenceFileProblem({ name: 'r.docx', type: '', size: 1 })).toBe('type');
    expect(evidenceFileProblem({ name: 'r.pdf', type: 'application/pdf', size: 5 * 1024 * 1024 + 1 })).toBe(
      'size',
    );
  });
});

describe('the evidence form', () => {
  it('starts from what Stripe holds: text, and the uploaded file Stripe has in each slot', () => {
    const start = detail({
      evidence: {
        text: { product_description: 'A latte', customer_name: null },
        files: { receipt: 'file_b' },
      },
      files: [
        file('ef_a', 'receipt', 'file_a', '2026-12-05T00:00:00Z'),
        file('ef_b', 'receipt', 'file_b', '2026-12-04T00:00:00Z'),
        file('ef_c', 'refund_policy', 'file_c', '2026-12-04T00:00:00Z'),
      ],
    });
    expect(initialText(start).product_description).toBe('A latte');
    expect(initialText(start).customer_name).toBe('');
    const files = initialFiles(start);
    expect(files.receipt?.id).toBe('ef_b');
    // Not yet on Stripe: the newest upload for the slot.
    expect(files.refund_policy?.id).toBe('ef_c');
    expect(files.customer_signature).toBeUndefined();
  });

  it('sends every form field trimmed (empty clears), our file ids, submit and the key', () => {
    const text = { ...initialText(detail({})), product_description: '  Two lattes  ' };
    const body = evidenceBody(text, { receipt: file('ef_a', 'receipt', 'file_a', 'x') }, true, 'key-1');
    expect(body).toEqual({
      submissionKey: 'key-1',
      submit: true,
      files: { receipt: 'ef_a' },
      text: {
        product_description: 'Two lattes',
        customer_name: '',
        customer_email_address: '',
        service_date: '',
        refund_policy_disclosure: '',
        refund_refusal_explanation: '',
        uncategorized_text: '',
      },
    });
  });

  it('names the fields over Stripe’s 20,000 characters', () => {
    const text = { ...initialText(detail({})), uncategorized_text: 'x'.repeat(20_001) };
    expect(tooLongFields(text)).toEqual(['uncategorized_text']);
  });
});

describe('standingKey', () => {
  const base = {
    disconnectedAt: null,
    disconnectedReason: null,
    rejectedAt: null,
    rejectedReason: null,
  } as const;
  it('says what happened to the account', () => {
    expect(standingKey({ ...base, connection: 'connected' })).toBeNull();
    expect(standingKey({ ...base, connection: 'disconnected', disconnectedReason: 'deauthorized' })).toBe(
      'deauthorized',
    );
    expect(standingKey({ ...base, connection: 'disconnected', disconnectedReason: 'access_revoked' })).toBe(
      'accessRevoked',
    );
    expect(standingKey({ ...base, connection: 'rejected', rejectedReason: 'rejected.fraud' })).toBe(
      'rejected',
    );
  });
});
