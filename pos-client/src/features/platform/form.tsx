/**
 * The platform console's form pieces, shared by its screens and panels: a titled panel, labelled text
 * and select fields (the console's `input` style), the row of form actions, the location picker, and the
 * parsing of typed tip percentages.
 */
import type { PlatformLocation } from '@countertop/shared';
import type { InputHTMLAttributes, ReactNode } from 'react';

/** A `section.panel` named by its heading. */
export function Panel({
  titleId,
  title,
  children,
}: {
  titleId: string;
  title: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </section>
  );
}

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'className' | 'children'
>;

/** A labelled text input; `children` follow the input inside the label (a hint, a datalist). */
export function TextField({
  label,
  value,
  onChange,
  children,
  ...input
}: InputProps & {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  children?: ReactNode;
}) {
  return (
    <label>
      {label}
      <input className="input" {...input} value={value} onChange={(event) => onChange(event.target.value)} />
      {children}
    </label>
  );
}

/** A labelled select of `[value, label]` options. */
export function SelectField<V extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: ReactNode;
  value: V;
  options: readonly (readonly [V, string])[];
  onChange: (value: V) => void;
}) {
  return (
    <label>
      {label}
      <select
        className="input"
        value={value}
        onChange={(event) => {
          const chosen = options.find(([option]) => option === event.target.value);
          if (chosen) onChange(chosen[0]);
        }}
      >
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The form's submit button (and any other action buttons after it), across the whole form grid. */
export function FormActions({
  submitLabel,
  primary = false,
  disabled,
  children,
}: {
  submitLabel: string;
  primary?: boolean;
  disabled?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="platform-actions">
      <button type="submit" className={primary ? 'button primary' : 'button'} disabled={disabled}>
        {submitLabel}
      </button>
      {children}
    </div>
  );
}

/** A required choice of one of the account's locations. */
export function LocationSelect({
  locations,
  value,
  onChange,
  label,
}: {
  locations: readonly PlatformLocation[];
  value: string;
  onChange: (id: string) => void;
  label: string;
}) {
  return (
    <label>
      {label}
      <select className="input" required value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {locations.map((location) => (
          <option key={location.id} value={location.id}>
            {location.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "15, 18, 20" → [15, 18, 20]; null unless up to 3 whole percentages from 1 to 100. */
export function parsePercentages(text: string): number[] | null {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const numbers = parts.map(Number);
  return numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= 100) && numbers.length <= 3
    ? numbers
    : null;
}
