/**
 * Team API contract (`/api/merchant/team*`): the merchant's staff (add, rename, deactivate, role,
 * locations, reset PIN) and what each role may do. The owner (and platform support) manages everyone; a
 * manager manages staff (not managers) at their own locations and cannot make anyone a manager. Changing
 * someone's PIN or role, or deactivating them, signs them out everywhere.
 */
import { z } from 'zod';
import { PermissionSchema, StaffRoleSchema } from './auth.ts';
import { PIN_PATTERN } from './auth-constants.ts';

const IdSchema = z.string().trim().min(1).max(64);

export const TeamMemberSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  role: StaffRoleSchema,
  active: z.boolean(),
  locationIds: z.array(z.string()),
  /** Whether this viewer may change them. */
  canEdit: z.boolean(),
});
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const RolePermissionsSchema = z.object({
  role: StaffRoleSchema,
  permissions: z.array(PermissionSchema),
});
export type RolePermissions = z.infer<typeof RolePermissionsSchema>;

/** `GET /api/merchant/team`. */
export const TeamResponseSchema = z.object({
  staff: z.array(TeamMemberSchema),
  roles: z.array(RolePermissionsSchema),
  /** Every permission with what it allows, in words. */
  permissions: z.array(z.object({ permission: PermissionSchema, description: z.string() })),
  locations: z.array(z.object({ id: z.string(), name: z.string() })),
  /** Whether this viewer may change role permissions (the owner). */
  canEditRoles: z.boolean(),
});
export type TeamResponse = z.infer<typeof TeamResponseSchema>;

const DisplayNameSchema = z.string().trim().min(1, 'a name').max(60);
const PinSchema = z.string().regex(PIN_PATTERN, 'a PIN of 4 to 8 digits');
const LocationIdsSchema = z
  .array(IdSchema)
  .max(200)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'each location at most once' });

/** `POST /api/merchant/team`. */
export const AddTeamMemberBodySchema = z
  .object({
    displayName: DisplayNameSchema,
    role: StaffRoleSchema,
    pin: PinSchema,
    locationIds: LocationIdsSchema.min(1, 'at least one location'),
  })
  .strict();
export type AddTeamMemberBody = z.infer<typeof AddTeamMemberBodySchema>;

/** `PATCH /api/merchant/team/{staffId}`: any of these. A new PIN, role or deactivation signs them out. */
export const UpdateTeamMemberBodySchema = z
  .object({
    displayName: DisplayNameSchema.optional(),
    role: StaffRoleSchema.optional(),
    pin: PinSchema.optional(),
    locationIds: LocationIdsSchema.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UpdateTeamMemberBody = z.infer<typeof UpdateTeamMemberBodySchema>;

export const TeamMemberParamsSchema = z.object({ staffId: IdSchema });
export const TeamMemberResponseSchema = z.object({ member: TeamMemberSchema });

/** `PUT /api/merchant/team/roles/{role}` (the owner): what the role may do (from their next request on). */
export const RolePermissionsBodySchema = z
  .object({
    permissions: z
      .array(PermissionSchema)
      .refine((list) => new Set(list).size === list.length, { message: 'each permission at most once' }),
  })
  .strict();
export const RoleParamsSchema = z.object({ role: StaffRoleSchema });
export const RolePermissionsResponseSchema = z.object({ role: RolePermissionsSchema });
