/**
 * Creates a connected account: business name, a Connect country (preview countries need the admin's
 * acknowledgement), currency (the country's default unless typed), charge type and capabilities.
 */
import {
  AVAILABLE_COUNTRIES,
  countryAvailability,
  countryName,
  defaultCurrencyForCountry,
  PREVIEW_COUNTRIES,
} from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { FormActions, Panel, TextField } from './form.tsx';
import type { PlatformApi } from './platform-api.ts';

const byName = (codes: readonly string[]) =>
  [...codes].sort((a, b) => countryName(a).localeCompare(countryName(b)));

export function CreateAccountForm({ api, onCreated }: { api: PlatformApi; onCreated: (id: string) => void }) {
  const [businessName, setBusinessName] = useState('');
  const [country, setCountry] = useState('US');
  const [currency, setCurrency] = useState('');
  const [chargeType, setChargeType] = useState<'direct' | 'destination'>('direct');
  const [cardPayments, setCardPayments] = useState(true);
  const [transfers, setTransfers] = useState(true);
  const [previewAcknowledged, setPreviewAcknowledged] = useState(false);
  const action = useAction();
  const isPreview = countryAvailability(country) === 'preview';
  const defaultCurrency = defaultCurrencyForCountry(country) ?? '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const capabilities = [
      ...(cardPayments ? (['card_payments'] as const) : []),
      ...(transfers ? (['transfers'] as const) : []),
    ];
    void action.run(async () => {
      const created = await api.createAccount({
        businessName,
        country,
        chargeType,
        capabilities,
        previewAcknowledged,
        ...(currency.trim() ? { currency: currency.trim() } : {}),
      });
      onCreated(created.account.id);
    });
  };

  return (
    <Panel titleId="create-account-title" title="Create a connected account">
      <form className="platform-form" onSubmit={submit}>
        <TextField label="Business name" required value={businessName} onChange={setBusinessName} />
        <label>
          Country
          <select
            className="input"
            value={country}
            onChange={(event) => {
              setCountry(event.target.value);
              setCurrency('');
              setPreviewAcknowledged(false);
            }}
          >
            <optgroup label="Available">
              {byName(AVAILABLE_COUNTRIES).map((code) => (
                <option key={code} value={code}>
                  {countryName(code)} ({code})
                </option>
              ))}
            </optgroup>
            <optgroup label="Preview (needs acknowledgement)">
              {byName(PREVIEW_COUNTRIES).map((code) => (
                <option key={code} value={code}>
                  {countryName(code)} ({code}) — preview
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <TextField
          label="Currency"
          placeholder={defaultCurrency.toUpperCase()}
          aria-describedby="currency-hint"
          value={currency}
          maxLength={3}
          onChange={setCurrency}
        >
          <small id="currency-hint" className="muted">
            Defaults to {defaultCurrency.toUpperCase()} for {countryName(country)}.
          </small>
        </TextField>
        <fieldset>
          <legend>Charge type</legend>
          <label className="check">
            <input
              type="radio"
              name="chargeType"
              checked={chargeType === 'direct'}
              onChange={() => setChargeType('direct')}
            />
            Direct charges (the merchant is the seller; full Stripe Dashboard)
          </label>
          <label className="check">
            <input
              type="radio"
              name="chargeType"
              checked={chargeType === 'destination'}
              onChange={() => setChargeType('destination')}
            />
            Destination charges (the platform charges and transfers; Express Dashboard)
          </label>
        </fieldset>
        <fieldset>
          <legend>Capabilities</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={cardPayments}
              onChange={(event) => setCardPayments(event.target.checked)}
            />
            Card payments
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={transfers}
              onChange={(event) => setTransfers(event.target.checked)}
            />
            Transfers
          </label>
        </fieldset>
        {isPreview ? (
          <label className="check">
            <input
              type="checkbox"
              checked={previewAcknowledged}
              onChange={(event) => setPreviewAcknowledged(event.target.checked)}
            />
            I understand Connect is in preview in {countryName(country)} and accept the preview terms.
          </label>
        ) : null}
        <ErrorMessage text={action.error} />
        <FormActions submitLabel="Create account" primary disabled={action.pending} />
      </form>
    </Panel>
  );
}
