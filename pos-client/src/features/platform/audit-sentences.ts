/**
 * Audit entries as sentences a platform owner reads ("ana@… added reader ‘Front counter’ at Mission St"):
 * the known action codes each have a sentence; names come from the entry's own details, the names the server
 * resolved (`actorName`, `accountName`, `targetName`), else from what the page has loaded (`AuditNames`: accounts, locations, readers, registers, staff by id); an unknown code or
 * id is shown as it is rather than dropped. Money is in the account's currency.
 */
import { type AuditEntryDto, formatMoney } from '@countertop/shared';
import { describePlan } from './format.ts';

export interface AuditNames {
  accounts: ReadonlyMap<string, { name: string; currency: string }>;
  locations: ReadonlyMap<string, string>;
  readers: ReadonlyMap<string, string>;
  registers: ReadonlyMap<string, string>;
  staff: ReadonlyMap<string, string>;
}

export const NO_NAMES: AuditNames = {
  accounts: new Map(),
  locations: new Map(),
  readers: new Map(),
  registers: new Map(),
  staff: new Map(),
};

type Details = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const record = (value: unknown): Details =>
  typeof value === 'object' && value !== null ? (value as Details) : {};

/** "location loc_1" → ["location", "loc_1"]. */
function targetOf(entry: AuditEntryDto): { kind: string; id: string } {
  const [kind = '', id = ''] = entry.target.split(' ');
  return { kind, id };
}

function quoted(name: string): string {
  return `‘${name}’`;
}

/** The sentence for one entry, without its time. */
export function auditSentence(entry: AuditEntryDto, names: AuditNames = NO_NAMES): string {
  const who = entry.actorName || (entry.actor === 'system' ? 'Countertop' : entry.actor);
  const details = entry.details;
  const { id } = targetOf(entry);
  const account = entry.accountId ? names.accounts.get(entry.accountId) : undefined;
  const accountName =
    text(details.businessName) ?? entry.accountName ?? account?.name ?? entry.accountId ?? 'the platform';
  // What was changed, named by the server (its current name, else the recorded one).
  const named = entry.targetName ?? null;
  const currency = account?.currency ?? text(details.currency) ?? 'usd';
  const locationName = (locationId: unknown) =>
    (typeof locationId === 'string' && names.locations.get(locationId)) || 'another location';
  const at = (locationId: unknown) => ` at ${locationName(locationId)}`;
  const money = (minor: unknown) =>
    num(minor) === null ? 'no limit' : formatMoney(num(minor) ?? 0, currency);

  switch (entry.action) {
    case 'account.created':
      return `${who} created the account ${accountName} (${text(details.country) ?? '?'}, ${(
        text(details.currency) ?? '?'
      ).toUpperCase()}, ${details.chargeType === 'destination' ? 'destination' : 'direct'} charges)`;
    case 'account.onboarding_link_created':
      return `${who} opened Stripe onboarding for ${accountName}`;
    case 'account.login_link_created':
      return `${who} opened the Express dashboard of ${accountName}`;
    case 'fee_plan.updated':
      return `${who} changed the fee plan of ${accountName} to ${describePlan(record(details.after), currency)}`;
    case 'fee_plan.default_updated':
      return `${who} changed the platform’s default fee plan to ${describePlan(record(details.after), 'usd')}`;
    case 'payout_schedule.updated': {
      const after = record(details.after);
      return `${who} changed the payout schedule of ${accountName} to ${text(after.interval) ?? 'another schedule'}`;
    }
    case 'risk_limits.updated': {
      const after = record(details.after);
      return `${who} set the risk limits of ${accountName}: ${money(after.maxSaleMinor)} per sale, ${money(after.maxDailyMinor)} per day`;
    }
    case 'account.counter_tipping_updated':
      return `${who} turned tipping on the counter screen ${record(details.after).enabled ? 'on' : 'off'} for ${accountName}`;
    case 'location.created':
      return `${who} added location ${quoted(text(details.name) ?? named ?? locationName(id))}${
        text(details.timeZone) ? ` (${text(details.timeZone)})` : ''
      }`;
    case 'location.updated':
      return `${who} updated location ${quoted(text(record(details.after).name) ?? named ?? locationName(id))}`;
    case 'location.tipping_updated':
      return `${who} ${details.after ? 'changed' : 'turned off'} on-reader tipping at ${named ?? locationName(id)}`;
    case 'register.created':
      return `${who} added register ${text(details.code) ?? id} ${quoted(text(details.name) ?? '')}${at(details.locationId)}`;
    case 'register.revoked':
      return `${who} revoked register ${text(details.code) ?? names.registers.get(id) ?? named ?? id}`;
    case 'reader.registered':
      return `${who} added reader ${quoted(text(details.label) ?? names.readers.get(id) ?? named ?? id)}${at(details.locationId)}`;
    case 'reader.moved':
      return `${who} moved reader ${quoted(names.readers.get(id) ?? named ?? id)} from ${locationName(details.from)} to ${locationName(details.to)}`;
    case 'reader.relabeled':
      return `${who} renamed reader ${quoted(text(details.before) ?? id)} to ${quoted(text(details.after) ?? '')}`;
    case 'reader.removed':
      return `${who} removed reader ${quoted(text(details.label) ?? names.readers.get(id) ?? named ?? id)}`;
    case 'staff.added': {
      const where = Array.isArray(details.locationIds)
        ? details.locationIds.map(locationName).join(', ')
        : '';
      return `${who} added ${text(details.displayName) ?? named ?? id} (${text(details.role) ?? 'staff'})${where ? ` at ${where}` : ''}`;
    }
    case 'staff.updated': {
      const name = names.staff.get(id) ?? named ?? id;
      const changes = [
        ...(text(details.role) ? [`made them ${text(details.role)}`] : []),
        ...(details.pinChanged ? ['changed their PIN'] : []),
        ...(Array.isArray(details.locationIds)
          ? [`let them sign in at ${details.locationIds.map(locationName).join(', ')}`]
          : []),
        ...(details.active === false
          ? ['deactivated them']
          : details.active === true
            ? ['reactivated them']
            : []),
      ];
      return `${who} updated ${name}${changes.length ? `: ${changes.join(', ')}` : ''}`;
    }
    case 'support.refund':
      return `${who} refunded ${money(details.amountMinor)} of a sale on the merchant’s behalf${
        text(details.reason) ? ` (“${text(details.reason)}”)` : ''
      }`;
    case 'owner.invited':
      return `${who} invited ${text(details.email) ?? 'the owner'} to manage ${accountName}`;
    case 'owner.activated':
      return `${who} accepted the invitation and set a password`;
    case 'user.created':
      return `Console user ${text(details.email) ?? named ?? id} was created (${text(details.role) ?? 'user'})`;
    default:
      return `${who}: ${entry.action} ${entry.target}`;
  }
}
