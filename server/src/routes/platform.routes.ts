/**
 * Platform console routes (`/api/platform/*`, platform admins only unless noted): connected accounts,
 * onboarding links and their return/refresh redirects, login links, fee plans and preview, fees earned
 * (JSON and CSV), risk limits, payout schedules and the audit log. Also the merchant owner's "open your Stripe dashboard" link.
 */
import {
  AccountIdParamSchema,
  AccountListResponseSchema,
  AccountResponseSchema,
  ApiErrorSchema,
  AuditLogResponseSchema,
  CreateAccountBodySchema,
  CreateLocationBodySchema,
  CreateRegisterBodySchema,
  CreateStaffBodySchema,
  FeePlanSchema,
  FeePreviewBodySchema,
  FeePreviewResponseSchema,
  FeesEarnedQuerySchema,
  FeesEarnedResponseSchema,
  LinkResponseSchema,
  LocationIdParamSchema,
  OnboardingQuerySchema,
  PayoutScheduleBodySchema,
  PayoutScheduleResponseSchema,
  PlatformLocationSchema,
  PlatformReaderSchema,
  PlatformRegisterSchema,
  PlatformStaffSchema,
  ReaderIdParamSchema,
  RegisterIdParamSchema,
  RegisterReaderBodySchema,
  RiskLimitsSchema,
  StaffIdParamSchema,
  UpdateLocationBodySchema,
  UpdateLocationTippingBodySchema,
  UpdateReaderBodySchema,
  UpdateStaffBodySchema,
} from '@countertop/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  type ConsoleEnv,
  type MerchantOwnerEnv,
  requireMerchantOwner,
  requirePlatformAdmin,
} from '../middleware/console-session.ts';
import { validate } from '../middleware/error-handler.ts';
import type { Actor, PlatformAccountsService } from '../services/platform-accounts.service.ts';
import type { PlatformTerminalService } from '../services/platform-terminal.service.ts';
import { defineRoutes } from './route-registry.ts';

const actorOf = (user: { id: string; email: string }): Actor => ({ id: user.id, email: user.email });

const FeePlanResponseSchema = z.object({ plan: FeePlanSchema });

export function createPlatformAccountRoutes(accounts: PlatformAccountsService) {
  const csv = (body: string, name: string) =>
    new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
      },
    });

  return (
    new Hono<ConsoleEnv>()
      // Onboarding redirects: Stripe sends the browser here (the cookie may be absent cross-site).
      .get('/onboarding/return', validate('query', OnboardingQuerySchema), async (c) =>
        c.redirect(await accounts.handleOnboardingReturn(c.req.valid('query').account), 302),
      )
      .get('/onboarding/refresh', validate('query', OnboardingQuerySchema), async (c) => {
        const user = c.get('user');
        const actor = user?.role === 'platform_admin' ? actorOf(user) : null;
        return c.redirect(await accounts.handleOnboardingRefresh(c.req.valid('query').account, actor), 302);
      })
      .use('*', requirePlatformAdmin)
      .get('/accounts', async (c) => c.json({ accounts: await accounts.listAccounts() }))
      .post('/accounts', validate('json', CreateAccountBodySchema), async (c) =>
        c.json({ account: await accounts.createAccount(c.req.valid('json'), actorOf(c.get('user'))) }, 201),
      )
      .get('/accounts/:accountId', validate('param', AccountIdParamSchema), async (c) =>
        c.json({ account: await accounts.getAccount(c.req.valid('param').accountId) }),
      )
      .post('/accounts/:accountId/refresh', validate('param', AccountIdParamSchema), async (c) =>
        c.json({ account: await accounts.refreshAccountStatus(c.req.valid('param').accountId) }),
      )
      .post('/accounts/:accountId/onboarding-link', validate('param', AccountIdParamSchema), async (c) =>
        c.json(await accounts.createOnboardingLink(c.req.valid('param').accountId, actorOf(c.get('user')))),
      )
      .post('/accounts/:accountId/login-link', validate('param', AccountIdParamSchema), async (c) =>
        c.json(await accounts.createLoginLink(c.req.valid('param').accountId, actorOf(c.get('user')))),
      )
      .put(
        '/accounts/:accountId/fee-plan',
        validate('param', AccountIdParamSchema),
        validate('json', FeePlanSchema),
        async (c) =>
          c.json({
            account: await accounts.setFeePlan(
              c.req.valid('param').accountId,
              c.req.valid('json'),
              actorOf(c.get('user')),
            ),
          }),
      )
      .put(
        '/accounts/:accountId/risk-limits',
        validate('param', AccountIdParamSchema),
        validate('json', RiskLimitsSchema),
        async (c) =>
          c.json({
            account: await accounts.setRiskLimits(
              c.req.valid('param').accountId,
              c.req.valid('json'),
              actorOf(c.get('user')),
            ),
          }),
      )
      .get('/accounts/:accountId/payout-schedule', validate('param', AccountIdParamSchema), async (c) =>
        c.json({ schedule: await accounts.payoutSchedule(c.req.valid('param').accountId) }),
      )
      .put(
        '/accounts/:accountId/payout-schedule',
        validate('param', AccountIdParamSchema),
        validate('json', PayoutScheduleBodySchema),
        async (c) =>
          c.json({
            schedule: await accounts.setPayoutSchedule(
              c.req.valid('param').accountId,
              c.req.valid('json'),
              actorOf(c.get('user')),
            ),
          }),
      )
      .get('/accounts/:accountId/audit-log', validate('param', AccountIdParamSchema), async (c) =>
        c.json({ entries: await accounts.auditLog(c.req.valid('param').accountId) }),
      )
      .get(
        '/accounts/:accountId/fees-earned',
        validate('param', AccountIdParamSchema),
        validate('query', FeesEarnedQuerySchema),
        async (c) => {
          const { period, from } = c.req.valid('query');
          return c.json(
            await accounts.feesEarned({ accountId: c.req.valid('param').accountId, period, fromDate: from }),
          );
        },
      )
      .get(
        '/accounts/:accountId/fees-earned.csv',
        validate('param', AccountIdParamSchema),
        validate('query', FeesEarnedQuerySchema),
        async (c) => {
          const { accountId } = c.req.valid('param');
          const { period, from } = c.req.valid('query');
          const report = await accounts.feesEarned({ accountId, period, fromDate: from });
          return csv(accounts.feesEarnedCsv(report), `fees-earned-${accountId}-by-${period}.csv`);
        },
      )
      .get('/audit-log', async (c) => c.json({ entries: await accounts.auditLog() }))
      .get('/fee-plan-default', async (c) => c.json({ plan: await accounts.defaultFeePlan() }))
      .put('/fee-plan-default', validate('json', FeePlanSchema), async (c) =>
        c.json({ plan: await accounts.setDefaultFeePlan(c.req.valid('json'), actorOf(c.get('user'))) }),
      )
      .post('/fee-preview', validate('json', FeePreviewBodySchema), (c) => {
        const body = c.req.valid('json');
        return c.json(accounts.previewFees(body.plan, body.currency ?? 'usd', body.amountsMinor));
      })
      .get('/fees-earned', validate('query', FeesEarnedQuerySchema), async (c) => {
        const { period, from } = c.req.valid('query');
        return c.json(await accounts.feesEarned({ period, fromDate: from }));
      })
      .get('/fees-earned.csv', validate('query', FeesEarnedQuerySchema), async (c) => {
        const { period, from } = c.req.valid('query');
        const report = await accounts.feesEarned({ period, fromDate: from });
        return csv(accounts.feesEarnedCsv(report), `fees-earned-by-${period}.csv`);
      })
  );
}

/** Routes for merchant owners under /api/console. */
export function createOwnerConsoleRoutes(accounts: PlatformAccountsService) {
  return new Hono<MerchantOwnerEnv>().post('/stripe-dashboard-link', requireMerchantOwner, async (c) => {
    const user = c.get('user');
    return c.json(await accounts.createLoginLink(user.accountId, actorOf(user)));
  });
}

const errorResponse = (description: string) => ({ description, schema: ApiErrorSchema });
const adminErrors = {
  401: errorResponse('unauthenticated'),
  403: errorResponse('forbidden: not a platform admin'),
};
const accountErrors = { ...adminErrors, 404: errorResponse('account_not_found') };

export const PLATFORM_ACCOUNT_ROUTES = defineRoutes([
  {
    method: 'get',
    path: '/api/platform/accounts',
    auth: 'platform_admin',
    summary: 'Connected accounts with their stored status',
    tags: ['platform'],
    responses: { 200: { description: 'Accounts', schema: AccountListResponseSchema }, ...adminErrors },
  },
  {
    method: 'post',
    path: '/api/platform/accounts',
    auth: 'platform_admin',
    summary: 'Create a connected account (Connect countries; preview countries need previewAcknowledged)',
    tags: ['platform'],
    body: CreateAccountBodySchema,
    responses: {
      201: { description: 'Created', schema: AccountResponseSchema },
      400: errorResponse('invalid_request: unknown country, preview not acknowledged, Stripe refused'),
      ...adminErrors,
    },
  },
  {
    method: 'get',
    path: '/api/platform/accounts/:accountId',
    auth: 'platform_admin',
    summary:
      "An account with Stripe's live status and requirements in plain words (stored status if Stripe does not answer)",
    tags: ['platform'],
    params: AccountIdParamSchema,
    responses: { 200: { description: 'The account', schema: AccountResponseSchema }, ...accountErrors },
  },
  {
    method: 'post',
    path: '/api/platform/accounts/:accountId/refresh',
    auth: 'platform_admin',
    summary: "Read the account's status from Stripe and store it (e.g. after a missed webhook)",
    tags: ['platform'],
    params: AccountIdParamSchema,
    responses: { 200: { description: 'The account', schema: AccountResponseSchema }, ...accountErrors },
  },
  {
    method: 'post',
    path: '/api/platform/accounts/:accountId/onboarding-link',
    auth: 'platform_admin',
    summary: 'A hosted onboarding link (returns to /api/platform/onboarding/return)',
    tags: ['platform'],
    params: AccountIdParamSchema,
    responses: { 200: { description: 'The link', schema: LinkResponseSchema }, ...accountErrors },
  },
  {
    method: 'post',
    path: '/api/platform/accounts/:accountId/login-link',
    auth: 'platform_admin',
    summary: 'An Express Dashboard login link (Express accounts only)',
    tags: ['platform'],
    params: AccountIdParamSchema,
    responses: {
      200: { description: 'The link', schema: LinkResponseSchema },
      400: errorResponse('invalid_request: not an Express account'),
      ...accountErrors,
    },
  },
  {
    method: 'put',
    path: '/api/platform/accounts/:accountId/fee-plan',
    auth: 'platform_admin',
    summary: "Set the account's fee plan (applies to new sales)",
    tags: ['platform', 'fees'],
    params: AccountIdParamSchema,
    body: FeePlanSchema,
    responses: {
      200: { description: 'Updated', schema: AccountResponseSchema },
      400: errorResponse('invalid_request'),
      ...accountErrors,
    },
  },
  {
    method: 'put',
    path: '/api/platform/accounts/:accountId/risk-limits',
    auth: 'platform_admin',
    summary: 'Set the maximum per sale and per day (null for none)',
    tags: ['platform', 'risk'],
    params: AccountIdParamSchema,
    body: RiskLimitsSchema,
    responses: {
      200: { description: 'Updated', schema: AccountResponseSchema },
      400: errorResponse('invalid_request'),
      ...accountErrors,
    },
  },
  {
    method: 'get',
    path: '/api/platform/accounts/:accountId/payout-schedule',
    auth: 'platform_admin',
    summary: "The connected account's payout schedule, read from Stripe",
    tags: ['platform', 'payouts'],
    params: AccountIdParamSchema,
    responses: { 200: { description: 'Schedule', schema: PayoutScheduleResponseSchema }, ...accountErrors },
  },
  {
    method: 'put',
    path: '/api/platform/accounts/:accountId/payout-schedule',
    auth: 'platform_admin',
    summary:
      "Set the connected account's payout schedule on Stripe (interval, delay, weekday or day of month)",
    tags: ['platform', 'payouts'],
    params: AccountIdParamSchema,
    body: PayoutScheduleBodySchema,
    responses: {
      200: { description: 'Updated', schema: PayoutScheduleResponseSchema },
      400: errorResponse('invalid_request: anchor missing or not matching the interval, Stripe refused'),
      ...accountErrors,
    },
  },
  {
    method: 'get',
    path: '/api/platform/accounts/:accountId/audit-log',
    auth: 'platform_admin',
    summary: "The account's audit log, newest first",
    tags: ['platform', 'audit'],
    params: AccountIdParamSchema,
    responses: { 200: { description: 'Entries', schema: AuditLogResponseSchema }, ...accountErrors },
  },
  {
    method: 'get',
    path: '/api/platform/accounts/:accountId/fees-earned',
    auth: 'platform_admin',
    summary:
      "Application fees earned from the account per day or month (fee ledger kept in step with Stripe's fee objects)",
    tags: ['platform', 'fees'],
    params: AccountIdParamSchema,
    query: FeesEarnedQuerySchema,
    responses: { 200: { description: 'Report', schema: FeesEarnedResponseSchema }, ...accountErrors },
  },
  {
    method: 'get',
    path: '/api/platform/accounts/:accountId/fees-earned.csv',
    auth: 'platform_admin',
    summary: 'The same as CSV',
    tags: ['platform', 'fees'],
    params: AccountIdParamSchema,
    query: FeesEarnedQuerySchema,
    responses: { 200: { description: 'CSV', contentType: 'text/csv' }, ...accountErrors },
  },
  {
    method: 'get',
    path: '/api/platform/audit-log',
    auth: 'platform_admin',
    summary: 'The whole audit log, newest first',
    tags: ['platform', 'audit'],
    responses: { 200: { description: 'Entries', schema: AuditLogResponseSchema }, ...adminErrors },
  },
  {
    method: 'get',
    path: '/api/platform/fee-plan-default',
    auth: 'platform_admin',
    summary: 'The platform default fee plan (new accounts start with it)',
    tags: ['platform', 'fees'],
    responses: { 200: { description: 'Plan', schema: FeePlanResponseSchema }, ...adminErrors },
  },
  {
    method: 'put',
    path: '/api/platform/fee-plan-default',
    auth: 'platform_admin',
    summary: 'Set the platform default fee plan',
    tags: ['platform', 'fees'],
    body: FeePlanSchema,
    responses: {
      200: { description: 'Plan', schema: FeePlanResponseSchema },
      400: errorResponse('invalid_request'),
      ...adminErrors,
    },
  },
  {
    method: 'post',
    path: '/api/platform/fee-preview',
    auth: 'platform_admin',
    summary: 'The fee a plan charges on sample amounts (same rule as checkout)',
    tags: ['platform', 'fees'],
    body: FeePreviewBodySchema,
    responses: {
      200: { description: 'Preview', schema: FeePreviewResponseSchema },
      400: errorResponse('invalid_request'),
      ...adminErrors,
    },
  },
  {
    method: 'get',
    path: '/api/platform/fees-earned',
    auth: 'platform_admin',
    summary: 'Application fees earned per account and day or month',
    tags: ['platform', 'fees'],
    query: FeesEarnedQuerySchema,
    responses: { 200: { description: 'Report', schema: FeesEarnedResponseSchema }, ...adminErrors },
  },
  {
    method: 'get',
    path: '/api/platform/fees-earned.csv',
    auth: 'platform_admin',
    summary: 'The same as CSV',
    tags: ['platform', 'fees'],
    query: FeesEarnedQuerySchema,
    responses: { 200: { description: 'CSV', contentType: 'text/csv' }, ...adminErrors },
  },
  {
    method: 'get',
    path: '/api/platform/onboarding/return',
    auth: 'public',
    summary: 'Onboarding return URL: reads the account from Stripe, redirects to the console',
    tags: ['platform'],
    query: OnboardingQuerySchema,
    responses: { 302: { description: 'Redirect to /platform/accounts/:id' } },
  },
  {
    method: 'get',
    path: '/api/platform/onboarding/refresh',
    auth: 'public',
    summary: 'Onboarding refresh URL: a new link for a signed-in admin, else the console page',
    tags: ['platform'],
    query: OnboardingQuerySchema,
    responses: { 302: { description: 'Redirect to a new onboarding link or the console' } },
  },
  {
    method: 'post',
    path: '/api/console/stripe-dashboard-link',
    auth: 'merchant_owner',
    summary: "The merchant owner's Express Dashboard login link",
    tags: ['console'],
    responses: {
      200: { description: 'The link', schema: LinkResponseSchema },
      400: errorResponse('invalid_request: not an Express account'),
      401: errorResponse('unauthenticated'),
      403: errorResponse('forbidden'),
    },
  },
]);

// Locations, registers, readers and staff ---------------------------------------------------------------

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

export function createPlatformTerminalRoutes(terminal: PlatformTerminalService) {
  return new Hono<ConsoleEnv>()
    .use('*', requirePlatformAdmin)
    .get('/accounts/:accountId/locations', validate('param', AccountIdParamSchema), async (c) =>
      c.json({ locations: await terminal.listLocations(c.req.valid('param').accountId) }),
    )
    .post(
      '/accounts/:accountId/locations',
      validate('param', AccountIdParamSchema),
      validate('json', CreateLocationBodySchema),
      async (c) =>
        c.json(
          {
            location: await terminal.createLocation(
              c.req.valid('param').accountId,
              c.req.valid('json'),
              actorOf(c.get('user')),
            ),
          },
          201,
        ),
    )
    .patch(
      '/accounts/:accountId/locations/:locationId',
      validate('param', LocationIdParamSchema),
      validate('json', UpdateLocationBodySchema),
      async (c) => {
        const { accountId, locationId } = c.req.valid('param');
        return c.json({
          location: await terminal.updateLocation(
            accountId,
            locationId,
            c.req.valid('json'),
            actorOf(c.get('user')),
          ),
        });
      },
    )
    .put(
      '/accounts/:accountId/locations/:locationId/tipping',
      validate('param', LocationIdParamSchema),
      validate('json', UpdateLocationTippingBodySchema),
      async (c) => {
        const { accountId, locationId } = c.req.valid('param');
        return c.json({
          location: await terminal.setLocationTipping(
            accountId,
            locationId,
            c.req.valid('json').tipping,
            actorOf(c.get('user')),
          ),
        });
      },
    )
    .put(
      '/accounts/:accountId/counter-tipping',
      validate('param', AccountIdParamSchema),
      validate('json', CounterTippingBodySchema),
      async (c) =>
        c.json({
          account: await terminal.setCounterTipping(
            c.req.valid('param').accountId,
            c.req.valid('json'),
            actorOf(c.get('user')),
          ),
        }),
    )
    .get('/accounts/:accountId/registers', validate('param', AccountIdParamSchema), async (c) =>
      c.json({ registers: await terminal.listRegisters(c.req.valid('param').accountId) }),
    )
    .post(
      '/accounts/:accountId/registers',
      validate('param', AccountIdParamSchema),
      validate('json', CreateRegisterBodySchema),
      async (c) =>
        c.json(
          {
            register: await terminal.createRegister(
              c.req.valid('param').accountId,
              c.req.valid('json'),
              actorOf(c.get('user')),
            ),
          },
          201,
        ),
    )
    .post(
      '/accounts/:accountId/registers/:registerId/revoke',
      validate('param', RegisterIdParamSchema),
      async (c) => {
        const { accountId, registerId } = c.req.valid('param');
        await terminal.revokeRegister(accountId, registerId, actorOf(c.get('user')));
        return c.body(null, 204);
      },
    )
    .get('/accounts/:accountId/readers', validate('param', AccountIdParamSchema), async (c) =>
      c.json({ readers: await terminal.listReaders(c.req.valid('param').accountId) }),
    )
    .post(
      '/accounts/:accountId/readers',
      validate('param', AccountIdParamSchema),
      validate('json', RegisterReaderBodySchema),
      async (c) =>
        c.json(
          {
            reader: await terminal.registerReader(
              c.req.valid('param').accountId,
              c.req.valid('json'),
              actorOf(c.get('user')),
            ),
          },
          201,
        ),
    )
    .patch(
      '/accounts/:accountId/readers/:readerId',
      validate('param', ReaderIdParamSchema),
      validate('json', MoveReaderBodySchema),
      async (c) => {
        const { accountId, readerId } = c.req.valid('param');
        await terminal.updateReader(accountId, readerId, c.req.valid('json'), actorOf(c.get('user')));
        const reader = (await terminal.listReaders(accountId)).find((r) => r.id === readerId);
        return c.json({ reader });
      },
    )
    .delete('/accounts/:accountId/readers/:readerId', validate('param', ReaderIdParamSchema), async (c) => {
      const { accountId, readerId } = c.req.valid('param');
      await terminal.removeReader(accountId, readerId, actorOf(c.get('user')));
      return c.body(null, 204);
    })
    .get('/accounts/:accountId/staff', validate('param', AccountIdParamSchema), async (c) =>
      c.json({ staff: await terminal.listStaff(c.req.valid('param').accountId) }),
    )
    .post(
      '/accounts/:accountId/staff',
      validate('param', AccountIdParamSchema),
      validate('json', CreateStaffBodySchema),
      async (c) =>
        c.json(
          {
            staff: await terminal.addStaff(
              c.req.valid('param').accountId,
              c.req.valid('json'),
              actorOf(c.get('user')),
            ),
          },
          201,
        ),
    )
    .patch(
      '/accounts/:accountId/staff/:staffId',
      validate('param', StaffIdParamSchema),
      validate('json', UpdateStaffBodySchema),
      async (c) => {
        const { accountId, staffId } = c.req.valid('param');
        return c.json({
          staff: await terminal.updateStaff(accountId, staffId, c.req.valid('json'), actorOf(c.get('user'))),
        });
      },
    );
}

const terminalRoute = (
  method: 'get' | 'post' | 'put' | 'patch' | 'delete',
  path: string,
  summary: string,
  extra: {
    params?: z.ZodObject;
    body?: z.ZodType;
    ok: { status: number; description: string; schema?: z.ZodType };
  },
) => ({
  method,
  path: `/api/platform/accounts/:accountId${path}`,
  auth: 'platform_admin' as const,
  summary,
  tags: ['platform', 'terminal'],
  params: extra.params ?? AccountIdParamSchema,
  ...(extra.body ? { body: extra.body } : {}),
  responses: {
    [extra.ok.status]: {
      description: extra.ok.description,
      ...(extra.ok.schema ? { schema: extra.ok.schema } : {}),
    },
    400: errorResponse('invalid_request'),
    ...accountErrors,
  },
});

export const PLATFORM_TERMINAL_ROUTES = defineRoutes([
  terminalRoute('get', '/locations', 'Locations', {
    ok: { status: 200, description: 'Locations', schema: LocationsResponseSchema },
  }),
  terminalRoute(
    'post',
    '/locations',
    'Create a location (address checked by country, IANA time zone, tipping)',
    {
      body: CreateLocationBodySchema,
      ok: { status: 201, description: 'Created', schema: LocationResponseSchema },
    },
  ),
  terminalRoute(
    'patch',
    '/locations/:locationId',
    'Rename a location or change its address or time zone (address checked by country; country fixed)',
    {
      params: LocationIdParamSchema,
      body: UpdateLocationBodySchema,
      ok: { status: 200, description: 'Updated', schema: LocationResponseSchema },
    },
  ),
  terminalRoute(
    'put',
    '/locations/:locationId/tipping',
    "Set a location's on-reader tipping (Terminal configuration)",
    {
      params: LocationIdParamSchema,
      body: UpdateLocationTippingBodySchema,
      ok: { status: 200, description: 'Updated', schema: LocationResponseSchema },
    },
  ),
  terminalRoute('put', '/counter-tipping', "Set the counter screen's tip percentages", {
    body: CounterTippingBodySchema,
    ok: { status: 200, description: 'Updated', schema: AccountResponseSchema },
  }),
  terminalRoute('get', '/registers', 'Registers', {
    ok: { status: 200, description: 'Registers', schema: RegistersResponseSchema },
  }),
  terminalRoute('post', '/registers', 'Create a register paired to a location by a code', {
    body: CreateRegisterBodySchema,
    ok: { status: 201, description: 'Created', schema: RegisterResponseSchema },
  }),
  terminalRoute('post', '/registers/:registerId/revoke', 'Revoke a register (its sessions end)', {
    params: RegisterIdParamSchema,
    ok: { status: 204, description: 'Revoked' },
  }),
  terminalRoute('get', '/readers', 'Readers with live status from Stripe', {
    ok: { status: 200, description: 'Readers', schema: ReadersResponseSchema },
  }),
  terminalRoute('post', '/readers', 'Register a reader by registration code', {
    body: RegisterReaderBodySchema,
    ok: { status: 201, description: 'Registered', schema: ReaderResponseSchema },
  }),
  terminalRoute(
    'patch',
    '/readers/:readerId',
    'Relabel or move a reader (re-registered at the new location)',
    {
      params: ReaderIdParamSchema,
      body: MoveReaderBodySchema,
      ok: { status: 200, description: 'Updated', schema: ReaderResponseSchema },
    },
  ),
  terminalRoute('delete', '/readers/:readerId', 'Remove a reader', {
    params: ReaderIdParamSchema,
    ok: { status: 204, description: 'Removed' },
  }),
  terminalRoute('get', '/staff', 'Staff', {
    ok: { status: 200, description: 'Staff', schema: StaffListResponseSchema },
  }),
  terminalRoute('post', '/staff', 'Add a staff member with a PIN, role and locations', {
    body: CreateStaffBodySchema,
    ok: { status: 201, description: 'Added', schema: StaffResponseSchema },
  }),
  terminalRoute('patch', '/staff/:staffId', "Change a staff member's role, PIN, locations or deactivate", {
    params: StaffIdParamSchema,
    body: UpdateStaffBodySchema,
    ok: { status: 200, description: 'Updated', schema: StaffResponseSchema },
  }),
]);
