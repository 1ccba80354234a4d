/**
 * Edit form for one location in the platform console: name, address (the fields the account's country
 * requires are marked and required) and time zone. The country is shown but cannot change: Stripe does not
 * move a Terminal Location to another country, so a new location is needed instead.
 */
import {
  countryName,
  type PlatformLocation,
  requiredAddressFields,
  type UpdateLocationBody,
} from '@countertop/shared';
import { type FormEvent, useId, useState } from 'react';
import { errorText } from './use-load.ts';

const FIELDS = ['line1', 'line2', 'city', 'state', 'postal_code'] as const;
const LABELS: Record<(typeof FIELDS)[number], string> = {
  line1: 'Street address',
  line2: 'Address line 2',
  city: 'City',
  state: 'State / region',
  postal_code: 'Postal code',
};

/** The PATCH body for what changed in the form (address sent whole when any line of it changed). */
export function locationChanges(
  location: PlatformLocation,
  draft: { name: string; timeZone: string; address: Record<string, string> },
): UpdateLocationBody {
  const address = Object.fromEntries(
    FIELDS.map((field) => [field, (draft.address[field] ?? '').trim()]).filter(([, value]) => value !== ''),
  );
  const addressChanged = FIELDS.some((field) => (address[field] ?? '') !== (location.address[field] ?? ''));
  return {
    ...(draft.name.trim() !== location.name ? { name: draft.name.trim() } : {}),
    ...(addressChanged ? { address } : {}),
    ...(draft.timeZone !== location.timeZone ? { timeZone: draft.timeZone } : {}),
  };
}

export function LocationEditForm({
  location,
  country,
  onSave,
  onCancel,
}: {
  location: PlatformLocation;
  country: string;
  onSave: (body: UpdateLocationBody) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const required: readonly string[] = requiredAddressFields(country);
  const [name, setName] = useState(location.name);
  const [timeZone, setTimeZone] = useState(location.timeZone);
  const [address, setAddress] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS.map((field) => [field, location.address[field] ?? ''])),
  );
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = locationChanges(location, { name, timeZone, address });
    if (Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    setError(null);
    onSave(body).catch((failure: unknown) => setError(errorText(failure)));
  };

  return (
    <form className="platform-form" onSubmit={submit} aria-label={`Edit location ${location.name}`}>
      <label>
        Location name
        <input className="input" required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      {FIELDS.map((field) => (
        <label key={field}>
          {LABELS[field]}
          {required.includes(field) ? ' (required)' : ''}
          <input
            className="input"
            required={required.includes(field)}
            value={address[field] ?? ''}
            onChange={(e) => setAddress({ ...address, [field]: e.target.value })}
          />
        </label>
      ))}
      <p className="muted" id={`${id}-country`}>
        Country: {countryName(country)} ({country}). A location cannot move to another country; add a new
        location there instead.
      </p>
      <label>
        Time zone
        <input
          className="input"
          list="platform-time-zones"
          required
          value={timeZone}
          onChange={(e) => setTimeZone(e.target.value)}
        />
      </label>
      <div className="platform-actions">
        <button type="submit" className="button primary">
          Save location
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
