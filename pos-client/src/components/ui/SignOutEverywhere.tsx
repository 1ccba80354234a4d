/**
 * "Sign out everywhere": ends every session of the signed-in person (this one included), for a lost laptop
 * or a shared computer. Asks first (a ConfirmDialog); `signOutEverywhere` is the console's call, `onDone`
 * leads to sign-in. Worded in `common` (the kit's strings), so it follows the language switcher.
 */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors.ts';
import { Button } from './Button.tsx';
import { useConfirm } from './Dialog.tsx';
import { ErrorMessage } from './Messages.tsx';

export function SignOutEverywhere({
  signOutEverywhere,
  onDone,
}: {
  signOutEverywhere: () => Promise<void>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { confirm, dialog } = useConfirm();
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <>
      <Button
        size="small"
        disabled={pending}
        onClick={async () => {
          const confirmed = await confirm({
            title: t('signOutEverywhere.title'),
            detail: t('signOutEverywhere.detail'),
            confirmLabel: t('signOutEverywhere.confirm'),
          });
          if (!confirmed) return;
          setProblem(null);
          setPending(true);
          try {
            await signOutEverywhere();
          } catch (failure) {
            setProblem(errorText(failure));
            setPending(false);
            return;
          }
          onDone();
        }}
      >
        {t('signOutEverywhere.button')}
      </Button>
      <ErrorMessage text={problem} />
      {dialog}
    </>
  );
}
