/**
 * The address lines and time zone of a location, for the add and the edit form alike: the lines the
 * account's country requires are marked and required; the time zone is chosen among the country's zones.
 */
import { countryName, requiredAddressFields, sameTimeZone, timeZonesOfCountry } from '@countertop/shared';
import { useId } from 'react';
import { timeZoneName } from '../../../lib/format.ts';
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

/**
 * The location's time zone: a choice among its country's zones (the first, most populous, is the default a
 * new location starts with), then every other zone the browser knows, each named in words.
 */
export function TimeZoneField({
  value,
  country,
  onChange,
}: {
  value: string;
  country: string;
  onChange: (timeZone: string) => void;
}) {
  const id = useId();
  const own = timeZonesOfCountry(country);
  const others = Intl.supportedValuesOf('timeZone').filter(
    (zone) => !own.some((mine) => sameTimeZone(mine, zone)),
  );
  const known = [...own, ...others].some((zone) => sameTimeZone(zone, value));
  const label = (zone: string) => `${timeZoneName(zone, 'en-US')} (${zone})`;
  return (
    <div className="field">
      <label htmlFor={id}>Time zone</label>
      <select
        id={id}
        className="input"
        required
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={`${id}-hint`}
      >
        {known ? null : <option value={value}>{value}</option>}
        <optgroup label={`${countryName(country)}`}>
          {own.map((zone) => (
            <option key={zone} value={zone}>
              {label(zone)}
            </option>
          ))}
        </optgroup>
        <optgroup label="Other time zones">
          {others.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </optgroup>
      </select>
      <small id={`${id}-hint`} className="field-hint">
        Sales, days and reports of this location follow it.
      </small>
    </div>
  );
}

/** The zone a new location in `country` starts with (its most populous), else the browser's. */
export function defaultTimeZone(country: string): string {
  return timeZonesOfCountry(country)[0] ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}
