/**
 * What a manager (or the merchant owner) may do about a staff member's access:
 * - approve a device: a manager signed in on a paired device lets a staff member sign in there even while
 *   guesses made elsewhere slow down sign-ins from devices they have not used (sign-in-limiter.ts): their
 *   attempts on this device get the device's own allowance;
 * - sign out everywhere: every session of the staff member ends at once (a PIN seen by someone, a tablet
 *   left signed in).
 * Each writes an audit entry. A staff member outside the manager's locations is 404, as for reports.
 */
import type { Database } from '../db/database.ts';
import type { Staff } from '../db/repositories/staff.repo.ts';
import { AppError, notFound } from '../errors.ts';
import type { Clock } from '../runtime.ts';
import { type CounterContext, deviceSource, staffIdentity } from './auth.service.ts';
import type { MerchantViewer } from './merchant-access.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';

export function createStaffAccess({
  database,
  clock,
  limiter,
}: {
  database: Database;
  clock: Clock;
  limiter: SignInLimiter;
}) {
  const { repos } = database;

  /** The staff member if they belong to the account and may sign in at one of `locationIds`. */
  async function staffInScope(
    accountId: string,
    locationIds: readonly string[],
    staffId: string,
  ): Promise<Staff> {
    const staff = await repos.staff.findById(staffId);
    if (staff?.accountId === accountId) {
      for (const locationId of locationIds) {
        if (await repos.staff.isAllowedAtLocation(staff.id, locationId)) return staff;
      }
    }
    throw notFound('not_found', 'No such staff member at your locations.');
  }

  return {
    /** A manager on this paired device approves it for a staff member of this location. */
    async approveDevice(manager: CounterContext, staffId: string): Promise<void> {
      if (manager.staff.role !== 'manager') {
        throw new AppError('forbidden', 'Only a manager can approve a device for someone else.');
      }
      const deviceId = manager.session.deviceId;
      if (deviceId === null) throw new AppError('forbidden', 'This session is not on a paired device.');
      const staff = await staffInScope(manager.account.id, [manager.location.id], staffId);
      await limiter.trust(staffIdentity(staff.id), deviceSource(deviceId));
      await repos.audit.record({
        actorUserId: null,
        actorLabel: `${manager.staff.displayName} (manager)`,
        accountId: manager.account.id,
        action: 'staff.device_approved',
        target: `staff ${staff.id}`,
        details: { registerId: manager.register.id, deviceId },
        atMs: clock.nowMs(),
      });
    },

    /** Ends every session of a staff member at the viewer's locations (manager or owner). */
    async signOutEverywhere(viewer: MerchantViewer, staffId: string): Promise<number> {
      if (viewer.kind === 'support') {
        throw new AppError('forbidden', 'Platform support can look, not sign staff out: the merchant does.');
      }
      const staff = await staffInScope(
        viewer.account.id,
        viewer.locations.map((location) => location.id),
        staffId,
      );
      return database.transaction(async (tx) => {
        const ended = await tx.sessions.deleteByStaff(staff.id);
        await tx.audit.record({
          actorUserId: viewer.userId,
          actorLabel: viewer.label,
          accountId: viewer.account.id,
          action: 'staff.signed_out_everywhere',
          target: `staff ${staff.id}`,
          details: { sessions: ended },
          atMs: clock.nowMs(),
        });
        return ended;
      });
    },
  };
}

export type StaffAccess = ReturnType<typeof createStaffAccess>;
