/** What each built-in role may do at an account (`role_permissions`; no row: the defaults). */
import {
  DEFAULT_ROLE_PERMISSIONS,
  type Permission,
  PermissionSchema,
  type StaffRole,
} from '@countertop/shared';
import type { Queryable } from '../schema.ts';

export interface RolesRepo {
  /** The role's permissions at the account (the defaults until the owner changes them). */
  permissionsOf(accountId: string, role: StaffRole): Promise<Permission[]>;
  /** Both roles' permissions at the account. */
  allOf(accountId: string): Promise<Record<StaffRole, Permission[]>>;
  setPermissions(
    accountId: string,
    role: StaffRole,
    permissions: readonly Permission[],
    nowMs: number,
  ): Promise<void>;
}

function parsePermissions(json: string): Permission[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.flatMap((entry) => PermissionSchema.safeParse(entry).data ?? []) : [];
}

export function createRolesRepo(db: Queryable): RolesRepo {
  const allOf = async (accountId: string): Promise<Record<StaffRole, Permission[]>> => {
    const rows = await db
      .selectFrom('role_permissions')
      .select(['role', 'permissions_json'])
      .where('account_id', '=', accountId)
      .execute();
    const result: Record<StaffRole, Permission[]> = {
      manager: [...DEFAULT_ROLE_PERMISSIONS.manager],
      staff: [...DEFAULT_ROLE_PERMISSIONS.staff],
    };
    for (const row of rows) result[row.role] = parsePermissions(row.permissions_json);
    return result;
  };
  return {
    async permissionsOf(accountId, role) {
      return (await allOf(accountId))[role];
    },
    allOf,
    async setPermissions(accountId, role, permissions, nowMs) {
      const json = JSON.stringify([...permissions]);
      await db
        .insertInto('role_permissions')
        .values({ account_id: accountId, role, permissions_json: json, updated_at_ms: nowMs })
        .onConflict((oc) =>
          oc.columns(['account_id', 'role']).doUpdateSet({ permissions_json: json, updated_at_ms: nowMs }),
        )
        .execute();
    },
  };
}
