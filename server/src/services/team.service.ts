/**
 * The merchant's team: staff members (add, rename, deactivate, role, locations, a new PIN) and what each
 * role may do. The owner and platform support manage everyone; a manager manages staff (not managers) whose
 * locations are all theirs, gives only their own locations, and cannot make anyone a manager. Only the
 * owner changes what a role may do.
 *
 * A new PIN, a new role or deactivation ends that person's open counter sessions, in the transaction that
 * makes the change (`sessions.deleteByStaff`): they sign in again with what is now true. Every change is
 * audit-logged.
 */
import {
  type AddTeamMemberBody,
  PERMISSION_DESCRIPTIONS,
  PERMISSIONS,
  type Permission,
  type RolePermissions,
  type StaffRole,
  type TeamMember,
  type TeamResponse,
  type UpdateTeamMemberBody,
} from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { Repositories } from '../db/repositories/index.ts';
import { AppError, invalidRequest, notFound } from '../errors.ts';
import type { Clock, IdGenerator } from '../runtime.ts';
import type { MerchantViewer } from './merchant-access.ts';
import { hashPin } from './pins.ts';

export interface TeamServiceDeps {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
}

interface Listing {
  id: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  locationIds: string[];
}

export function createTeamService({ database, clock, ids }: TeamServiceDeps) {
  const { repos } = database;

  function isAllOwner(viewer: MerchantViewer): boolean {
    return viewer.kind === 'owner' || viewer.kind === 'support';
  }

  function requireTeamManager(viewer: MerchantViewer): void {
    if (!isAllOwner(viewer) && viewer.kind !== 'manager') {
      throw new AppError('forbidden', 'Only a manager or the owner can manage the team.');
    }
  }

  /** Whether the viewer may change this member (a manager: staff whose every location is theirs). */
  function canEdit(viewer: MerchantViewer, member: Listing): boolean {
    if (isAllOwner(viewer)) return true;
    if (viewer.kind !== 'manager' || member.role !== 'staff' || member.id === viewer.staffId) return false;
    const mine = new Set(viewer.locations.map((location) => location.id));
    return member.locationIds.every((id) => mine.has(id));
  }

  /** A member as the viewer may see them: of their locations, only the viewer's (never another's id). */
  function toMember(viewer: MerchantViewer, member: Listing): TeamMember {
    const visible = new Set(viewer.locations.map((location) => location.id));
    return {
      ...member,
      locationIds: member.locationIds.filter((id) => visible.has(id)),
      canEdit: canEdit(viewer, member),
    };
  }

  function checkLocations(viewer: MerchantViewer, locationIds: readonly string[]): void {
    const allowed = new Set(viewer.locations.map((location) => location.id));
    for (const id of locationIds) {
      if (!allowed.has(id)) {
        throw invalidRequest(
          isAllOwner(viewer)
            ? `locationIds: ${id} is not one of your locations`
            : `locationIds: ${id} is not one of your locations to give`,
        );
      }
    }
  }

  function checkRole(viewer: MerchantViewer, role: StaffRole | undefined): void {
    if (role === 'manager' && !isAllOwner(viewer)) {
      throw new AppError('forbidden', 'Only the owner can make someone a manager.');
    }
  }

  async function listing(tx: Repositories, accountId: string, staffId: string): Promise<Listing> {
    const member = (await tx.console.listStaffOfAccount(accountId)).find(
      (candidate) => candidate.id === staffId,
    );
    if (!member) throw notFound('not_found', 'No such team member.');
    return member;
  }

  async function audit(
    tx: Repositories,
    viewer: MerchantViewer,
    action: string,
    target: string,
    details: Record<string, unknown>,
  ) {
    await tx.audit.record({
      actorUserId: viewer.userId,
      actorLabel: viewer.label,
      accountId: viewer.account.id,
      action,
      target,
      details,
      atMs: clock.nowMs(),
    });
  }

  return {
    async team(viewer: MerchantViewer): Promise<TeamResponse> {
      requireTeamManager(viewer);
      const [staff, roles] = await Promise.all([
        repos.console.listStaffOfAccount(viewer.account.id),
        repos.roles.allOf(viewer.account.id),
      ]);
      const visible = new Set(viewer.locations.map((location) => location.id));
      return {
        staff: staff
          .filter((member) => isAllOwner(viewer) || member.locationIds.some((id) => visible.has(id)))
          .map((member) => toMember(viewer, member)),
        roles: (['manager', 'staff'] as const).map((role) => ({ role, permissions: roles[role] })),
        permissions: PERMISSIONS.map((permission) => ({
          permission,
          description: PERMISSION_DESCRIPTIONS[permission],
        })),
        locations: viewer.locations.map((location) => ({ id: location.id, name: location.name })),
        canEditRoles: viewer.kind === 'owner',
      };
    },

    async add(viewer: MerchantViewer, body: AddTeamMemberBody): Promise<TeamMember> {
      requireTeamManager(viewer);
      checkRole(viewer, body.role);
      checkLocations(viewer, body.locationIds);
      const pin = await hashPin(body.pin);
      const id = ids.newId('stf');
      return database.transaction(async (tx) => {
        await tx.staff.insert(
          {
            id,
            accountId: viewer.account.id,
            displayName: body.displayName,
            role: body.role,
            pinHash: pin.hash,
            pinSalt: pin.salt,
            locationIds: body.locationIds,
          },
          clock.nowMs(),
        );
        await audit(tx, viewer, 'team.member_added', `staff ${id}`, {
          role: body.role,
          locationIds: body.locationIds,
        });
        return toMember(viewer, await listing(tx, viewer.account.id, id));
      });
    },

    async update(viewer: MerchantViewer, staffId: string, body: UpdateTeamMemberBody): Promise<TeamMember> {
      requireTeamManager(viewer);
      const staff = await repos.staff.findById(staffId);
      if (!staff || staff.accountId !== viewer.account.id)
        throw notFound('not_found', 'No such team member.');
      const before = await listing(repos, viewer.account.id, staffId);
      if (
        !isAllOwner(viewer) &&
        !before.locationIds.some((id) => viewer.locations.some((l) => l.id === id))
      ) {
        throw notFound('not_found', 'No such team member.');
      }
      if (!canEdit(viewer, before)) {
        throw new AppError(
          'forbidden',
          'A manager can change staff of their own locations only (not managers).',
        );
      }
      checkRole(viewer, body.role);
      if (body.locationIds) checkLocations(viewer, body.locationIds);
      const pin = body.pin === undefined ? null : await hashPin(body.pin);
      return database.transaction(async (tx) => {
        if (body.displayName !== undefined) await tx.staff.setDisplayName(staffId, body.displayName);
        if (body.role !== undefined) await tx.console.setStaffRole(staffId, body.role);
        if (pin) await tx.staff.setPin(staffId, pin.hash, pin.salt);
        if (body.locationIds !== undefined) await tx.console.setStaffLocations(staffId, body.locationIds);
        if (body.active !== undefined) await tx.staff.setActive(staffId, body.active);
        // A new PIN or role, or deactivation, signs them out everywhere (same transaction).
        const endsSessions =
          pin !== null || (body.role !== undefined && body.role !== before.role) || body.active === false;
        const ended = endsSessions ? await tx.sessions.deleteByStaff(staffId) : 0;
        await audit(tx, viewer, 'team.member_updated', `staff ${staffId}`, {
          fields: Object.keys(body).filter((key) => key !== 'pin'),
          pinChanged: pin !== null,
          sessionsEnded: ended,
        });
        return toMember(viewer, await listing(tx, viewer.account.id, staffId));
      });
    },

    /** What a role may do (the owner only). Takes effect on their next request. */
    async setRolePermissions(
      owner: { userId: string; email: string; accountId: string },
      role: StaffRole,
      permissions: readonly Permission[],
    ): Promise<RolePermissions> {
      await database.transaction(async (tx) => {
        await tx.roles.setPermissions(owner.accountId, role, permissions, clock.nowMs());
        await tx.audit.record({
          actorUserId: owner.userId,
          actorLabel: owner.email,
          accountId: owner.accountId,
          action: 'team.role_permissions_set',
          target: `role ${role}`,
          details: { permissions: [...permissions] },
          atMs: clock.nowMs(),
        });
      });
      return { role, permissions: await repos.roles.permissionsOf(owner.accountId, role) };
    },
  };
}

export type TeamService = ReturnType<typeof createTeamService>;
