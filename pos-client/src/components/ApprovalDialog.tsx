/**
 * A manager's PIN for what the signed-in person's role does not allow (a custom discount, a refund, the
 * drawer): `useApproval(loadApprovers)` gives `withApproval(work)`, which runs `work()` and, when the server
 * answers 403 `approval_required` (or at once, with `ask: true`), asks who approves and their PIN, then runs
 * `work(approval)`; a wrong PIN (`invalid_approval`) asks again with the server's words. Canceling rejects
 * with the server's refusal.
 */
import type { Approval } from '@countertop/shared';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api-client.ts';
import { describeError } from '../lib/errors.ts';
import { Button } from './ui/Button.tsx';
import { Dialog } from './ui/Dialog.tsx';
import { SelectField, TextField } from './ui/Field.tsx';

interface Approver {
  id: string;
  displayName: string;
}

interface Pending {
  error: string | null;
  resolve: (approval: Approval | null) => void;
}

/** Why the work needs someone's approval, in the words of the dialog. */
class ApprovalCanceled extends ApiError {
  constructor(original: ApiError | null) {
    super(
      original?.code ?? 'approval_required',
      original?.message ?? 'approval_required',
      original?.status ?? 403,
    );
  }
}

/**
 * Runs `work`, asking (`ask`, with the last refusal's words) for an approval where the server wants one
 * (403 `approval_required`), or first when `options.ask`; asks again after a wrong PIN. Rejects with the
 * refusal when the person cancels, and with any other failure as it is.
 */
export async function runWithApproval<T>(
  work: (approval?: Approval) => Promise<T>,
  ask: (error: string | null) => Promise<Approval | null>,
  options: { ask?: boolean } = {},
): Promise<T> {
  let refusal: ApiError | null = null;
  if (!options.ask) {
    try {
      return await work();
    } catch (failure) {
      if (!(failure instanceof ApiError) || failure.code !== 'approval_required') throw failure;
      refusal = failure;
    }
  }
  let error: string | null = null;
  for (;;) {
    const approval = await ask(error);
    if (!approval) throw new ApprovalCanceled(refusal);
    try {
      return await work(approval);
    } catch (failure) {
      if (!(failure instanceof ApiError) || !['invalid_approval', 'invalid_pin'].includes(failure.code)) {
        throw failure;
      }
      refusal = failure;
      error = describeError(failure).message;
    }
  }
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
    <T,>(work: (approval?: Approval) => Promise<T>, options: { ask?: boolean } = {}) =>
      runWithApproval(work, ask, options),
    [ask],
  );
  const dialog = pending ? (
    <ApprovalDialog
      loadApprovers={loadApprovers}
      error={pending.error}
      onAnswer={(approval) => {
        pending.resolve(approval);
        setPending(null);
      }}
    />
  ) : null;
  return { withApproval, dialog };
}

function ApprovalDialog({
  loadApprovers,
  error,
  onAnswer,
}: {
  loadApprovers: () => Promise<Approver[]>;
  error: string | null;
  onAnswer: (approval: Approval | null) => void;
}) {
  const { t } = useTranslation();
  const [approvers, setApprovers] = useState<Approver[] | null>(null);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const load = useRef(loadApprovers);
  useEffect(() => {
    let active = true;
    load
      .current()
      .then((list) => {
        if (active) setApprovers(list);
      })
      .catch(() => {
        if (active) setApprovers([]);
      });
    return () => {
      active = false;
    };
  }, []);
  const valid = staffId !== '' && /^\d{4,8}$/.test(pin);
  return (
    <Dialog open title={t('approval.title')} onClose={() => onAnswer(null)}>
      <p>{t('approval.detail')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) onAnswer({ staffId, pin });
        }}
      >
        <SelectField
          label={t('approval.who')}
          value={staffId}
          placeholder={approvers === null ? t('approval.loading') : t('approval.choose')}
          options={(approvers ?? []).map((approver) => [approver.id, approver.displayName] as const)}
          onChange={setStaffId}
          required
        />
        <TextField
          label={t('approval.pin')}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          onChange={(value) => setPin(value.replace(/\D/g, '').slice(0, 8))}
          error={error}
        />
        <div className="dialog-actions">
          <Button onClick={() => onAnswer(null)}>{t('dialog.cancel')}</Button>
          <Button type="submit" variant="primary" disabled={!valid}>
            {t('approval.approve')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
