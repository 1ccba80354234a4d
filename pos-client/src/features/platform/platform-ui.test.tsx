// The platform console's pure parts and first renders (static markup in node): paths, the fee plan draft
// rules, and the fee plan editor's labelled fields.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../lib/api-client.ts';
import { filterAccounts } from './AccountsScreen.tsx';
import { draftToPlan, FeePlanEditor } from './FeePlanEditor.tsx';
import { parsePlatformPath } from './PlatformApp.tsx';
import { createPlatformApi } from './platform-api.ts';

const api = createPlatformApi(
  new ApiClient({ fetch: () => Promise.reject(new Error('no network in this test')) }),
);

describe('platform console', () => {
  it('routes /platform paths to screens', () => {
    expect(parsePlatformPath('/platform')).toEqual({ screen: 'accounts' });
    expect(parsePlatformPath('/platform/accounts/acc_1')).toEqual({
      screen: 'account',
      accountId: 'acc_1',
      tab: 'overview',
    });
    expect(parsePlatformPath('/platform/accounts/acc_1/locations')).toEqual({
      screen: 'account',
      accountId: 'acc_1',
      tab: 'locations',
    });
    expect(parsePlatformPath('/platform/accounts/new')).toEqual({ screen: 'new-account' });
    expect(parsePlatformPath('/platform/audit')).toEqual({ screen: 'audit' });
    expect(parsePlatformPath('/platform/outbox')).toEqual({ screen: 'outbox' });
    expect(parsePlatformPath('/platform/invitations/tok_abc')).toEqual({
      screen: 'invitation',
      token: 'tok_abc',
    });
  });

  it('turns a fee plan draft into minor units, refusing negative fees and a cap below the minimum', () => {
    expect(draftToPlan({ bps: '290', fixed: '0.30', min: '', max: '' }, 'usd')).toEqual({
      bps: 290,
      fixedMinor: 30,
      minMinor: 0,
      maxMinor: null,
    });
    expect(draftToPlan({ bps: '200', fixed: '10', min: '0', max: '500' }, 'jpy')).toEqual({
      bps: 200,
      fixedMinor: 10,
      minMinor: 0,
      maxMinor: 500,
    });
    expect(draftToPlan({ bps: '-5', fixed: '0', min: '0', max: '' }, 'usd')).toMatch(/Basis points/);
    expect(draftToPlan({ bps: '100', fixed: '-1', min: '0', max: '' }, 'usd')).toMatch(/zero or positive/);
    expect(draftToPlan({ bps: '100', fixed: '0', min: '1.00', max: '0.50' }, 'usd')).toBe(
      'The maximum fee must be at least the minimum fee.',
    );
  });

  it('renders the fee plan editor with a label on every field', () => {
    const html = renderToStaticMarkup(
      <FeePlanEditor
        api={api}
        currency="usd"
        title="Fee plan"
        plan={{ bps: 150, fixedMinor: 10, minMinor: 0, maxMinor: null }}
        onSave={async () => {}}
      />,
    );
    for (const label of [
      'Percentage (basis points)',
      'Fixed fee per sale (USD)',
      'Minimum fee (USD)',
      'Maximum fee (USD)',
    ]) {
      expect(html).toContain(label);
    }
    expect(html).toContain('value="0.10"');
    expect(html).toContain('now 1.5 %');
  });
});

describe('accounts list', () => {
  const account = (businessName: string, status: 'active' | 'onboarding') =>
    ({ id: businessName, businessName, status }) as Parameters<typeof filterAccounts>[0][number];

  it('finds accounts by any part of their name and by status', () => {
    const all = [account('Bean Counter Coffee', 'active'), account('Kissa Tanpopo', 'onboarding')];
    expect(filterAccounts(all, 'counter', 'all').map((a) => a.businessName)).toEqual(['Bean Counter Coffee']);
    expect(filterAccounts(all, '', 'onboarding').map((a) => a.businessName)).toEqual(['Kissa Tanpopo']);
    expect(filterAccounts(all, 'kissa', 'active')).toEqual([]);
  });
});
