/**
 * Edit form for one location in the platform console: name, address (the fields the account's country
 * requires are marked and required) and time zone. The country is shown but cannot change: Stripe does not
 * move a Terminal Location to another country, so a new location is needed instead.
 */
import { countryName, type PlatformLocation, type UpdateLocationBody } from '@countertop/shared';
import { type FormEvent, useId, useState } from 'react';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { FormActions, TextField } from '../form.tsx';
import { ADDRESS_FIELDS, AddressFields, TimeZoneField } from './address-fields.tsx';

/** The PATCH body for what changed in the form (address sent whole when any line of it changed). */
export function locationChanges(
  location: PlatformLocation,
  draft: { name: string; timeZone: string; address: Record<string, string> },
): UpdateLocationBody {
  const address = Object.fromEntries(
    ADDRESS_FIELDS.map((field) => [field, (draft.address[field] ?? '').trim()]).filter(
      ([, value]) => value !== '',
    ),
  );
  const addressChanged = ADDRESS_FIELDS.some(
    (field) => (address[field] ?? '') !== (location.address[field] ?? ''),
  );
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
  const [name, setName] = useState(location.name);
  const [timeZone, setTimeZone] = useState(location.timeZone);
  const [address, setAddress] = useState<Record<string, string>>(() =>
    Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, location.address[field] ?? ''])),
  );
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = locationChanges(location, { name, timeZone, address });
    if (Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    void action.run(() => onSave(body));
  };

  return (
    <form className="platform-form" onSubmit={submit} aria-label={`Edit location ${location.name}`}>
      <TextField label="Location name" required value={name} onChange={setName} />
      <AddressFields country={country} address={address} onChange={setAddress} />
      <p className="muted" id={`${id}-country`}>
        Country: {countryName(country)} ({country}). A location cannot move to another country; add a new
        location there instead.
      </p>
      <TimeZoneField value={timeZone} country={country} onChange={setTimeZone} />
      <FormActions submitLabel="Save location" primary>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </FormActions>
      <ActionMessages action={action} />
    </form>
  );
}
