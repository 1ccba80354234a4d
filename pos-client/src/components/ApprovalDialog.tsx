/**
 * A manager's PIN for what the signed-in person's role does not allow (a custom discount, a refund, the
 * drawer): `useApproval(loadApprovers)` gives `withApproval(work)`, which runs `work()` and, when the server
 * answers 403 `approval_required` (or at once, with `ask: true`), asks who approves and their PIN, then runs
 * `work(approval)`; a wrong PIN (`invalid_approval`) asks again with the server's words. Canceling rejects
 * with the server's refusal.
 */
import type { Approval } from '@countertop/shared';
import { type ReactNode, useCallback, useState } from 'react';
import { lazyScreen } from '../lib/lazy-screen.ts';
import { OnDemand } from './ui/OnDemand.tsx';

// The dialog itself and its strings (lib/i18n/later.ts) load the first time an approval is asked for.
const ApprovalDialog = lazyScreen(() =>
  import('./ApprovalPinDialog.tsx').then((module) => module.ApprovalDialog),
);

export interface Approver {
  id: string;
  displayName: string;
}

interface Pending {
  error: string | null;
  resolve: (approval: Approval | null) => void;
}

export function useApproval(loadApprovers: () => Promise<Approver[]>): {
  withApproval: <T>(work: (approval?: Approval) => Promise<T>, options?: { ask?: boolean }) => Promise<T>;
  dialog: ReactNode;
} {
  const [pending, setPending] = useState<Pending | null>(null);
  const ask = useCallback(
    (error: string | null) => new Promise<Approval | null>((resolve) => setPending({ error, resolve })),
    [],
  );
  const withApproval = useCallback(
    async <T,>(work: (approval?: Approval) => Promise<T>, options: { ask?: boolean } = {}) => {
      const { runWithApproval } = await import('./approval-flow.ts');
      return runWithApproval(work, ask, options);
    },
    [ask],
  );
  const dialog = pending ? (
    <OnDemand>
      <ApprovalDialog
        loadApprovers={loadApprovers}
        error={pending.error}
        onAnswer={(approval) => {
          pending.resolve(approval);
          setPending(null);
        }}
      />
    </OnDemand>
  ) : null;
  return { withApproval, dialog };
}
