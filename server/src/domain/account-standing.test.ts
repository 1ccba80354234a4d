import { describe, expect, it } from 'vitest';
import {
  CONNECTED,
  connectionOf,
  counterRefusal,
  isRejectionReason,
  rejectionInWords,
  standingInWords,
  standingView,
} from './account-standing.ts';

const AT = Date.UTC(2026, 2, 10, 14, 3, 0);

describe('account standing', () => {
  it('is connected until the platform loses the account; disconnection wins over rejection', () => {
    expect(connectionOf(CONNECTED)).toBe('connected');
    expect(connectionOf({ ...CONNECTED, rejectedAtMs: AT, rejectedReason: 'rejected.fraud' })).toBe(
      'rejected',
    );
    expect(
      connectionOf({
        disconnectedAtMs: AT,
        disconnectedReason: 'deauthorized',
        rejectedAtMs: AT,
        rejectedReason: 'rejected.fraud',
      }),
    ).toBe('disconnected');
  });

  it('tells the cashier what to do, naming the business', () => {
    expect(counterRefusal('Bean Counter', CONNECTED)).toBeNull();
    expect(
      counterRefusal('Bean Counter', {
        ...CONNECTED,
        disconnectedAtMs: AT,
        disconnectedReason: 'deauthorized',
      }),
    ).toBe(
      'Bean Counter is no longer connected to the platform, so card payments are off. Take cash or ask the owner.',
    );
    expect(
      counterRefusal('Bean Counter', { ...CONNECTED, rejectedAtMs: AT, rejectedReason: 'rejected.other' }),
    ).toBe(
      "Stripe has closed Bean Counter's account for payments, so card payments are off. Take cash or ask the owner.",
    );
  });

  it('says what happened and when for the console', () => {
    expect(standingInWords(CONNECTED)).toBeNull();
    expect(
      standingInWords({ ...CONNECTED, disconnectedAtMs: AT, disconnectedReason: 'deauthorized' }),
    ).toMatch(
      /^Disconnected on 2026-03-10 14:03 UTC: the account's owner removed the platform's access in Stripe\./,
    );
    expect(
      standingInWords({ ...CONNECTED, disconnectedAtMs: AT, disconnectedReason: 'access_revoked' }),
    ).toMatch(/Stripe no longer gives the platform access/);
    expect(
      standingInWords({ ...CONNECTED, rejectedAtMs: AT, rejectedReason: 'rejected.terms_of_service' }),
    ).toMatch(/^Rejected on 2026-03-10 14:03 UTC for a breach of Stripe's terms of service/);
    expect(standingView({ ...CONNECTED, rejectedAtMs: AT, rejectedReason: 'rejected.fraud' })).toEqual({
      connection: 'rejected',
      disconnectedAt: null,
      disconnectedReason: null,
      rejectedAt: '2026-03-10T14:03:00.000Z',
      rejectedReason: 'rejected.fraud',
      text: expect.stringContaining('suspected fraud'),
    });
  });

  it('reads rejection reasons', () => {
    expect(isRejectionReason('rejected.fraud')).toBe(true);
    expect(isRejectionReason('requirements.past_due')).toBe(false);
    expect(isRejectionReason(null)).toBe(false);
    expect(rejectionInWords('rejected.listed')).toMatch(/prohibited/);
    expect(rejectionInWords('rejected.something_new')).toBe('a reason Stripe gives as "something_new"');
  });
});
