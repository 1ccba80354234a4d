/**
 * What a connected account's Stripe state means for the platform console, in plain words (pure):
 * the overall status, the outstanding requirements as sentences, and why charges are disabled.
 */

import { type AccountStanding, connectionOf } from './account-standing.ts';

export type AccountStatus =
  | 'onboarding'
  | 'in_review'
  | 'restricted'
  | 'active'
  | 'disconnected'
  | 'rejected';

export interface StripeAccountState {
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
  payoutsEnabled: boolean;
  /** Stripe's `requirements` object (opaque JSON as stored). */
  requirements: unknown;
}

export interface PlainRequirement {
  /** Stripe's field path, e.g. `external_account`. */
  field: string;
  /** The same in words, e.g. "A bank account for payouts". */
  description: string;
  /** past_due (blocking now), currently_due (needed now), eventually_due (needed later). */
  due: 'past_due' | 'currently_due' | 'eventually_due';
  /** By when (epoch ms): Stripe's `current_deadline` for a currently due requirement, else null. */
  deadlineMs: number | null;
}

/** Field (prefix) → words. Longest matching prefix wins. */
const FIELD_WORDS: [string, string][] = [
  ['business_profile.mcc', 'The business category (merchant category code)'],
  ['business_profile.url', 'The business website or product description'],
  ['business_profile.product_description', 'A description of what the business sells'],
  ['business_profile', 'Public business details'],
  ['business_type', 'The type of business (company, individual, …)'],
  ['external_account', 'A bank account for payouts'],
  ['representative.dob', "The representative's date of birth"],
  ['representative.first_name', "The representative's name"],
  ['representative.last_name', "The representative's name"],
  ['representative.email', "The representative's email address"],
  ['representative.phone', "The representative's phone number"],
  ['representative.address', "The representative's home address"],
  ['representative.id_number', "The representative's ID number"],
  ['representative.ssn_last_4', "The last 4 digits of the representative's SSN"],
  ['representative.verification', 'A photo ID of the representative'],
  ['representative', 'Details about the business representative'],
  ['individual.dob', 'Your date of birth'],
  ['individual.verification', 'A photo ID'],
  ['individual', 'Personal details of the account holder'],
  ['company.tax_id', "The company's tax ID"],
  ['company.address', "The company's address"],
  ['company.phone', "The company's phone number"],
  ['company.name', "The company's legal name"],
  ['company.verification', 'A document verifying the company'],
  ['company', 'Company details'],
  ['owners', 'Details about the business owners'],
  ['directors', 'Details about the company directors'],
  ['executives', 'Details about the company executives'],
  ['tos_acceptance', "Acceptance of Stripe's terms of service"],
  ['settings.payments.statement_descriptor', 'The name shown on customers’ card statements'],
];

export function describeRequirementField(field: string): string {
  let best: [string, string] | undefined;
  for (const entry of FIELD_WORDS) {
    const [prefix] = entry;
    if ((field === prefix || field.startsWith(`${prefix}.`)) && (!best || prefix.length > best[0].length)) {
      best = entry;
    }
  }
  if (best) return best[1];
  // person_xxx.dob.day and the like: describe the part after the person id.
  const personPart = /^person_[A-Za-z0-9]+\.(.+)$/.exec(field)?.[1];
  if (personPart)
    return `${describeRequirementField(`representative.${personPart}`)} (for a person on the account)`;
  return `More information: ${field.replaceAll('_', ' ').replaceAll('.', ' › ')}`;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function requirementsRecord(requirements: unknown): Record<string, unknown> {
  return typeof requirements === 'object' && requirements !== null
    ? (requirements as Record<string, unknown>)
    : {};
}

/**
 * Outstanding requirements in words, one per distinct description, most urgent first (past due, then
 * currently due, then eventually due).
 */
export function plainRequirements(requirements: unknown): PlainRequirement[] {
  const record = requirementsRecord(requirements);
  const deadlineMs = requirementsDeadline(requirements);
  const seen = new Set<string>();
  const result: PlainRequirement[] = [];
  for (const due of ['past_due', 'currently_due', 'eventually_due'] as const) {
    for (const field of stringList(record[due])) {
      const description = describeRequirementField(field);
      if (seen.has(description)) continue;
      seen.add(description);
      result.push({ field, description, due, deadlineMs: due === 'currently_due' ? deadlineMs : null });
    }
  }
  return result;
}

/**
 * Stripe's `requirements.current_deadline` (unix seconds) as epoch ms: when the currently due requirements
 * must be provided before Stripe disables charges or payouts; null when Stripe set none.
 */
export function requirementsDeadline(requirements: unknown): number | null {
  const seconds = requirementsRecord(requirements).current_deadline;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

/** Stripe's `requirements.disabled_reason` in words, or null when nothing is disabled. */
export function disabledReasonInWords(requirements: unknown): string | null {
  const reason = requirementsRecord(requirements).disabled_reason;
  if (typeof reason !== 'string' || reason === '') return null;
  if (reason === 'requirements.past_due')
    return 'Stripe needs more information before this account can take payments.';
  if (reason === 'requirements.pending_verification') return 'Stripe is verifying the information provided.';
  if (reason === 'under_review') return 'Stripe is reviewing this account.';
  if (reason === 'listed') return 'Stripe is checking this account against watch lists.';
  if (reason === 'platform_paused') return 'The platform has paused this account.';
  if (reason === 'action_required.requested_capabilities') {
    return 'Stripe needs more information for the requested payment capabilities.';
  }
  if (reason.startsWith('rejected.')) return 'Stripe rejected this account; it cannot take payments.';
  return `Stripe has disabled this account (${reason}).`;
}

/** The status; an account the platform lost (`standing`) is `disconnected` or `rejected` whatever its flags. */
export function accountStatus(state: StripeAccountState & { standing?: AccountStanding }): AccountStatus {
  const connection = state.standing === undefined ? 'connected' : connectionOf(state.standing);
  if (connection !== 'connected') return connection;
  if (!state.detailsSubmitted && !state.chargesEnabled) return 'onboarding';
  if (!state.chargesEnabled) return 'in_review';
  const record = requirementsRecord(state.requirements);
  const blocking = stringList(record.past_due).length + stringList(record.currently_due).length;
  if (!state.payoutsEnabled || blocking > 0) return 'restricted';
  return 'active';
}

export const ACCOUNT_STATUS_WORDS: Record<AccountStatus, string> = {
  onboarding: 'Onboarding not finished',
  in_review: 'Details submitted, waiting for Stripe',
  restricted: 'Can take payments, but Stripe needs more information',
  active: 'Ready: can take payments and receive payouts',
  disconnected: 'Disconnected from the platform: no card payments',
  rejected: 'Rejected by Stripe: no payments or payouts',
};
