/**
 * The dialog of useApproval (ApprovalDialog.tsx): who approves and their PIN. Loaded on demand, the first
 * time an approval is asked for (it is not part of the counter's first load).
 */
// Its strings load with it, not with the counter's first screen.
import '../lib/i18n/later.ts';
import type { Approval } from '@countertop/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Approver } from './ApprovalDialog.tsx';
import { Button } from './ui/Button.tsx';
import { Dialog } from './ui/Dialog.tsx';
import { SelectField, TextField } from './ui/Field.tsx';

export function ApprovalDialog({
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
