/**
 * Who is looking at merchant reports, and what they may see. A merchant owner (web console) sees every
 * location of their own account; a manager (counter session) sees the locations they may sign in at;
 * staff see only their own shift at the counter, never these reports. A location outside the viewer's
 * scope — another merchant's, or one a manager is not assigned to — is answered 404, as if it did not exist.
 */
import type { Account } from '../db/accounts.repo.ts';
import type { Location } from '../db/locations.repo.ts';
import type { FoundationRepos } from '../db/repos.ts';
import { AppError, notFound } from '../errors.ts';
import type { CounterContext } from './auth.service.ts';

export interface MerchantViewer {
  /** `support`: a platform admin looking at one merchant (read-only: no refunds). */
  kind: 'owner' | 'manager' | 'support';
  account: Account;
  /** The locations this viewer may see, in the account's order. */
  locations: Location[];
  /** For people and the refund journal, e.g. "Maya (manager)". */
  label: string;
  name: string;
  staffId: string | null;
  userId: string | null;
}

export function viewerFromCounter(repos: FoundationRepos, counter: CounterContext): MerchantViewer {
  if (counter.staff.role !== 'manager') {
    throw new AppError(
      'forbidden',
      'Only a manager or the merchant owner can see sales reports. Your own shift is on the counter.',
    );
  }
  const locations = repos.locations
    .listByAccount(counter.account.id)
    .filter((location) => repos.staff.isAllowedAtLocation(counter.staff.id, location.id));
  return {
    kind: 'manager',
    account: counter.account,
    locations,
    label: `${counter.staff.displayName} (manager)`,
    name: counter.staff.displayName,
    staffId: counter.staff.id,
    userId: null,
  };
}

export function viewerFromOwner(
  repos: FoundationRepos,
  owner: { userId: string; accountId: string; name: string },
): MerchantViewer {
  const account = repos.accounts.findById(owner.accountId);
  if (!account) throw new AppError('forbidden', 'This sign-in is not linked to a merchant account.');
  return {
    kind: 'owner',
    account,
    locations: repos.locations.listByAccount(account.id),
    label: `${owner.name} (owner)`,
    name: owner.name,
    staffId: null,
    userId: owner.userId,
  };
}

/** A platform admin's support view of one merchant account (`?accountId=`), read-only. */
export function viewerForSupport(
  repos: FoundationRepos,
  admin: { userId: string; email: string },
  accountId: string | undefined,
): MerchantViewer {
  if (accountId === undefined) {
    throw new AppError('forbidden', 'Platform support: name the merchant with ?accountId=.');
  }
  const account = repos.accounts.findById(accountId);
  if (!account) throw notFound('not_found', 'No such merchant account.');
  return {
    kind: 'support',
    account,
    locations: repos.locations.listByAccount(account.id),
    label: `${admin.email} (platform support)`,
    name: admin.email,
    staffId: null,
    userId: admin.userId,
  };
}

/** The locations a report covers: one (checked against the viewer's scope) or all the viewer's. */
export function locationsInScope(viewer: MerchantViewer, locationId: string | undefined): Location[] {
  if (locationId === undefined || locationId === 'all') return viewer.locations;
  const location = viewer.locations.find((candidate) => candidate.id === locationId);
  if (!location) throw notFound('not_found', 'No such location.');
  return [location];
}
