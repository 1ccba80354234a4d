/** A connected account's status as a coloured label (`status-active`, `status-restricted`, … in platform.css). */
import type { PlatformAccount } from '@countertop/shared';

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
