/**
 * The platform console's form pieces, shared by its screens and panels: a titled panel, the UI kit's
 * labelled fields, the row of form actions, the location picker, and the parsing of typed tip percentages.
 */
import type { PlatformLocation } from '@countertop/shared';
import type { ReactNode } from 'react';
import { SelectField } from '../../components/ui/Field.tsx';

/** A `section.panel` named by its heading (an `h1` when the panel is the whole page). */
export function Panel({
  titleId,
  title,
  level = 2,
  children,
}: {
  titleId: string;
  title: ReactNode;
  level?: 1 | 2;
  children: ReactNode;
}) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <section className="panel" aria-labelledby={titleId}>
      <Heading id={titleId}>{title}</Heading>
      {children}
    </section>
  );
}

export { SelectField, TextField } from '../../components/ui/Field.tsx';

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
    <SelectField
      label={label}
      required
      placeholder="Choose…"
      value={value}
      options={locations.map((location) => [location.id, location.name] as const)}
      onChange={onChange}
    />
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
