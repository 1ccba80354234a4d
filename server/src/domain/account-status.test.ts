import { describe, expect, it } from 'vitest';
import {
  accountStatus,
  describeRequirementField,
  disabledReasonInWords,
  plainRequirements,
  requirementsDeadline,
} from './account-status.ts';

describe('account status in plain words', () => {
  it('describes Stripe requirement fields by their longest known prefix', () => {
    expect(describeRequirementField('external_account')).toBe('A bank account for payouts');
    expect(describeRequirementField('representative.dob.day')).toBe("The representative's date of birth");
    expect(describeRequirementField('representative.nationality')).toBe(
      'Details about the business representative',
    );
    expect(describeRequirementField('person_abc123.dob.year')).toBe(
      "The representative's date of birth (for a person on the account)",
    );
    expect(describeRequirementField('something_new.thing')).toBe('More information: something new › thing');
  });

  it('lists requirements once each, most urgent first', () => {
    const list = plainRequirements({
      eventually_due: ['external_account', 'company.tax_id'],
      currently_due: ['representative.dob.day', 'representative.dob.month', 'external_account'],
      past_due: ['tos_acceptance.date'],
    });
    expect(list.map((r) => [r.due, r.description])).toEqual([
      ['past_due', "Acceptance of Stripe's terms of service"],
      ['currently_due', "The representative's date of birth"],
      ['currently_due', 'A bank account for payouts'],
      ['eventually_due', "The company's tax ID"],
    ]);
    expect(plainRequirements(null)).toEqual([]);
  });

  it("dates the currently due requirements by Stripe's current_deadline, and only those", () => {
    const requirements = {
      past_due: ['tos_acceptance.date'],
      currently_due: ['external_account'],
      eventually_due: ['company.tax_id'],
      current_deadline: 1_773_000_000,
    };
    expect(requirementsDeadline(requirements)).toBe(1_773_000_000_000);
    expect(plainRequirements(requirements).map((r) => [r.due, r.deadlineMs])).toEqual([
      ['past_due', null],
      ['currently_due', 1_773_000_000_000],
      ['eventually_due', null],
    ]);
    // A brand-new account: nothing past due, no deadline yet.
    expect(requirementsDeadline({ currently_due: ['external_account'], current_deadline: null })).toBeNull();
    expect(requirementsDeadline(null)).toBeNull();
  });

  it('explains disabled reasons', () => {
    expect(disabledReasonInWords({ disabled_reason: 'requirements.past_due' })).toMatch(
      /needs more information/,
    );
    expect(disabledReasonInWords({ disabled_reason: 'rejected.fraud' })).toMatch(/rejected/);
    expect(disabledReasonInWords({ disabled_reason: null })).toBeNull();
  });

  it('derives the overall status', () => {
    const base = { chargesEnabled: false, detailsSubmitted: false, payoutsEnabled: false, requirements: {} };
    expect(accountStatus(base)).toBe('onboarding');
    expect(accountStatus({ ...base, detailsSubmitted: true })).toBe('in_review');
    expect(accountStatus({ ...base, detailsSubmitted: true, chargesEnabled: true })).toBe('restricted');
    expect(
      accountStatus({
        chargesEnabled: true,
        detailsSubmitted: true,
        payoutsEnabled: true,
        requirements: { currently_due: ['external_account'] },
      }),
    ).toBe('restricted');
    expect(
      accountStatus({ chargesEnabled: true, detailsSubmitted: true, payoutsEnabled: true, requirements: {} }),
    ).toBe('active');
  });
});
