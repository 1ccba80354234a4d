/**
 * Modal dialogs on the native `<dialog>` (focus moves in and is kept there, Esc closes, the page behind is
 * inert): `Dialog` for any content, and `ConfirmDialog` for the question every destructive or
 * money-moving action asks first, with the amount in words ("Refund $12.50 to Visa •••• 4242?").
 * `useConfirm()` gives `confirm(question)`, a promise of the person's answer, and the dialog to render.
 */
import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';

export function Dialog({
  open,
  title,
  onClose,
  children,
  className,
}: {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={['dialog', className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

export interface ConfirmQuestion {
  /** The question, with the amount in words: "Refund $12.50 to Visa •••• 4242?" */
  title: string;
  /** What happens next, or what cannot be undone. */
  detail?: string;
  /** The confirming button's text, e.g. "Refund $12.50". */
  confirmLabel: string;
  /** The other button's text; "Cancel" unless that would read like the action itself. */
  dismissLabel?: string;
  /** `danger` for what destroys or moves money (the default), `primary` otherwise. */
  tone?: 'danger' | 'primary';
}

export function ConfirmDialog({
  question,
  onAnswer,
}: {
  question: ConfirmQuestion | null;
  onAnswer: (confirmed: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open={question !== null} title={question?.title ?? ''} onClose={() => onAnswer(false)}>
      {question?.detail ? <p>{question.detail}</p> : null}
      <div className="dialog-actions">
        <Button onClick={() => onAnswer(false)} autoFocus>
          {question?.dismissLabel ?? t('dialog.cancel')}
        </Button>
        <Button variant={question?.tone ?? 'danger'} onClick={() => onAnswer(true)}>
          {question?.confirmLabel ?? ''}
        </Button>
      </div>
    </Dialog>
  );
}

/** `confirm(question)` resolves true when the person confirms; render `dialog` once in the component. */
export function useConfirm(): {
  confirm: (question: ConfirmQuestion) => Promise<boolean>;
  dialog: ReactNode;
} {
  const [pending, setPending] = useState<{
    question: ConfirmQuestion;
    resolve: (answer: boolean) => void;
  } | null>(null);
  const confirm = useCallback(
    (question: ConfirmQuestion) =>
      new Promise<boolean>((resolve) => {
        setPending({ question, resolve });
      }),
    [],
  );
  // Mounted only while a question is open (the native dialog opens as it mounts).
  const dialog = pending ? (
    <ConfirmDialog
      question={pending.question}
      onAnswer={(answer) => {
        pending.resolve(answer);
        setPending(null);
      }}
    />
  ) : null;
  return { confirm, dialog };
}
