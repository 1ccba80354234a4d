/**
 * The merchant view's calls to `/api/merchant/*` and to the two sign-ins it accepts (a merchant owner's
 * console session, or a manager's counter session), parsed with the shared schemas. One ApiClient holds
 * the CSRF token of whichever session is in use.
 */
import {
  type AddTeamMemberBody,
  AuthorizationsResponseSchema,
  BalanceResponseSchema,
  type CatalogImportBody,
  CatalogImportResponseSchema,
  type CategoryBody,
  CategoryResponseSchema,
  ConsoleSessionResponseSchema,
  type CreateRefundBody,
  DailySummaryResponseSchema,
  type DiscountBody,
  DiscountResponseSchema,
  type EvidenceFileField,
  EvidenceFileResponseSchema,
  type ItemBody,
  type ItemLocationBody,
  ItemResponseSchema,
  type LocationTaxes,
  LocationTaxesResponseSchema,
  MerchantCatalogResponseSchema,
  MerchantContextResponseSchema,
  MerchantDisputeResponseSchema,
  MerchantDisputesResponseSchema,
  MerchantSaleResponseSchema,
  MerchantShiftsResponseSchema,
  type ModifierGroupBody,
  ModifierGroupResponseSchema,
  PayoutDetailResponseSchema,
  PayoutFailuresResponseSchema,
  type Permission,
  RangeSummaryResponseSchema,
  ReconciliationResponseSchema,
  RefundResponseSchema,
  RegisterSignInInfoSchema,
  RolePermissionsResponseSchema,
  SalesPageResponseSchema,
  SeriesResponseSchema,
  SessionResponseSchema,
  type StaffRole,
  type SubmitEvidenceBody,
  TeamMemberResponseSchema,
  TeamResponseSchema,
  type UpdateTeamMemberBody,
} from '@countertop/shared';
import { ApiClient, ApiError } from '../../lib/api-client.ts';

export type Query = Record<string, string | number | undefined>;

function toQuery(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export type SignedInAs = { kind: 'owner'; email: string } | { kind: 'manager'; name: string };

export function createMerchantApi(client = new ApiClient()) {
  return {
    client,

    /** Restores whichever session the browser already has: the console's first, then the counter's. */
    async restore(): Promise<SignedInAs | null> {
      try {
        const console = await client.get('/api/console/session', ConsoleSessionResponseSchema);
        if (console.user.role === 'merchant_owner') {
          client.setCsrfToken(console.csrfToken);
          return { kind: 'owner', email: console.user.email };
        }
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
      }
      try {
        const counter = await client.get('/api/counter/session', SessionResponseSchema);
        client.setCsrfToken(counter.csrfToken);
        return { kind: 'manager', name: counter.session.staff.displayName };
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
      }
      return null;
    },

    async signInOwner(email: string, password: string): Promise<SignedInAs> {
      const session = await client.post(
        '/api/console/session',
        { email, password },
        ConsoleSessionResponseSchema,
      );
      client.setCsrfToken(session.csrfToken);
      return { kind: 'owner', email: session.user.email };
    },

    /** The register this browser is paired with (managers sign in on a paired register device). */
    async registerInfo() {
      const info = await client.get('/api/counter/register', RegisterSignInInfoSchema);
      client.setCsrfToken(info.csrfToken);
      return info;
    },

    async signInManager(staffId: string, pin: string): Promise<SignedInAs> {
      const session = await client.post('/api/counter/session', { staffId, pin }, SessionResponseSchema);
      client.setCsrfToken(session.csrfToken);
      return { kind: 'manager', name: session.session.staff.displayName };
    },

    /** The owner: ends every console session of theirs, this one included. */
    async signOutEverywhere(): Promise<void> {
      await client.send('DELETE', '/api/console/sessions');
      client.setCsrfToken(null);
    },

    async signOut(as: SignedInAs): Promise<void> {
      await client.send('DELETE', as.kind === 'owner' ? '/api/console/session' : '/api/counter/session');
      client.setCsrfToken(null);
    },

    context: () => client.get('/api/merchant/context', MerchantContextResponseSchema),
    dailySummary: (query: Query) =>
      client.get(`/api/merchant/summary/daily${toQuery(query)}`, DailySummaryResponseSchema),
    rangeSummary: (query: Query) =>
      client.get(`/api/merchant/summary${toQuery(query)}`, RangeSummaryResponseSchema),
    series: (query: Query) => client.get(`/api/merchant/series${toQuery(query)}`, SeriesResponseSchema),
    sales: (query: Query) => client.get(`/api/merchant/sales${toQuery(query)}`, SalesPageResponseSchema),
    sale: (saleId: string) =>
      client.get(`/api/merchant/sales/${encodeURIComponent(saleId)}`, MerchantSaleResponseSchema),
    refund: (saleId: string, body: CreateRefundBody) =>
      client.post(`/api/merchant/sales/${encodeURIComponent(saleId)}/refunds`, body, RefundResponseSchema),
    authorizations: (query: Query) =>
      client.get(`/api/merchant/authorizations${toQuery(query)}`, AuthorizationsResponseSchema),
    balance: () => client.get('/api/merchant/balance', BalanceResponseSchema),
    payout: (payoutId: string) =>
      client.get(`/api/merchant/payouts/${encodeURIComponent(payoutId)}`, PayoutDetailResponseSchema),
    disputes: (query: Query) =>
      client.get(`/api/merchant/disputes${toQuery(query)}`, MerchantDisputesResponseSchema),
    dispute: (disputeId: string) =>
      client.get(`/api/merchant/disputes/${encodeURIComponent(disputeId)}`, MerchantDisputeResponseSchema),
    /** Uploads one evidence file (multipart: `field`, `file`); the server checks its content and size. */
    uploadEvidenceFile: (disputeId: string, field: EvidenceFileField, file: File) => {
      const form = new FormData();
      form.set('field', field);
      form.set('file', file, file.name);
      return client.post(
        `/api/merchant/disputes/${encodeURIComponent(disputeId)}/evidence/files`,
        form,
        EvidenceFileResponseSchema,
      );
    },
    /** Saves (`submit: false`) or submits the evidence; `submissionKey` makes a retry of one attempt safe. */
    saveEvidence: (disputeId: string, body: SubmitEvidenceBody) =>
      client.post(
        `/api/merchant/disputes/${encodeURIComponent(disputeId)}/evidence`,
        body,
        MerchantDisputeResponseSchema,
      ),
    payoutFailures: () => client.get('/api/merchant/payout-failures', PayoutFailuresResponseSchema),
    reconciliation: (query: Query) =>
      client.get(`/api/merchant/reconciliation${toQuery(query)}`, ReconciliationResponseSchema),

    // The shop: catalog, taxes, team, drawer shifts (docs/SHOP.md).
    catalog: () => client.get('/api/merchant/catalog', MerchantCatalogResponseSchema),
    saveCategory: (body: CategoryBody, categoryId?: string) =>
      categoryId
        ? client.request(
            'PUT',
            `/api/merchant/catalog/categories/${encodeURIComponent(categoryId)}`,
            body,
            CategoryResponseSchema,
          )
        : client.post('/api/merchant/catalog/categories', body, CategoryResponseSchema),
    saveItem: (body: ItemBody, itemId?: string) =>
      itemId
        ? client.request(
            'PUT',
            `/api/merchant/catalog/items/${encodeURIComponent(itemId)}`,
            body,
            ItemResponseSchema,
          )
        : client.post('/api/merchant/catalog/items', body, ItemResponseSchema),
    saveItemLocation: (itemId: string, locationId: string, body: ItemLocationBody) =>
      client.request(
        'PUT',
        `/api/merchant/catalog/items/${encodeURIComponent(itemId)}/locations/${encodeURIComponent(locationId)}`,
        body,
        ItemResponseSchema,
      ),
    saveModifierGroup: (body: ModifierGroupBody, groupId?: string) =>
      groupId
        ? client.request(
            'PUT',
            `/api/merchant/catalog/modifier-groups/${encodeURIComponent(groupId)}`,
            body,
            ModifierGroupResponseSchema,
          )
        : client.post('/api/merchant/catalog/modifier-groups', body, ModifierGroupResponseSchema),
    saveDiscount: (body: DiscountBody, discountId?: string) =>
      discountId
        ? client.request(
            'PUT',
            `/api/merchant/catalog/discounts/${encodeURIComponent(discountId)}`,
            body,
            DiscountResponseSchema,
          )
        : client.post('/api/merchant/catalog/discounts', body, DiscountResponseSchema),
    importCatalog: (body: CatalogImportBody) =>
      client.post('/api/merchant/catalog/import', body, CatalogImportResponseSchema),
    saveTaxes: (locationId: string, taxes: LocationTaxes) =>
      client.request(
        'PUT',
        `/api/merchant/locations/${encodeURIComponent(locationId)}/taxes`,
        taxes,
        LocationTaxesResponseSchema,
      ),
    team: () => client.get('/api/merchant/team', TeamResponseSchema),
    addTeamMember: (body: AddTeamMemberBody) =>
      client.post('/api/merchant/team', body, TeamMemberResponseSchema),
    updateTeamMember: (staffId: string, body: UpdateTeamMemberBody) =>
      client.request(
        'PATCH',
        `/api/merchant/team/${encodeURIComponent(staffId)}`,
        body,
        TeamMemberResponseSchema,
      ),
    saveRolePermissions: (role: StaffRole, permissions: Permission[]) =>
      client.request(
        'PUT',
        `/api/merchant/team/roles/${role}`,
        { permissions },
        RolePermissionsResponseSchema,
      ),
    shifts: (query: Query) =>
      client.get(`/api/merchant/shifts${toQuery(query)}`, MerchantShiftsResponseSchema),
  };
}

export type MerchantApi = ReturnType<typeof createMerchantApi>;

/** Download links (plain GETs with the session cookie). */
export function exportUrl(kind: 'sales' | 'refunds' | 'daily-summary' | 'disputes', query: Query): string {
  return `/api/merchant/exports/${kind}.csv${toQuery(query)}`;
}

/** The item library as CSV (the import's columns). */
export const CATALOG_CSV_URL = '/api/merchant/catalog/items.csv';

/** A shift's printable Z report. */
export function shiftReportUrl(shiftId: string): string {
  return `/api/merchant/shifts/${encodeURIComponent(shiftId)}/report`;
}
