/**
 * Messages under a form or a screen: a failure read out at once (`role="alert"`), a success or progress
 * note (`role="status"`), and the outcome of an Action (its failure, else its success text). Each renders
 * nothing without a text.
 */
import type { Action } from '../../hooks/use-action.ts';

export function ErrorMessage({
  text,
  className = 'error',
}: {
  text: string | null;
  className?: string | undefined;
}) {
  if (!text) return null;
  return (
    <p className={className} role="alert">
      {text}
    </p>
  );
}

function StatusMessage({ text, className = 'ok' }: { text: string | null; className?: string | undefined }) {
  if (!text) return null;
  return (
    <p className={className} role="status">
      {text}
    </p>
  );
}

export function ActionMessages({
  action,
  errorClassName,
  successClassName,
}: {
  action: Pick<Action, 'error' | 'success'>;
  errorClassName?: string;
  successClassName?: string;
}) {
  return (
    <>
      <ErrorMessage text={action.error} className={errorClassName} />
      <StatusMessage text={action.success} className={successClassName} />
    </>
  );
}
