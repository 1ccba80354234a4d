/**
 * A connected account's status in words, as a coloured label (`status-active`, … in platform.css): the
 * server's sentence (e.g. "Ready: can take payments and receive payouts"), and the short names the
 * console's status filter uses (the one place for them).
 */
import type { PlatformAccount } from '@countertop/shared';

export const ACCOUNT_STATUS_NAMES: Record<PlatformAccount['status'], string> = {
  active: 'Ready',
  onboarding: 'Onboarding',
  in_review: 'In review by Stripe',
  restricted: 'Restricted',
  rejected: 'Rejected by Stripe',
  disconnected: 'Disconnected',
};

export function AccountStatusLabel({
  account,
  testId,
}: {
  account: Pick<PlatformAccount, 'status' | 'statusText'>;
  testId?: string;
}) {
  return (
    <span className={`status status-${account.status}`} data-testid={testId}>
      {account.statusText}
    </span>
  );
}
