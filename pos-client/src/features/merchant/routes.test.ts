// The merchant review's tab URLs, and which tabs each viewer is shown.
import type { MerchantViewer } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import { merchantPath, parseMerchantPath, visibleTabs } from './MerchantApp.tsx';

const owner: MerchantViewer = {
  kind: 'owner',
  name: 'Owner',
  canRefund: true,
  canSeeAccountFigures: true,
  permissions: ['discounts', 'refunds', 'cash_drawer', 'reports'],
  canEditCatalog: true,
  canManageTeam: true,
};

describe('merchant routes', () => {
  it('gives each shop tab its own URL and reads it back', () => {
    for (const screen of ['drawers', 'catalog', 'team'] as const) {
      expect(merchantPath({ screen })).toBe(`/merchant/${screen}`);
      expect(parseMerchantPath(`/merchant/${screen}`)).toEqual({ screen });
    }
    expect(parseMerchantPath('/merchant/unknown')).toEqual({ screen: 'summary' });
    expect(parseMerchantPath('/merchant/sales/sale_1')).toEqual({ screen: 'sale', saleId: 'sale_1' });
  });

  it('shows the owner every tab, and hides what others may not do', () => {
    expect(visibleTabs(owner)).toEqual([
      'summary',
      'sales',
      'disputes',
      'drawers',
      'catalog',
      'team',
      'payouts',
      'reconciliation',
    ]);
    const manager: MerchantViewer = {
      ...owner,
      kind: 'manager',
      canSeeAccountFigures: false,
      canEditCatalog: false,
      permissions: ['cash_drawer'],
    };
    expect(visibleTabs(manager)).toEqual([
      'summary',
      'sales',
      'disputes',
      'catalog',
      'team',
      'reconciliation',
    ]);
    const staff: MerchantViewer = {
      ...manager,
      kind: 'staff',
      canManageTeam: false,
      permissions: ['reports'],
    };
    expect(visibleTabs(staff)).toEqual(['summary', 'sales', 'disputes', 'drawers', 'reconciliation']);
  });
});
