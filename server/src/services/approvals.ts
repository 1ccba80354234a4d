/**
 * Permissions at the counter, and approvals. A role's permissions (`roles` repository; the owner sets
 * them) say what a staff member may do alone: custom discounts, refunds and voids, the cash drawer,
 * reports. Where the signed-in person's role lacks the permission, the request may carry an `approval`:
 * the id and PIN of someone who has it, active and allowed at this location. The PIN is checked like a
 * sign-in, under the same sign-in limits (sign-in-limiter.ts: the approver's identity on this register's
 * device), so an approval prompt cannot be used to guess a manager's PIN faster than the sign-in screen.
 */
import type { Approval, Permission } from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { Staff } from '../db/repositories/staff.repo.ts';
import { AppError } from '../errors.ts';
import { type CounterContext, deviceSource, staffIdentity } from './auth.service.ts';
import { verifyPin } from './pins.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';

/** What each permission is needed for, in the words of the 403 the counter shows. */
const NEEDED_FOR: Readonly<Record<Permission, string>> = {
  discounts: 'give a custom discount',
  refunds: 'refund or void a sale',
  cash_drawer: 'open, close or pay out of the cash drawer',
  reports: 'see reports',
};

export interface Authorization {
  /** Who approved with their PIN (null: the signed-in person's own role allows it). */
  approvedBy: Pick<Staff, 'id' | 'displayName'> | null;
}

export function createApprovals({ database, limiter }: { database: Database; limiter: SignInLimiter }) {
  const { repos } = database;

  async function permissionsOf(counter: CounterContext): Promise<Permission[]> {
    return repos.roles.permissionsOf(counter.account.id, counter.staff.role);
  }

  /** Checks an approval's PIN, throttled and counted like a sign-in at this register. */
  async function verifyApproval(counter: CounterContext, approval: Approval, permission: Permission) {
    const refused = new AppError(
      'invalid_approval',
      `That PIN is not right, or that person cannot approve this here. Someone who may ${NEEDED_FOR[permission]} must enter their own PIN.`,
    );
    const approver = await repos.staff.findCredentials(approval.staffId);
    if (
      !approver?.active ||
      approver.accountId !== counter.account.id ||
      !(await repos.staff.isAllowedAtLocation(approver.id, counter.location.id))
    ) {
      throw refused;
    }
    // Counted before the PIN is checked (a burst of guesses cannot outrun the limit); 429 when it says wait.
    const attempt = await limiter.begin('pin', {
      identity: staffIdentity(approver.id),
      source: counter.session.deviceId === null ? null : deviceSource(counter.session.deviceId),
      address: `register:${counter.register.id}`,
    });
    if (!(await verifyPin(approval.pin, { hash: approver.pinHash, salt: approver.pinSalt }))) throw refused;
    await limiter.succeeded(attempt);
    if (!(await repos.roles.permissionsOf(counter.account.id, approver.role)).includes(permission))
      throw refused;
    return { id: approver.id, displayName: approver.displayName };
  }

  return {
    permissionsOf,

    /**
     * Allows the action when the signed-in person's role has `permission`, or when `approval` is the PIN
     * of someone whose role has it; else 403 approval_required (or invalid_approval, too_many_attempts).
     */
    async authorize(
      counter: CounterContext,
      permission: Permission,
      approval: Approval | undefined,
    ): Promise<Authorization> {
      if ((await permissionsOf(counter)).includes(permission)) return { approvedBy: null };
      if (approval === undefined) {
        throw new AppError(
          'approval_required',
          `Your role cannot ${NEEDED_FOR[permission]} on its own. Ask a manager to approve it with their PIN.`,
        );
      }
      if (approval.staffId === counter.staff.id) {
        throw new AppError('invalid_approval', 'Someone else must approve this with their own PIN.');
      }
      return { approvedBy: await verifyApproval(counter, approval, permission) };
    },
  };
}

export type Approvals = ReturnType<typeof createApprovals>;
