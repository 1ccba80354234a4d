/**
 * Who is looking at merchant reports, and what they may see: the merchant review's one access policy
 * (`MERCHANT_ACCESS_POLICY`), which every `/api/merchant/*` route goes through (the `manager` guard resolves
 * the viewer here; the reports and refunds services ask the viewer, never the session).
 *
 * - A merchant owner (web console) sees every location of their own account, and the account-wide figures.
 * - A manager (counter session) sees only the locations they may sign in at: summaries, sales, refunds,
 *   authorizations, reconciliation (Stripe objects of other locations, and those no sale of theirs explains,
 *   are left out), exports and the staff list are cut to those locations. Never the balance or payouts:
 *   Stripe keeps one balance and one payout stream per connected account (no per-location split), so
 *   they are owner-only, whatever locations a manager has.
 * - The platform's support view (a platform admin with `?accountId=`) sees what the owner sees and manages
 *   the catalog and team on the merchant's behalf, but does not refund.
 * - Staff see their own shift at the counter; the merchant's screens only when their role has the `reports`
 *   permission (and then reports only, at their locations).
 *
 * Within that, what each may do follows their role's permissions (reports, refunds, discounts, cash drawer;
 * owners and support: everything but support's refunds).
 *
 * A location outside the viewer's scope — another merchant's, or one a manager is not assigned to — is
 * answered 404, as if it did not exist; a figure the policy withholds is answered 403 saying why.
 */

import { PERMISSIONS, type Permission } from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { Account } from '../db/repositories/accounts.repo.ts';
import type { Repositories } from '../db/repositories/index.ts';
import type { Location } from '../db/repositories/locations.repo.ts';
import { AppError, notFound } from '../errors.ts';
import type { CounterContext } from './auth.service.ts';

export type MerchantViewerKind = 'owner' | 'manager' | 'support' | 'staff';

/** What one kind of viewer may see and do in the merchant review. */
export interface MerchantAccessPolicy {
  /** Every location of the account, or only those the person is assigned to (staff_locations). */
  locations: 'account' | 'assigned';
  /** Stripe's account-wide figures: the balance and payouts (Stripe has no per-location balance). */
  accountFigures: boolean;
  /** May refund sales (at the locations in scope). */
  refunds: boolean;
}

/** The merchant review's access policy, by kind of viewer. */
export const MERCHANT_ACCESS_POLICY: Readonly<Record<MerchantViewerKind, MerchantAccessPolicy>> = {
  owner: { locations: 'account', accountFigures: true, refunds: true },
  support: { locations: 'account', accountFigures: true, refunds: false },
  manager: { locations: 'assigned', accountFigures: false, refunds: true },
  staff: { locations: 'assigned', accountFigures: false, refunds: true },
};

export interface MerchantViewer {
  /**
   * `support`: a platform admin looking at one merchant (no refunds; catalog and team on the merchant's
   * behalf). `staff`: a staff member whose role has the `reports` permission.
   */
  kind: MerchantViewerKind;
  policy: MerchantAccessPolicy;
  account: Account;
  /** The locations this viewer may see, in the account's order. */
  locations: Location[];
  /**
   * Whether `locations` is every location of the account. When it is not, anything that cannot be tied
   * to one of them (a Stripe object no sale in scope explains) is left out.
   */
  seesWholeAccount: boolean;
  /** For people and the refund journal, e.g. "Maya (manager)". */
  label: string;
  name: string;
  staffId: string | null;
  userId: string | null;
  /** What this viewer may do (owners and support: everything). */
  permissions: ReadonlySet<Permission>;
  /** Every location of the account (the viewer's `locations` may be fewer). */
  accountLocationCount: number;
}

const WHAT_FOR: Readonly<Record<Permission, string>> = {
  reports: 'see sales reports',
  refunds: 'refund sales',
  discounts: 'give custom discounts',
  cash_drawer: 'manage the cash drawer',
};

/** 403 unless the viewer's role has `permission`. */
export function requireViewerPermission(viewer: MerchantViewer, permission: Permission): void {
  if (!viewer.permissions.has(permission)) {
    throw new AppError('forbidden', `Your role cannot ${WHAT_FOR[permission]}. Ask the owner to allow it.`);
  }
}

/** Whether the viewer may change what applies to every location: the owner, support, or a manager of all. */
export function canEditWholeCatalog(viewer: MerchantViewer): boolean {
  if (viewer.kind === 'owner' || viewer.kind === 'support') return true;
  return viewer.kind === 'manager' && viewer.locations.length === viewer.accountLocationCount;
}

async function viewerFromCounter(repos: Repositories, counter: CounterContext): Promise<MerchantViewer> {
  const permissions = await repos.roles.permissionsOf(counter.account.id, counter.staff.role);
  const manager = counter.staff.role === 'manager';
  if (!manager && !permissions.includes('reports')) {
    throw new AppError(
      'forbidden',
      'Only a manager or the merchant owner can see sales reports. Your own shift is on the counter.',
    );
  }
  const all = await repos.locations.listByAccount(counter.account.id);
  const locations: Location[] = [];
  for (const location of all) {
    if (await repos.staff.isAllowedAtLocation(counter.staff.id, location.id)) locations.push(location);
  }
  return {
    kind: manager ? 'manager' : 'staff',
    policy: MERCHANT_ACCESS_POLICY[manager ? 'manager' : 'staff'],
    account: counter.account,
    locations,
    seesWholeAccount: locations.length === all.length,
    label: `${counter.staff.displayName} (${manager ? 'manager' : 'staff'})`,
    name: counter.staff.displayName,
    staffId: counter.staff.id,
    userId: null,
    permissions: new Set(permissions),
    accountLocationCount: all.length,
  };
}

async function viewerFromOwner(
  repos: Repositories,
  owner: { userId: string; accountId: string; name: string },
): Promise<MerchantViewer> {
  const account = await repos.accounts.findById(owner.accountId);
  if (!account) throw new AppError('forbidden', 'This sign-in is not linked to a merchant account.');
  const locations = await repos.locations.listByAccount(account.id);
  return {
    kind: 'owner',
    policy: MERCHANT_ACCESS_POLICY.owner,
    account,
    locations,
    seesWholeAccount: true,
    label: `${owner.name} (owner)`,
    name: owner.name,
    staffId: null,
    userId: owner.userId,
    permissions: new Set(PERMISSIONS),
    accountLocationCount: locations.length,
  };
}

/** A platform admin's support view of one merchant account (`?accountId=`), read-only. */
async function viewerForSupport(
  repos: Repositories,
  admin: { userId: string; email: string },
  accountId: string | undefined,
): Promise<MerchantViewer> {
  if (accountId === undefined) {
    throw new AppError('forbidden', 'Platform support: name the merchant with ?accountId=.');
  }
  const account = await repos.accounts.findById(accountId);
  if (!account) throw notFound('not_found', 'No such merchant account.');
  const locations = await repos.locations.listByAccount(account.id);
  return {
    kind: 'support',
    policy: MERCHANT_ACCESS_POLICY.support,
    account,
    locations,
    seesWholeAccount: true,
    label: `${admin.email} (platform support)`,
    name: admin.email,
    staffId: null,
    userId: admin.userId,
    // Support looks and helps (catalog, team) but does not refund from this view.
    permissions: new Set(PERMISSIONS.filter((permission) => permission !== 'refunds')),
    accountLocationCount: locations.length,
  };
}

/** The locations a report covers: one (checked against the viewer's scope) or all the viewer's. */
export function locationsInScope(viewer: MerchantViewer, locationId: string | undefined): Location[] {
  if (locationId === undefined || locationId === 'all') return viewer.locations;
  const location = viewer.locations.find((candidate) => candidate.id === locationId);
  if (!location) throw notFound('not_found', 'No such location.');
  return [location];
}

/**
 * The balance and payouts: owner (and support view) only. Stripe keeps them per connected account, so a
 * manager would otherwise see every location's money.
 */
export function requireAccountFigures(viewer: MerchantViewer): void {
  if (viewer.policy.accountFigures) return;
  throw new AppError(
    'forbidden',
    "The balance and payouts are for the merchant owner: Stripe keeps one balance for the whole business, not one per location. Your locations' sales and reconciliation are in the other tabs.",
  );
}

/**
 * Refunds: at the locations in scope, by the owner, and by managers and staff whose role has the `refunds`
 * permission; never the platform's support view.
 */
export function requireRefunds(viewer: MerchantViewer): void {
  if (!viewer.policy.refunds) {
    throw new AppError('forbidden', 'Platform support can look, not refund: the merchant refunds.');
  }
  requireViewerPermission(viewer, 'refunds');
}

/** What the request carries: a console user (if signed in there) and a counter session (if any). */
export interface ViewerRequest {
  user: { id: string; email: string; role: string; accountId: string | null } | undefined;
  counter: CounterContext | undefined;
  /** Why a cookie's session was refused, for the 401 message. */
  sessionProblem: string | null;
  /** `?accountId=`: which merchant a platform admin's support view looks at. */
  accountIdQuery: string | undefined;
}

export function createMerchantAccess({ database }: { database: Database }) {
  const { repos } = database;
  return {
    /**
     * A console session wins (a merchant owner: their account; a platform admin: the support view of
     * `?accountId=`); else a counter session (a manager, or staff whose role has `reports`; others get 403). The `manager` guard has checked the
     * CSRF token of the session in use before asking.
     */
    async resolveViewer(request: ViewerRequest): Promise<MerchantViewer> {
      const { user, counter } = request;
      if (user !== undefined) {
        if (user.role === 'platform_admin') {
          return viewerForSupport(repos, { userId: user.id, email: user.email }, request.accountIdQuery);
        }
        if (user.role !== 'merchant_owner' || user.accountId === null) {
          throw new AppError('forbidden', 'Sales reports are for the merchant owner and managers.');
        }
        return viewerFromOwner(repos, { userId: user.id, accountId: user.accountId, name: user.email });
      }
      if (counter !== undefined) return viewerFromCounter(repos, counter);
      throw new AppError('unauthenticated', request.sessionProblem ?? 'Sign in to see sales reports.');
    },

    /** A platform admin acting on one merchant's sales (refunds on their behalf are labelled so). */
    async supportViewer(accountId: string, admin: { id: string; email: string }): Promise<MerchantViewer> {
      const viewer = await viewerForSupport(repos, { userId: admin.id, email: admin.email }, accountId);
      return {
        ...viewer,
        kind: 'owner',
        policy: MERCHANT_ACCESS_POLICY.owner,
        label: `${admin.email} (platform support)`,
        permissions: new Set(PERMISSIONS),
      };
    },

    /** The owner's view of an account (the daily reconciliation job reads every account as its owner). */
    ownerViewer(owner: { userId: string; accountId: string; name: string }): Promise<MerchantViewer> {
      return viewerFromOwner(repos, owner);
    },
  };
}

export type MerchantAccess = ReturnType<typeof createMerchantAccess>;
