/**
 * A manager's say over staff access: approve this paired device for a staff member (their sign-ins here
 * get this device's own allowance, however many guesses were made elsewhere), and sign a staff member out
 * everywhere (manager at the counter or in the sales review, or the merchant owner).
 */
import { z } from 'zod';
import type { StaffAccess } from '../services/staff-access.service.ts';
import { defineRoute, emptyResponse, errorResponse, jsonResponse } from './define-route.ts';

const StaffParamsSchema = z.object({ staffId: z.string().min(1).max(64) });
const SignedOutSchema = z.object({ endedSessions: z.number() });

export function staffAccessRoutes({ staffAccess }: { staffAccess: StaffAccess }) {
  return [
    defineRoute(
      {
        method: 'post',
        path: '/api/counter/staff/{staffId}/approve-device',
        guard: 'counter',
        summary:
          "A manager approves this paired device for a staff member of this location (their PIN sign-ins here are no longer slowed by others' guesses)",
        tags: ['auth'],
        params: StaffParamsSchema,
        responses: {
          204: emptyResponse('Approved'),
          401: errorResponse('unauthenticated'),
          403: errorResponse('forbidden: not a manager'),
          404: errorResponse('not_found: no such staff member at this location'),
        },
      },
      async (c) => {
        await staffAccess.approveDevice(c.var.counter, c.req.valid('param').staffId);
        return c.body(null, 204);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/merchant/staff/{staffId}/sign-out-everywhere',
        guard: 'manager',
        summary: 'End every session of a staff member at your locations (merchant owner or manager)',
        tags: ['merchant'],
        params: StaffParamsSchema,
        responses: {
          200: jsonResponse('Signed out everywhere', SignedOutSchema),
          401: errorResponse('unauthenticated'),
          403: errorResponse('forbidden: staff, or the platform support view'),
          404: errorResponse('not_found: no such staff member at your locations'),
        },
      },
      async (c) => {
        const endedSessions = await staffAccess.signOutEverywhere(c.var.viewer, c.req.valid('param').staffId);
        return c.json({ endedSessions }, 200);
      },
    ),
  ];
}
