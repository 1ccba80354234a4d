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
import { Button } from '../../components/ui/Button.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { PageHeader } from '../../components/ui/PageHeader.tsx';
import { useToast } from '../../components/ui/Toast.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { FormActions, Panel, TextField } from './form.tsx';
import type { PlatformApi } from './platform-api.ts';
import { platformPath } from './routes.ts';

const byName = (codes: readonly string[]) =>
  [...codes].sort((a, b) => countryName(a).localeCompare(countryName(b)));

/** `/platform/accounts/new`: the form, and on success the new account's page. */
export function CreateAccountScreen({
  api,
  navigate,
}: {
  api: PlatformApi;
  navigate: (path: string) => void;
}) {
  const toast = useToast();
  return (
    <div className="stack">
      <PageHeader
        title="Create a connected account"
        subtitle="Then onboard it on Stripe, and add its locations, readers and staff."
        actions={
          <Button onClick={() => navigate(platformPath({ screen: 'accounts' }))}>Back to accounts</Button>
        }
      />
      <CreateAccountForm
        api={api}
        onCreated={(id, name) => {
          toast(`${name} created. Next: start its onboarding on Stripe.`);
          navigate(platformPath({ screen: 'account', accountId: id, tab: 'overview' }));
        }}
      />
    </div>
  );
}

export function CreateAccountForm({
  api,
  onCreated,
}: {
  api: PlatformApi;
  onCreated: (id: string, businessName: string) => void;
}) {
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
      onCreated(created.account.id, created.account.businessName);
    });
  };

  return (
    <Panel titleId="create-account-title" title="Business">
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
