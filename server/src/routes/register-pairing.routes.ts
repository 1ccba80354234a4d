/**
 * Pairing register devices from the consoles: the platform admin (`/api/platform/accounts/:accountId/
 * registers/:registerId/*`) or the merchant owner for their own account (`/api/console/registers/*`) creates
 * a one-time pairing code to type on the device, or unpairs every device of a register at once (their
 * sessions end). The device side is in auth.routes.ts.
 */
import { PairingCodeResponseSchema, PlatformRegisterSchema, RegisterIdParamSchema } from '@countertop/shared';
import { z } from 'zod';
import type { PlatformTerminalService } from '../services/platform-terminal.service.ts';
import type { PairingActor, RegisterPairing } from '../services/register-pairing.service.ts';
import { defineRoute, emptyResponse, errorResponse, jsonResponse } from './define-route.ts';

const OwnerRegisterParamsSchema = z.object({ registerId: z.string().min(1).max(64) });
const RegistersResponseSchema = z.object({ registers: z.array(PlatformRegisterSchema) });

const errors = {
  401: errorResponse('unauthenticated'),
  403: errorResponse('forbidden'),
  404: errorResponse('not_found: no such register (or revoked)'),
};

const actorOf = (user: { id: string; email: string }, role: string): PairingActor => ({
  userId: user.id,
  label: role === 'merchant_owner' ? `${user.email} (owner)` : user.email,
});

function codeResponse(pairingCode: { registerId: string; code: string; expiresAtMs: number }) {
  return {
    pairingCode: {
      registerId: pairingCode.registerId,
      code: pairingCode.code,
      expiresAt: new Date(pairingCode.expiresAtMs).toISOString(),
    },
  };
}

export function registerPairingRoutes({
  pairing,
  terminal,
}: {
  pairing: RegisterPairing;
  terminal: PlatformTerminalService;
}) {
  return [
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/accounts/{accountId}/registers/{registerId}/pairing-code',
        guard: 'platform_admin',
        summary: 'A one-time code to pair a device with the register (shown once, valid 24 hours)',
        tags: ['platform', 'terminal'],
        params: RegisterIdParamSchema,
        responses: { 201: jsonResponse('The code', PairingCodeResponseSchema), ...errors },
      },
      async (c) => {
        const { accountId, registerId } = c.req.valid('param');
        c.header('Cache-Control', 'no-store');
        const created = await pairing.createCode(accountId, registerId, actorOf(c.var.user, c.var.user.role));
        return c.json(codeResponse(created), 201);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/accounts/{accountId}/registers/{registerId}/unpair',
        guard: 'platform_admin',
        summary: 'Unpair every device of the register: their sessions end at once (the register stays)',
        tags: ['platform', 'terminal'],
        params: RegisterIdParamSchema,
        responses: { 204: emptyResponse('Unpaired'), ...errors },
      },
      async (c) => {
        const { accountId, registerId } = c.req.valid('param');
        await pairing.unpairRegister(accountId, registerId, actorOf(c.var.user, c.var.user.role));
        return c.body(null, 204);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/console/registers',
        guard: 'merchant_owner',
        summary: "The merchant owner's registers, with how many devices each has paired",
        tags: ['console'],
        responses: { 200: jsonResponse('Registers', RegistersResponseSchema), ...errors },
      },
      async (c) => c.json({ registers: await terminal.listRegisters(c.var.user.accountId) }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/console/registers/{registerId}/pairing-code',
        guard: 'merchant_owner',
        summary: 'The merchant owner: a one-time code to pair a device with one of their registers',
        tags: ['console'],
        params: OwnerRegisterParamsSchema,
        responses: { 201: jsonResponse('The code', PairingCodeResponseSchema), ...errors },
      },
      async (c) => {
        c.header('Cache-Control', 'no-store');
        const created = await pairing.createCode(
          c.var.user.accountId,
          c.req.valid('param').registerId,
          actorOf(c.var.user, c.var.user.role),
        );
        return c.json(codeResponse(created), 201);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/console/registers/{registerId}/unpair',
        guard: 'merchant_owner',
        summary: 'The merchant owner: unpair every device of one of their registers (sessions end at once)',
        tags: ['console'],
        params: OwnerRegisterParamsSchema,
        responses: { 204: emptyResponse('Unpaired'), ...errors },
      },
      async (c) => {
        await pairing.unpairRegister(
          c.var.user.accountId,
          c.req.valid('param').registerId,
          actorOf(c.var.user, c.var.user.role),
        );
        return c.body(null, 204);
      },
    ),
  ];
}
