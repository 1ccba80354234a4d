/**
 * The account's locations: each with its address, time zone and on-reader tipping, edited in place; and
 * the form that adds one (address by country, time zone, optional on-reader tipping).
 */
import { formatMoney, type PlatformAccount, type PlatformLocation } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import type { AsyncData } from '../../../hooks/use-async.ts';
import { timeZoneName } from '../../../lib/format.ts';
import { FormActions, Panel, parsePercentages, TextField } from '../form.tsx';
import { parseAmountToMinor } from '../format.ts';
import type { PlatformApi } from '../platform-api.ts';
import { AddressFields, defaultTimeZone, TimeZoneField } from './address-fields.tsx';
import { LocationEditForm } from './LocationEditForm.tsx';

function tippingText(location: PlatformLocation, currency: string): string {
  if (!location.tipping) return '';
  const percentages = location.tipping.percentages.map((p) => `${p} %`).join(' / ');
  const fixed = location.tipping.fixedAmountsMinor;
  return ` · on-reader tips ${percentages}${
    fixed.length > 0
      ? ` or ${fixed.map((amountMinor) => formatMoney(amountMinor, currency)).join(' / ')}`
      : ''
  }`;
}

export function LocationsPanel({
  api,
  account,
  locations,
}: {
  api: PlatformApi;
  account: PlatformAccount;
  locations: AsyncData<{ locations: PlatformLocation[] }>;
}) {
  const [name, setName] = useState('');
  const [address, setAddress] = useState<Record<string, string>>({});
  const [timeZone, setTimeZone] = useState(() => defaultTimeZone(account.country));
  const [tipPercentages, setTipPercentages] = useState('');
  const [tipFixed, setTipFixed] = useState('');
  const [threshold, setThreshold] = useState('');
  const action = useAction();
  const [editing, setEditing] = useState<string | null>(null);
  const currencyCode = account.currency.toUpperCase();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    action.run(async () => {
      const percentages = parsePercentages(tipPercentages);
      if (percentages === null) throw new Error('Tip percentages: up to 3 whole numbers from 1 to 100.');
      const fixed = tipFixed
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => parseAmountToMinor(part, account.currency));
      if (fixed.some((value) => value === undefined || value === null)) {
        throw new Error('Fixed tips: amounts in the account currency, comma separated.');
      }
      const smart = parseAmountToMinor(threshold, account.currency);
      if (smart === undefined) throw new Error('Smart-tip threshold: an amount in the account currency.');
      const withTips = percentages.length > 0 || fixed.length > 0;
      await api.createLocation(account.id, {
        name,
        address: Object.fromEntries(Object.entries(address).filter(([, value]) => value.trim() !== '')),
        timeZone,
        tipping: withTips
          ? {
              percentages,
              fixedAmountsMinor: fixed.filter((v): v is number => typeof v === 'number'),
              smartTipThresholdMinor: smart,
            }
          : null,
      });
      setName('');
      setAddress({});
      locations.reload();
    }, 'Location added. Next: register a reader and add a register there.');
  };

  return (
    <Panel titleId="locations-title" title="Locations">
      <ul>
        {(locations.data?.locations ?? []).map((location) => (
          <li key={location.id}>
            <strong>{location.name}</strong> — {Object.values(location.address).join(', ')} (
            {timeZoneName(location.timeZone, 'en-US')}, {location.timeZone})
            {tippingText(location, account.currency)}{' '}
            {editing === location.id ? (
              <LocationEditForm
                location={location}
                country={account.country}
                onCancel={() => setEditing(null)}
                onSave={async (body) => {
                  await api.updateLocation(account.id, location.id, body);
                  setEditing(null);
                  locations.reload();
                }}
              />
            ) : (
              <button
                type="button"
                className="button"
                aria-label={`Edit ${location.name}`}
                onClick={() => setEditing(location.id)}
              >
                Edit
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="platform-form" onSubmit={submit} aria-label="Add a location">
        <TextField label="Location name" required value={name} onChange={setName} />
        <AddressFields country={account.country} address={address} onChange={setAddress} />
        <TimeZoneField value={timeZone} country={account.country} onChange={setTimeZone} />
        <fieldset>
          <legend>On-reader tipping (optional)</legend>
          <TextField
            label="Tip percentages (up to 3, comma separated)"
            value={tipPercentages}
            onChange={setTipPercentages}
          />
          <TextField
            label={`Fixed tips (${currencyCode}, up to 3)`}
            value={tipFixed}
            onChange={setTipFixed}
          />
          <TextField
            label={`Smart-tip threshold (${currencyCode}): below it, offer the fixed tips`}
            value={threshold}
            onChange={setThreshold}
          />
        </fieldset>
        <FormActions submitLabel="Add location" primary />
      </form>
      <ActionMessages action={action} successClassName="ok" />
    </Panel>
  );
}
