/**
 * Platform console routes for an account's Terminal set-up (`/api/platform/accounts/:accountId/*`,
 * platform admins only): locations and their tipping, the counter's tip percentages, registers, readers
 * and staff.
 */
import {
  AccountIdParamSchema,
  AccountResponseSchema,
  CreateLocationBodySchema,
  CreateRegisterBodySchema,
  CreateStaffBodySchema,
  LocationIdParamSchema,
  PlatformLocationSchema,
  PlatformReaderSchema,
  PlatformRegisterSchema,
  PlatformStaffSchema,
  ReaderIdParamSchema,
  RegisterIdParamSchema,
  RegisterReaderBodySchema,
  StaffIdParamSchema,
  UpdateLocationBodySchema,
  UpdateLocationTippingBodySchema,
  UpdateReaderBodySchema,
  UpdateStaffBodySchema,
} from '@countertop/shared';
import { z } from 'zod';
import { notFound } from '../errors.ts';
import type { PlatformTerminalService } from '../services/platform-terminal.service.ts';
import { defineRoute, emptyResponse, errorResponse, jsonResponse } from './define-route.ts';
import { actorOf } from './platform-accounts.routes.ts';

const CounterTippingBodySchema = z.object({
  enabled: z.boolean(),
  percentages: z.array(z.number().int().min(1).max(100)).max(3),
});
const LocationsResponseSchema = z.object({ locations: z.array(PlatformLocationSchema) });
const LocationResponseSchema = z.object({ location: PlatformLocationSchema });
const RegistersResponseSchema = z.object({ registers: z.array(PlatformRegisterSchema) });
const RegisterResponseSchema = z.object({ register: PlatformRegisterSchema });
const ReadersResponseSchema = z.object({ readers: z.array(PlatformReaderSchema) });
const ReaderResponseSchema = z.object({ reader: PlatformReaderSchema });
const StaffListResponseSchema = z.object({ staff: z.array(PlatformStaffSchema) });
const StaffResponseSchema = z.object({ staff: PlatformStaffSchema });
const MoveReaderBodySchema = UpdateReaderBodySchema.extend({
  /** Needed to move a physical reader (simulated readers are re-registered automatically). */
  registrationCode: z.string().trim().min(1).max(100).optional(),
});

const TAGS = ['platform', 'terminal'];
const terminalErrors = {
  400: errorResponse('invalid_request'),
  401: errorResponse('unauthenticated'),
  403: errorResponse('forbidden: not a platform admin'),
  404: errorResponse('account_not_found'),
};

export function platformTerminalRoutes({ terminal }: { terminal: PlatformTerminalService }) {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/accounts/{accountId}/locations',
        guard: 'platform_admin',
        summary: 'Locations',
        tags: TAGS,
        params: AccountIdParamSchema,
        responses: { 200: jsonResponse('Locations', LocationsResponseSchema), ...terminalErrors },
      },
      async (c) => c.json({ locations: await terminal.listLocations(c.req.valid('param').accountId) }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/accounts/{accountId}/locations',
        guard: 'platform_admin',
        summary: 'Create a location (address checked by country, IANA time zone, tipping)',
        tags: TAGS,
        params: AccountIdParamSchema,
        body: CreateLocationBodySchema,
        responses: { 201: jsonResponse('Created', LocationResponseSchema), ...terminalErrors },
      },
      async (c) => {
        const { accountId } = c.req.valid('param');
        const location = await terminal.createLocation(accountId, c.req.valid('json'), actorOf(c.var.user));
        return c.json({ location }, 201);
      },
    ),
    defineRoute(
      {
        method: 'patch',
        path: '/api/platform/accounts/{accountId}/locations/{locationId}',
        guard: 'platform_admin',
        summary:
          'Rename a location or change its address or time zone (address checked by country; country fixed)',
        tags: TAGS,
        params: LocationIdParamSchema,
        body: UpdateLocationBodySchema,
        responses: { 200: jsonResponse('Updated', LocationResponseSchema), ...terminalErrors },
      },
      async (c) => {
        const { accountId, locationId } = c.req.valid('param');
        const location = await terminal.updateLocation(
          accountId,
          locationId,
          c.req.valid('json'),
          actorOf(c.var.user),
        );
        return c.json({ location }, 200);
      },
    ),
    defineRoute(
      {
        method: 'put',
        path: '/api/platform/accounts/{accountId}/locations/{locationId}/tipping',
        guard: 'platform_admin',
        summary: "Set a location's on-reader tipping (Terminal configuration)",
        tags: TAGS,
        params: LocationIdParamSchema,
        body: UpdateLocationTippingBodySchema,
        responses: { 200: jsonResponse('Updated', LocationResponseSchema), ...terminalErrors },
      },
      async (c) => {
        const { accountId, locationId } = c.req.valid('param');
        const location = await terminal.setLocationTipping(
          accountId,
          locationId,
          c.req.valid('json').tipping,
          actorOf(c.var.user),
        );
        return c.json({ location }, 200);
      },
    ),
    defineRoute(
      {
        method: 'put',
        path: '/api/platform/accounts/{accountId}/counter-tipping',
        guard: 'platform_admin',
        summary: "Set the counter screen's tip percentages",
        tags: TAGS,
        params: AccountIdParamSchema,
        body: CounterTippingBodySchema,
        responses: { 200: jsonResponse('Updated', AccountResponseSchema), ...terminalErrors },
      },
      async (c) => {
        const { accountId } = c.req.valid('param');
        const account = await terminal.setCounterTipping(accountId, c.req.valid('json'), actorOf(c.var.user));
        return c.json({ account }, 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/accounts/{accountId}/registers',
        guard: 'platform_admin',
        summary: 'Registers',
        tags: TAGS,
        params: AccountIdParamSchema,
        responses: { 200: jsonResponse('Registers', RegistersResponseSchema), ...terminalErrors },
      },
      async (c) => c.json({ registers: await terminal.listRegisters(c.req.valid('param').accountId) }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/accounts/{accountId}/registers',
        guard: 'platform_admin',
        summary: 'Create a register paired to a location by a code',
        tags: TAGS,
        params: AccountIdParamSchema,
        body: CreateRegisterBodySchema,
        responses: { 201: jsonResponse('Created', RegisterResponseSchema), ...terminalErrors },
      },
      async (c) => {
        const { accountId } = c.req.valid('param');
        const register = await terminal.createRegister(accountId, c.req.valid('json'), actorOf(c.var.user));
        return c.json({ register }, 201);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/accounts/{accountId}/registers/{registerId}/revoke',
        guard: 'platform_admin',
        summary: 'Revoke a register (its sessions end)',
        tags: TAGS,
        params: RegisterIdParamSchema,
        responses: { 204: emptyResponse('Revoked'), ...terminalErrors },
      },
      async (c) => {
        const { accountId, registerId } = c.req.valid('param');
        await terminal.revokeRegister(accountId, registerId, actorOf(c.var.user));
        return c.body(null, 204);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/accounts/{accountId}/readers',
        guard: 'platform_admin',
        summary: 'Readers with live status from Stripe',
        tags: TAGS,
        params: AccountIdParamSchema,
        responses: { 200: jsonResponse('Readers', ReadersResponseSchema), ...terminalErrors },
      },
      async (c) => c.json({ readers: await terminal.listReaders(c.req.valid('param').accountId) }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/accounts/{accountId}/readers',
        guard: 'platform_admin',
        summary: 'Register a reader by registration code',
        tags: TAGS,
        params: AccountIdParamSchema,
        body: RegisterReaderBodySchema,
        responses: { 201: jsonResponse('Registered', ReaderResponseSchema), ...terminalErrors },
      },
      async (c) => {
        const { accountId } = c.req.valid('param');
        const reader = await terminal.registerReader(accountId, c.req.valid('json'), actorOf(c.var.user));
        return c.json({ reader }, 201);
      },
    ),
    defineRoute(
      {
        method: 'patch',
        path: '/api/platform/accounts/{accountId}/readers/{readerId}',
        guard: 'platform_admin',
        summary: 'Relabel or move a reader (re-registered at the new location)',
        tags: TAGS,
        params: ReaderIdParamSchema,
        body: MoveReaderBodySchema,
        responses: { 200: jsonResponse('Updated', ReaderResponseSchema), ...terminalErrors },
      },
      async (c) => {
        const { accountId, readerId } = c.req.valid('param');
        await terminal.updateReader(accountId, readerId, c.req.valid('json'), actorOf(c.var.user));
        const reader = (await terminal.listReaders(accountId)).find((r) => r.id === readerId);
        // Moved within the account, so still listed; answering `{}` would break the documented shape.
        if (!reader) throw notFound('reader_not_found', 'No such reader.');
        return c.json({ reader }, 200);
      },
    ),
    defineRoute(
      {
        method: 'delete',
        path: '/api/platform/accounts/{accountId}/readers/{readerId}',
        guard: 'platform_admin',
        summary: 'Remove a reader',
        tags: TAGS,
        params: ReaderIdParamSchema,
        responses: { 204: emptyResponse('Removed'), ...terminalErrors },
      },
      async (c) => {
        const { accountId, readerId } = c.req.valid('param');
        await terminal.removeReader(accountId, readerId, actorOf(c.var.user));
        return c.body(null, 204);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/accounts/{accountId}/staff',
        guard: 'platform_admin',
        summary: 'Staff',
        tags: TAGS,
        params: AccountIdParamSchema,
        responses: { 200: jsonResponse('Staff', StaffListResponseSchema), ...terminalErrors },
      },
      async (c) => c.json({ staff: await terminal.listStaff(c.req.valid('param').accountId) }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/accounts/{accountId}/staff',
        guard: 'platform_admin',
        summary: 'Add a staff member with a PIN, role and locations',
        tags: TAGS,
        params: AccountIdParamSchema,
        body: CreateStaffBodySchema,
        responses: { 201: jsonResponse('Added', StaffResponseSchema), ...terminalErrors },
      },
      async (c) => {
        const { accountId } = c.req.valid('param');
        const staff = await terminal.addStaff(accountId, c.req.valid('json'), actorOf(c.var.user));
        return c.json({ staff }, 201);
      },
    ),
    defineRoute(
      {
        method: 'patch',
        path: '/api/platform/accounts/{accountId}/staff/{staffId}',
        guard: 'platform_admin',
        summary: "Change a staff member's role, PIN, locations or deactivate",
        tags: TAGS,
        params: StaffIdParamSchema,
        body: UpdateStaffBodySchema,
        responses: { 200: jsonResponse('Updated', StaffResponseSchema), ...terminalErrors },
      },
      async (c) => {
        const { accountId, staffId } = c.req.valid('param');
        const staff = await terminal.updateStaff(
          accountId,
          staffId,
          c.req.valid('json'),
          actorOf(c.var.user),
        );
        return c.json({ staff }, 200);
      },
    ),
  ];
}
