/**
 * The address lines and time zone of a location, for the add and the edit form alike: the lines the
 * account's country requires are marked and required. The time zone input suggests from the list of IANA
 * zones that the add form renders once on the page (`platform-time-zones`).
 */
import { requiredAddressFields } from '@countertop/shared';
import { TextField } from '../form.tsx';

export const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'state', 'postal_code'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

const ADDRESS_LABELS: Record<AddressField, string> = {
  line1: 'Street address',
  line2: 'Address line 2',
  city: 'City',
  state: 'State / region',
  postal_code: 'Postal code',
};

const TIME_ZONE_LIST_ID = 'platform-time-zones';

export function AddressFields({
  country,
  address,
  onChange,
}: {
  country: string;
  address: Record<string, string>;
  onChange: (address: Record<string, string>) => void;
}) {
  const required: readonly string[] = requiredAddressFields(country);
  return ADDRESS_FIELDS.map((field) => (
    <TextField
      key={field}
      label={`${ADDRESS_LABELS[field]}${required.includes(field) ? ' (required)' : ''}`}
      required={required.includes(field)}
      value={address[field] ?? ''}
      onChange={(value) => onChange({ ...address, [field]: value })}
    />
  ));
}

export function TimeZoneField({
  value,
  onChange,
  withZoneList = false,
}: {
  value: string;
  onChange: (timeZone: string) => void;
  /** Render the zone list itself (once per page). */
  withZoneList?: boolean;
}) {
  return (
    <TextField label="Time zone" list={TIME_ZONE_LIST_ID} required value={value} onChange={onChange}>
      {withZoneList ? (
        <datalist id={TIME_ZONE_LIST_ID}>
          {Intl.supportedValuesOf('timeZone').map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      ) : null}
    </TextField>
  );
}
