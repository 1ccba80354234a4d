import { describe, expect, it } from 'vitest';
import { redactPath } from './request-log.ts';

describe(redactPath.name, () => {
  it("logs an invitation link's path without its one-time token", () => {
    const token = 'q3Jx9vK_2mZ-8bL0pQrStUvWxYz0123456789abcde';
    expect(redactPath(`/api/console/invitations/${token}`)).toBe('/api/console/invitations/[redacted]');
    expect(redactPath(`/api/console/invitations/${token}/accept`)).toBe(
      '/api/console/invitations/[redacted]/accept',
    );
  });

  it('drops a query string and replaces any long token-like segment, keeping ids', () => {
    expect(redactPath('/api/platform/onboarding/return?account=acc_1')).toBe(
      '/api/platform/onboarding/return',
    );
    expect(redactPath('/api/merchant/payouts/po_VcpkVXGFCpak4R0iezrDMDFz')).toBe(
      '/api/merchant/payouts/po_VcpkVXGFCpak4R0iezrDMDFz',
    );
    expect(redactPath('/api/counter/sales/sale_000002/sync')).toBe('/api/counter/sales/sale_000002/sync');
    expect(redactPath('/api/some/Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA')).toBe('/api/some/[redacted]');
  });
});
