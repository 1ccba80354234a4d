/**
 * Labelled form fields: `TextField` (an input) and `SelectField` (a select of `[value, label]` options),
 * each with an optional hint and error text tied to the control (`aria-describedby`, `aria-invalid`), so
 * a label, a hint and what is wrong are read out together. `children` follow the control (a datalist).
 */
import { type InputHTMLAttributes, type ReactNode, useId } from 'react';

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'className' | 'children' | 'id'
>;

function describedBy(hintId: string | null, errorId: string | null, extra?: string) {
  return [hintId, errorId, extra].filter(Boolean).join(' ') || undefined;
}

function FieldNotes({ hintId, hint, errorId, error }: NoteProps) {
  return (
    <>
      {hint ? (
        <small id={hintId ?? undefined} className="field-hint">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small id={errorId ?? undefined} className="field-error">
          {error}
        </small>
      ) : null}
    </>
  );
}

interface NoteProps {
  hintId: string | null;
  hint: ReactNode;
  errorId: string | null;
  error: ReactNode;
}

export function TextField({
  label,
  value,
  onChange,
  hint,
  error,
  children,
  className,
  ...input
}: InputProps & {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: ReactNode;
  children?: ReactNode;
  className?: string;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <input
        className="input"
        {...input}
        id={id}
        value={value}
        aria-invalid={error ? true : input['aria-invalid']}
        aria-describedby={describedBy(hintId, errorId, input['aria-describedby'])}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldNotes hintId={hintId} hint={hint} errorId={errorId} error={error} />
      {children}
    </div>
  );
}

export function SelectField<V extends string>({
  label,
  value,
  options,
  onChange,
  hint,
  error,
  required,
  disabled,
  placeholder,
  className,
}: {
  label: ReactNode;
  value: V | '';
  options: readonly (readonly [V, string])[];
  onChange: (value: V) => void;
  hint?: ReactNode;
  error?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  /** A first, empty option ("Choose…"); the field is then invalid until a value is chosen. */
  placeholder?: string;
  className?: string;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="input"
        value={value}
        required={required}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        onChange={(event) => {
          const chosen = options.find(([option]) => option === event.target.value);
          if (chosen) onChange(chosen[0]);
        }}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
      <FieldNotes hintId={hintId} hint={hint} errorId={errorId} error={error} />
    </div>
  );
}
