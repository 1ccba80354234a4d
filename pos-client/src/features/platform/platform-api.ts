/**
 * The platform console's calls to `/api/console/*` and `/api/platform/*`, parsed with the shared schemas.
 * One ApiClient holds the console session's CSRF token.
 */
import {
  AccountListResponseSchema,
  AccountResponseSchema,
  AuditLogResponseSchema,
  ConsoleSessionResponseSchema,
  type ConsoleUser,
  type CreateAccountBody,
  type CreateLocationBody,
  type FeePlanDto,
  FeePlanSchema,
  FeePreviewResponseSchema,
  FeesEarnedResponseSchema,
  InvitationInfoSchema,
  LinkResponseSchema,
  type LocationTipping,
  OutboxResponseSchema,
  PairingCodeResponseSchema,
  PayoutFailuresResponseSchema,
  type PayoutScheduleBody,
  PayoutScheduleResponseSchema,
  PlatformDisputesResponseSchema,
  PlatformLocationSchema,
  PlatformReaderSchema,
  PlatformRegisterSchema,
  PlatformStaffSchema,
  RefundResponseSchema,
  type RiskLimits,
  SalesPageResponseSchema,
  type UpdateLocationBody,
} from '@countertop/shared';
import { z } from 'zod';
import { ApiClient, ApiError } from '../../lib/api-client.ts';

const LocationsSchema = z.object({ locations: z.array(PlatformLocationSchema) });
const LocationSchema = z.object({ location: PlatformLocationSchema });
const RegistersSchema = z.object({ registers: z.array(PlatformRegisterSchema) });
const RegisterSchema = z.object({ register: PlatformRegisterSchema });
const ReadersSchema = z.object({ readers: z.array(PlatformReaderSchema) });
const ReaderSchema = z.object({ reader: PlatformReaderSchema });
const StaffListSchema = z.object({ staff: z.array(PlatformStaffSchema) });
const StaffSchema = z.object({ staff: PlatformStaffSchema });
const PlanSchema = z.object({ plan: FeePlanSchema });
const InvitationCreatedSchema = z.object({ invitation: z.object({ id: z.string(), email: z.string() }) });

export function createPlatformApi(client = new ApiClient()) {
  const account = (id: string) => `/api/platform/accounts/${encodeURIComponent(id)}`;
  return {
    client,

    /** The signed-in console user, or null. */
    async restore(): Promise<ConsoleUser | null> {
      try {
        const session = await client.get('/api/console/session', ConsoleSessionResponseSchema);
        client.setCsrfToken(session.csrfToken);
        return session.user;
      } catch (error) {
        if (error instanceof ApiError && error.status > 0 && error.status < 500) return null;
        throw error;
      }
    },
    async signIn(email: string, password: string): Promise<ConsoleUser> {
      const session = await client.post(
        '/api/console/session',
        { email, password },
        ConsoleSessionResponseSchema,
      );
      client.setCsrfToken(session.csrfToken);
      return session.user;
    },
    async signOut(): Promise<void> {
      await client.send('DELETE', '/api/console/session');
      client.setCsrfToken(null);
    },
    invitation: (token: string) =>
      client.get(`/api/console/invitations/${encodeURIComponent(token)}`, InvitationInfoSchema),
    async acceptInvitation(token: string, password: string): Promise<ConsoleUser> {
      const session = await client.post(
        `/api/console/invitations/${encodeURIComponent(token)}/accept`,
        { password },
        ConsoleSessionResponseSchema,
      );
      client.setCsrfToken(session.csrfToken);
      return session.user;
    },
    invite: (accountId: string, email: string) =>
      client.post('/api/console/invitations', { accountId, email }, InvitationCreatedSchema),

    accounts: () => client.get('/api/platform/accounts', AccountListResponseSchema),
    createAccount: (body: CreateAccountBody) =>
      client.post('/api/platform/accounts', body, AccountResponseSchema),
    account: (id: string) => client.get(account(id), AccountResponseSchema),
    /** Reads the account's status from Stripe and stores it (after onboarding, or a missed webhook). */
    refreshAccount: (id: string) => client.post(`${account(id)}/refresh`, {}, AccountResponseSchema),
    onboardingLink: (id: string) => client.post(`${account(id)}/onboarding-link`, {}, LinkResponseSchema),
    loginLink: (id: string) => client.post(`${account(id)}/login-link`, {}, LinkResponseSchema),
    setFeePlan: (id: string, plan: FeePlanDto) =>
      client.request('PUT', `${account(id)}/fee-plan`, plan, AccountResponseSchema),
    setRiskLimits: (id: string, limits: RiskLimits) =>
      client.request('PUT', `${account(id)}/risk-limits`, limits, AccountResponseSchema),
    setCounterTipping: (id: string, tipping: { enabled: boolean; percentages: number[] }) =>
      client.request('PUT', `${account(id)}/counter-tipping`, tipping, AccountResponseSchema),
    payoutSchedule: (id: string) =>
      client.get(`${account(id)}/payout-schedule`, PayoutScheduleResponseSchema),
    setPayoutSchedule: (id: string, body: PayoutScheduleBody) =>
      client.request('PUT', `${account(id)}/payout-schedule`, body, PayoutScheduleResponseSchema),
    previewFees: (plan: FeePlanDto, currency: string) =>
      client.post('/api/platform/fee-preview', { plan, currency }, FeePreviewResponseSchema),
    defaultFeePlan: () => client.get('/api/platform/fee-plan-default', PlanSchema),
    setDefaultFeePlan: (plan: FeePlanDto) =>
      client.request('PUT', '/api/platform/fee-plan-default', plan, PlanSchema),
    feesEarned: (id: string | null, period: 'day' | 'month') =>
      client.get(
        `${id ? `${account(id)}/fees-earned` : '/api/platform/fees-earned'}?period=${period}`,
        FeesEarnedResponseSchema,
      ),
    feesEarnedCsvUrl: (id: string | null, period: 'day' | 'month') =>
      `${id ? `${account(id)}/fees-earned.csv` : '/api/platform/fees-earned.csv'}?period=${period}`,
    auditLog: (id: string | null) =>
      client.get(id ? `${account(id)}/audit-log` : '/api/platform/audit-log', AuditLogResponseSchema),

    supportSales: (id: string) => client.get(`${account(id)}/sales?limit=20`, SalesPageResponseSchema),
    supportRefund: (
      id: string,
      saleId: string,
      body: { refundKey: string; amountMinor?: number; reason: string },
    ) =>
      client.post(`${account(id)}/sales/${encodeURIComponent(saleId)}/refunds`, body, RefundResponseSchema),

    locations: (id: string) => client.get(`${account(id)}/locations`, LocationsSchema),
    createLocation: (id: string, body: CreateLocationBody) =>
      client.post(`${account(id)}/locations`, body, LocationSchema),
    updateLocation: (id: string, locationId: string, body: UpdateLocationBody) =>
      client.request(
        'PATCH',
        `${account(id)}/locations/${encodeURIComponent(locationId)}`,
        body,
        LocationSchema,
      ),
    setLocationTipping: (id: string, locationId: string, tipping: LocationTipping | null) =>
      client.request(
        'PUT',
        `${account(id)}/locations/${encodeURIComponent(locationId)}/tipping`,
        { tipping },
        LocationSchema,
      ),
    registers: (id: string) => client.get(`${account(id)}/registers`, RegistersSchema),
    createRegister: (id: string, body: { name: string; locationId: string; code: string }) =>
      client.post(`${account(id)}/registers`, body, RegisterSchema),
    revokeRegister: (id: string, registerId: string) =>
      client.send('POST', `${account(id)}/registers/${encodeURIComponent(registerId)}/revoke`),
    /** A one-time code to type on a device to pair it with the register (shown once). */
    pairingCode: (id: string, registerId: string) =>
      client.post(
        `${account(id)}/registers/${encodeURIComponent(registerId)}/pairing-code`,
        {},
        PairingCodeResponseSchema,
      ),
    unpairRegister: (id: string, registerId: string) =>
      client.send('POST', `${account(id)}/registers/${encodeURIComponent(registerId)}/unpair`),
    outbox: () => client.get('/api/platform/outbox', OutboxResponseSchema),
    disputes: (query: { status: 'open' | 'closed' | 'all'; accountId?: string | undefined }) => {
      const params = new URLSearchParams({ status: query.status });
      if (query.accountId) params.set('accountId', query.accountId);
      return client.get(`/api/platform/disputes?${params}`, PlatformDisputesResponseSchema);
    },
    payoutFailures: (accountId: string | null) =>
      client.get(
        `/api/platform/payout-failures${accountId ? `?accountId=${encodeURIComponent(accountId)}` : ''}`,
        PayoutFailuresResponseSchema,
      ),
    /** Ends every console session of the signed-in user, this one included. */
    async signOutEverywhere(): Promise<void> {
      await client.send('DELETE', '/api/console/sessions');
      client.setCsrfToken(null);
    },
    readers: (id: string) => client.get(`${account(id)}/readers`, ReadersSchema),
    registerReader: (
      id: string,
      body: {
        registrationCode: string;
        label: string;
        locationId: string;
        integration: 'js_sdk' | 'server_driven';
      },
    ) => client.post(`${account(id)}/readers`, body, ReaderSchema),
    updateReader: (id: string, readerId: string, body: { label?: string; locationId?: string }) =>
      client.request('PATCH', `${account(id)}/readers/${encodeURIComponent(readerId)}`, body, ReaderSchema),
    removeReader: (id: string, readerId: string) =>
      client.send('DELETE', `${account(id)}/readers/${encodeURIComponent(readerId)}`),
    staff: (id: string) => client.get(`${account(id)}/staff`, StaffListSchema),
    addStaff: (
      id: string,
      body: { displayName: string; role: 'staff' | 'manager'; pin: string; locationIds: string[] },
    ) => client.post(`${account(id)}/staff`, body, StaffSchema),
    updateStaff: (
      id: string,
      staffId: string,
      body: { role?: 'staff' | 'manager'; pin?: string; locationIds?: string[]; active?: boolean },
    ) => client.request('PATCH', `${account(id)}/staff/${encodeURIComponent(staffId)}`, body, StaffSchema),
  };
}

export type PlatformApi = ReturnType<typeof createPlatformApi>;
