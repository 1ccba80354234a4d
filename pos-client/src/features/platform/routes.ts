/**
 * The platform console's addresses (History API; the server answers every non-API path with the app):
 * the console's own tabs (the Outbox among them), an account's tabs, and the invitation page.
 */

export const CONSOLE_TABS = [
  'accounts',
  'disputes',
  'payout-failures',
  'fees',
  'fee-plan',
  'audit',
  'outbox',
] as const;
export type ConsoleTab = (typeof CONSOLE_TABS)[number];

export const ACCOUNT_TABS = ['overview', 'locations', 'team', 'fees', 'payouts', 'support', 'audit'] as const;
export type AccountTab = (typeof ACCOUNT_TABS)[number];

export type PlatformRoute =
  | { screen: ConsoleTab }
  | { screen: 'new-account' }
  | { screen: 'account'; accountId: string; tab: AccountTab }
  | { screen: 'invitation'; token: string };

export function parsePlatformPath(pathname: string): PlatformRoute {
  const parts = pathname
    .replace(/^\/platform\/?/, '')
    .split('/')
    .filter(Boolean);
  const [first, second, third] = parts;
  if (first === 'accounts' && second === 'new') return { screen: 'new-account' };
  if (first === 'accounts' && second) {
    const tab = ACCOUNT_TABS.find((candidate) => candidate === third) ?? 'overview';
    return { screen: 'account', accountId: decodeURIComponent(second), tab };
  }
  if (first === 'invitations' && second) return { screen: 'invitation', token: decodeURIComponent(second) };
  const tab = CONSOLE_TABS.find((candidate) => candidate === first);
  return { screen: tab ?? 'accounts' };
}

export function platformPath(route: PlatformRoute): string {
  switch (route.screen) {
    case 'accounts':
      return '/platform';
    case 'new-account':
      return '/platform/accounts/new';
    case 'account': {
      const base = `/platform/accounts/${encodeURIComponent(route.accountId)}`;
      return route.tab === 'overview' ? base : `${base}/${route.tab}`;
    }
    case 'invitation':
      return `/platform/invitations/${encodeURIComponent(route.token)}`;
    default:
      return `/platform/${route.screen}`;
  }
}
