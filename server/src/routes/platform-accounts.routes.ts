/**
 * Platform console routes for connected accounts (`/api/platform/*`, platform admins unless noted):
 * accounts, onboarding links and their return/refresh redirects, login links, fee plans and preview, fees
 * earned (JSON and CSV), risk limits, payout schedules and the audit log. Also the merchant owner's "open
 * your Stripe dashboard" link.
 */
import {
  AccountIdParamSchema,
  AccountListResponseSchema,
  AccountResponseSchema,
  AuditLogResponseSchema,
  CreateAccountBodySchema,
  FeePlanSchema,
  FeePreviewBodySchema,
  FeePreviewResponseSchema,
  FeesEarnedQuerySchema,
  FeesEarnedResponseSchema,
  LinkResponseSchema,
  OnboardingQuerySchema,
  PayoutScheduleBodySchema,
  PayoutScheduleResponseSchema,
  RiskLimitsSchema,
} from '@countertop/shared';
import { z } from 'zod';
import type { FeesEarnedService } from '../services/fees-earned.service.ts';
import type { Actor, PlatformAccountsService } from '../services/platform-accounts.service.ts';
import { csvResponse, defineRoute, emptyResponse, errorResponse, jsonResponse } from './define-route.ts';

export const actorOf = (user: { id: string; email: string }): Actor => ({ id: user.id, email: user.email });

const FeePlanResponseSchema = z.object({ plan: FeePlanSchema });

const adminErrors = {
  401: errorResponse('unauthenticated'),
  403: errorResponse('forbidden: not a platform admin'),
};
const accountErrors = { ...adminErrors, 404: errorResponse('account_not_found') };

/** The console page an onboarding redirect leads to: the same for every account id, existing or not. */
function onboardingPage(accountId: string, outcome: 'returned' | 'refresh'): string {
  return `/platform/accounts/${encodeURIComponent(accountId)}?onboarding=${outcome}`;
}

function csvFile(body: string, name: string): Response {
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
    },
  });
}

export function platformAccountRoutes({
  accounts,
  feesEarned,
}: {
  accounts: PlatformAccountsService;
  feesEarned: FeesEarnedService;
}) {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/accounts',
        guard: 'platform_admin',
        summary: 'Connected accounts with their stored status',
        tags: ['platform'],
        responses: { 200: jsonResponse('Accounts', AccountListResponseSchema), ...adminErrors },
      },
      async (c) => c.json({ accounts: await accounts.listAccounts() }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/accounts',
        guard: 'platform_admin',
        summary: 'Create a connected account (Connect countries; preview countries need previewAcknowledged)',
        tags: ['platform'],
        body: CreateAccountBodySchema,
        responses: {
          201: jsonResponse('Created', AccountResponseSchema),
          400: errorResponse('invalid_request: unknown country, preview not acknowledged, Stripe refused'),
          ...adminErrors,
        },
      },
      async (c) =>
        c.json({ account: await accounts.createAccount(c.req.valid('json'), actorOf(c.var.user)) }, 201),
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/accounts/{accountId}',
        guard: 'platform_admin',
        summary:
          "An account with Stripe's live status and requirements in plain words (stored status if Stripe does not answer)",
        tags: ['platform'],
        params: AccountIdParamSchema,
        responses: { 200: jsonResponse('The account', AccountResponseSchema), ...accountErrors },
      },
      async (c) => c.json({ account: await accounts.getAccount(c.req.valid('param').accountId) }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/accounts/{accountId}/refresh',
        guard: 'platform_admin',
        summary: "Read the account's status from Stripe and store it (e.g. after a missed webhook)",
        tags: ['platform'],
        params: AccountIdParamSchema,
        responses: { 200: jsonResponse('The account', AccountResponseSchema), ...accountErrors },
      },
      async (c) =>
        c.json({ account: await accounts.refreshAccountStatus(c.req.valid('param').accountId) }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/accounts/{accountId}/onboarding-link',
        guard: 'platform_admin',
        summary: 'A hosted onboarding link (returns to /api/platform/onboarding/return)',
        tags: ['platform'],
        params: AccountIdParamSchema,
        responses: { 200: jsonResponse('The link', LinkResponseSchema), ...accountErrors },
      },
      async (c) =>
        c.json(await accounts.createOnboardingLink(c.req.valid('param').accountId, actorOf(c.var.user)), 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/accounts/{accountId}/login-link',
        guard: 'platform_admin',
        summary: 'An Express Dashboard login link (Express accounts only)',
        tags: ['platform'],
        params: AccountIdParamSchema,
        responses: {
          200: jsonResponse('The link', LinkResponseSchema),
          400: errorResponse('invalid_request: not an Express account'),
          ...accountErrors,
        },
      },
      async (c) =>
        c.json(await accounts.createLoginLink(c.req.valid('param').accountId, actorOf(c.var.user)), 200),
    ),
    defineRoute(
      {
        method: 'put',
        path: '/api/platform/accounts/{accountId}/fee-plan',
        guard: 'platform_admin',
        summary: "Set the account's fee plan (applies to new sales)",
        tags: ['platform', 'fees'],
        params: AccountIdParamSchema,
        body: FeePlanSchema,
        responses: {
          200: jsonResponse('Updated', AccountResponseSchema),
          400: errorResponse('invalid_request'),
          ...accountErrors,
        },
      },
      async (c) => {
        const { accountId } = c.req.valid('param');
        const account = await accounts.setFeePlan(accountId, c.req.valid('json'), actorOf(c.var.user));
        return c.json({ account }, 200);
      },
    ),
    defineRoute(
      {
        method: 'put',
        path: '/api/platform/accounts/{accountId}/risk-limits',
        guard: 'platform_admin',
        summary: 'Set the maximum per sale and per day (null for none)',
        tags: ['platform', 'risk'],
        params: AccountIdParamSchema,
        body: RiskLimitsSchema,
        responses: {
          200: jsonResponse('Updated', AccountResponseSchema),
          400: errorResponse('invalid_request'),
          ...accountErrors,
        },
      },
      async (c) => {
        const { accountId } = c.req.valid('param');
        const account = await accounts.setRiskLimits(accountId, c.req.valid('json'), actorOf(c.var.user));
        return c.json({ account }, 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/accounts/{accountId}/payout-schedule',
        guard: 'platform_admin',
        summary: "The connected account's payout schedule, read from Stripe",
        tags: ['platform', 'payouts'],
        params: AccountIdParamSchema,
        responses: { 200: jsonResponse('Schedule', PayoutScheduleResponseSchema), ...accountErrors },
      },
      async (c) => c.json({ schedule: await accounts.payoutSchedule(c.req.valid('param').accountId) }, 200),
    ),
    defineRoute(
      {
        method: 'put',
        path: '/api/platform/accounts/{accountId}/payout-schedule',
        guard: 'platform_admin',
        summary:
          "Set the connected account's payout schedule on Stripe (interval, delay, weekday or day of month)",
        tags: ['platform', 'payouts'],
        params: AccountIdParamSchema,
        body: PayoutScheduleBodySchema,
        responses: {
          200: jsonResponse('Updated', PayoutScheduleResponseSchema),
          400: errorResponse('invalid_request: anchor missing or not matching the interval, Stripe refused'),
          ...accountErrors,
        },
      },
      async (c) => {
        const { accountId } = c.req.valid('param');
        const schedule = await accounts.setPayoutSchedule(
          accountId,
          c.req.valid('json'),
          actorOf(c.var.user),
        );
        return c.json({ schedule }, 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/accounts/{accountId}/audit-log',
        guard: 'platform_admin',
        summary: "The account's audit log, newest first",
        tags: ['platform', 'audit'],
        params: AccountIdParamSchema,
        responses: { 200: jsonResponse('Entries', AuditLogResponseSchema), ...accountErrors },
      },
      async (c) => c.json({ entries: await accounts.auditLog(c.req.valid('param').accountId) }, 200),
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/accounts/{accountId}/fees-earned',
        guard: 'platform_admin',
        summary:
          "Application fees earned from the account per day or month (fee ledger kept in step with Stripe's fee objects)",
        tags: ['platform', 'fees'],
        params: AccountIdParamSchema,
        query: FeesEarnedQuerySchema,
        responses: { 200: jsonResponse('Report', FeesEarnedResponseSchema), ...accountErrors },
      },
      async (c) => {
        const { period, from } = c.req.valid('query');
        const accountId = c.req.valid('param').accountId;
        return c.json(await feesEarned.feesEarned({ accountId, period, fromDate: from }), 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/accounts/{accountId}/fees-earned.csv',
        guard: 'platform_admin',
        summary: 'The same as CSV',
        tags: ['platform', 'fees'],
        params: AccountIdParamSchema,
        query: FeesEarnedQuerySchema,
        responses: { 200: csvResponse('CSV'), ...accountErrors },
      },
      async (c) => {
        const { accountId } = c.req.valid('param');
        const { period, from } = c.req.valid('query');
        const report = await feesEarned.feesEarned({ accountId, period, fromDate: from });
        return csvFile(await feesEarned.feesEarnedCsv(report), `fees-earned-${accountId}-by-${period}.csv`);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/audit-log',
        guard: 'platform_admin',
        summary: 'The whole audit log, newest first',
        tags: ['platform', 'audit'],
        responses: { 200: jsonResponse('Entries', AuditLogResponseSchema), ...adminErrors },
      },
      async (c) => c.json({ entries: await accounts.auditLog() }, 200),
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/fee-plan-default',
        guard: 'platform_admin',
        summary: 'The platform default fee plan (new accounts start with it)',
        tags: ['platform', 'fees'],
        responses: { 200: jsonResponse('Plan', FeePlanResponseSchema), ...adminErrors },
      },
      async (c) => c.json({ plan: await accounts.defaultFeePlan() }, 200),
    ),
    defineRoute(
      {
        method: 'put',
        path: '/api/platform/fee-plan-default',
        guard: 'platform_admin',
        summary: 'Set the platform default fee plan',
        tags: ['platform', 'fees'],
        body: FeePlanSchema,
        responses: {
          200: jsonResponse('Plan', FeePlanResponseSchema),
          400: errorResponse('invalid_request'),
          ...adminErrors,
        },
      },
      async (c) =>
        c.json({ plan: await accounts.setDefaultFeePlan(c.req.valid('json'), actorOf(c.var.user)) }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/fee-preview',
        guard: 'platform_admin',
        summary: 'The fee a plan charges on sample amounts (same rule as checkout)',
        tags: ['platform', 'fees'],
        body: FeePreviewBodySchema,
        responses: {
          200: jsonResponse('Preview', FeePreviewResponseSchema),
          400: errorResponse('invalid_request'),
          ...adminErrors,
        },
      },
      async (c) => {
        const body = c.req.valid('json');
        return c.json(await accounts.previewFees(body.plan, body.currency ?? 'usd', body.amountsMinor), 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/fees-earned',
        guard: 'platform_admin',
        summary: 'Application fees earned per account and day or month',
        tags: ['platform', 'fees'],
        query: FeesEarnedQuerySchema,
        responses: { 200: jsonResponse('Report', FeesEarnedResponseSchema), ...adminErrors },
      },
      async (c) => {
        const { period, from } = c.req.valid('query');
        return c.json(await feesEarned.feesEarned({ period, fromDate: from }), 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/fees-earned.csv',
        guard: 'platform_admin',
        summary: 'The same as CSV',
        tags: ['platform', 'fees'],
        query: FeesEarnedQuerySchema,
        responses: { 200: csvResponse('CSV'), ...adminErrors },
      },
      async (c) => {
        const { period, from } = c.req.valid('query');
        const report = await feesEarned.feesEarned({ period, fromDate: from });
        return csvFile(await feesEarned.feesEarnedCsv(report), `fees-earned-by-${period}.csv`);
      },
    ),
    // Onboarding redirects: Stripe sends the browser here (the cookie may be absent cross-site). They only
    // redirect to the account's console page, whoever asks and whether or not the account exists: a GET that
    // read Stripe or wrote (an audit entry, the stored status) would let anyone trigger that work for any
    // account id, and a different answer would tell which accounts exist. The console page then refreshes
    // through authenticated POSTs (the account's status; a new onboarding link on request).
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/onboarding/return',
        guard: 'public',
        summary: "Onboarding return URL: redirects to the account's console page (which refreshes by POST)",
        tags: ['platform'],
        query: OnboardingQuerySchema,
        responses: { 302: emptyResponse('Redirect to /platform/accounts/:id?onboarding=returned') },
      },
      (c) => c.redirect(onboardingPage(c.req.valid('query').account, 'returned'), 302),
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/onboarding/refresh',
        guard: 'public',
        summary:
          "Onboarding refresh URL (link expired or used): redirects to the account's console page, which offers a new link",
        tags: ['platform'],
        query: OnboardingQuerySchema,
        responses: { 302: emptyResponse('Redirect to /platform/accounts/:id?onboarding=refresh') },
      },
      (c) => c.redirect(onboardingPage(c.req.valid('query').account, 'refresh'), 302),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/console/stripe-dashboard-link',
        guard: 'merchant_owner',
        summary: "The merchant owner's Express Dashboard login link",
        tags: ['console'],
        responses: {
          200: jsonResponse('The link', LinkResponseSchema),
          400: errorResponse('invalid_request: not an Express account'),
          401: errorResponse('unauthenticated'),
          403: errorResponse('forbidden'),
        },
      },
      async (c) => c.json(await accounts.createLoginLink(c.var.user.accountId, actorOf(c.var.user)), 200),
    ),
  ];
}
