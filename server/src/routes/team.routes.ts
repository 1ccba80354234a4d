/**
 * The merchant's team routes: the staff list and roles (`manager` guard: the owner, a manager for their
 * locations, platform support with `?accountId=`), adding and changing staff (a new PIN, role or
 * deactivation signs them out), and what each role may do (the owner only).
 */
import {
  AddTeamMemberBodySchema,
  RoleParamsSchema,
  RolePermissionsBodySchema,
  RolePermissionsResponseSchema,
  TeamMemberParamsSchema,
  TeamMemberResponseSchema,
  TeamResponseSchema,
  UpdateTeamMemberBodySchema,
} from '@countertop/shared';
import { createMiddleware } from 'hono/factory';
import type { TeamService } from '../services/team.service.ts';
import { defineRoute, errorResponse, jsonResponse } from './define-route.ts';

const noStore = createMiddleware(async (c, next) => {
  c.header('Cache-Control', 'no-store');
  await next();
});

const teamErrors = {
  400: errorResponse('invalid_request: a field, or a location that is not yours to give'),
  401: errorResponse('unauthenticated'),
  403: errorResponse('forbidden: staff, or a manager changing a manager or making one'),
  404: errorResponse('not_found'),
};

export function teamRoutes({ team }: { team: TeamService }) {
  const teamRoute = { guard: 'manager', middleware: [noStore], tags: ['team'] } as const;
  return [
    defineRoute(
      {
        ...teamRoute,
        method: 'get',
        path: '/api/merchant/team',
        summary: 'The staff (with whether this viewer may change each), roles and their permissions',
        responses: { 200: jsonResponse('Team', TeamResponseSchema), ...teamErrors },
      },
      async (c) => c.json(await team.team(c.var.viewer), 200),
    ),
    defineRoute(
      {
        ...teamRoute,
        method: 'post',
        path: '/api/merchant/team',
        summary: 'Add a staff member with a PIN, a role and the locations where they may sign in',
        body: AddTeamMemberBodySchema,
        responses: { 201: jsonResponse('Member', TeamMemberResponseSchema), ...teamErrors },
      },
      async (c) => c.json({ member: await team.add(c.var.viewer, c.req.valid('json')) }, 201),
    ),
    defineRoute(
      {
        ...teamRoute,
        method: 'patch',
        path: '/api/merchant/team/{staffId}',
        summary:
          'Rename, re-role, relocate, deactivate or reset the PIN of a staff member (ends their sessions)',
        params: TeamMemberParamsSchema,
        body: UpdateTeamMemberBodySchema,
        responses: { 200: jsonResponse('Member', TeamMemberResponseSchema), ...teamErrors },
      },
      async (c) =>
        c.json(
          { member: await team.update(c.var.viewer, c.req.valid('param').staffId, c.req.valid('json')) },
          200,
        ),
    ),
    defineRoute(
      {
        method: 'put',
        path: '/api/merchant/team/roles/{role}',
        guard: 'merchant_owner',
        middleware: [noStore],
        tags: ['team'],
        summary: 'What a role may do: discounts, refunds, cash_drawer, reports (the merchant owner)',
        params: RoleParamsSchema,
        body: RolePermissionsBodySchema,
        responses: {
          200: jsonResponse('Role', RolePermissionsResponseSchema),
          400: errorResponse('invalid_request'),
          401: errorResponse('unauthenticated'),
          403: errorResponse('forbidden: not the merchant owner'),
        },
      },
      async (c) => {
        const user = c.var.user;
        return c.json(
          {
            role: await team.setRolePermissions(
              { userId: user.id, email: user.email, accountId: user.accountId },
              c.req.valid('param').role,
              c.req.valid('json').permissions,
            ),
          },
          200,
        );
      },
    ),
  ];
}
