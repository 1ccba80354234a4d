/**
 * The platform's home: connected accounts with their status, the create-account form (Connect countries,
 * preview acknowledgement), the platform default fee plan, fees earned across accounts and the audit log.
 */
import {
  AVAILABLE_COUNTRIES,
  countryAvailability,
  countryName,
  defaultCurrencyForCountry,
  PREVIEW_COUNTRIES,
} from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { FeePlanEditor } from './FeePlanEditor.tsx';
import type { PlatformApi } from './platform-api.ts';
import { AuditLog, FeesEarned } from './Reports.tsx';
import { errorText, useLoad } from './use-load.ts';

const byName = (codes: readonly string[]) =>
  [...codes].sort((a, b) => countryName(a).localeCompare(countryName(b)));

export function AccountsScreen({ api, navigate }: { api: PlatformApi; navigate: (path: string) => void }) {
  const accounts = useLoad(() => api.accounts(), [api]);
  const defaultPlan = useLoad(() => api.defaultFeePlan(), [api]);

  return (
    <div className="stack">
      <h1>Connected accounts</h1>
      {accounts.error ? (
        <p className="error" role="alert">
          {accounts.error}
        </p>
      ) : null}
      <table className="sales-table" aria-label="Connected accounts">
        <thead>
          <tr>
            <th scope="col">Business</th>
            <th scope="col">Country</th>
            <th scope="col">Currency</th>
            <th scope="col">Charges</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {(accounts.data?.accounts ?? []).map((account) => (
            <tr key={account.id}>
              <td>
                <a
                  href={`/platform/accounts/${account.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(`/platform/accounts/${account.id}`);
                  }}
                >
                  {account.businessName}
                </a>
              </td>
              <td>{countryName(account.country)}</td>
              <td>{account.currency.toUpperCase()}</td>
              <td>{account.chargeType}</td>
              <td>
                <span className={`status status-${account.status}`}>{account.statusText}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreateAccountForm api={api} onCreated={(id) => navigate(`/platform/accounts/${id}`)} />
      {defaultPlan.data ? (
        <FeePlanEditor
          api={api}
          currency="usd"
          title="Platform default fee plan (new accounts start with it)"
          plan={defaultPlan.data.plan}
          onSave={async (plan) => {
            await api.setDefaultFeePlan(plan);
            defaultPlan.reload();
          }}
        />
      ) : null}
      <FeesEarned api={api} accountId={null} />
      <AuditLog api={api} accountId={null} />
    </div>
  );
}

function CreateAccountForm({ api, onCreated }: { api: PlatformApi; onCreated: (id: string) => void }) {
  const [businessName, setBusinessName] = useState('');
  const [country, setCountry] = useState('US');
  const [currency, setCurrency] = useState('');
  const [chargeType, setChargeType] = useState<'direct' | 'destination'>('direct');
  const [cardPayments, setCardPayments] = useState(true);
  const [transfers, setTransfers] = useState(true);
  const [previewAcknowledged, setPreviewAcknowledged] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isPreview = countryAvailability(country) === 'preview';
  const defaultCurrency = defaultCurrencyForCountry(country) ?? '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const capabilities = [
      ...(cardPayments ? (['card_payments'] as const) : []),
      ...(transfers ? (['transfers'] as const) : []),
    ];
    api
      .createAccount({
        businessName,
        country,
        chargeType,
        capabilities,
        previewAcknowledged,
        ...(currency.trim() ? { currency: currency.trim() } : {}),
      })
      .then((created) => onCreated(created.account.id))
      .catch((failure: unknown) => setError(errorText(failure)))
      .finally(() => setBusy(false));
  };

  return (
    <section className="panel" aria-labelledby="create-account-title">
      <h2 id="create-account-title">Create a connected account</h2>
      <form className="platform-form" onSubmit={submit}>
        <label>
          Business name
          <input
            className="input"
            required
            value={businessName}
            onChange={(event) => setBusinessName(event.target.value)}
          />
        </label>
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
        <label>
          Currency
          <input
            className="input"
            placeholder={defaultCurrency.toUpperCase()}
            aria-describedby="currency-hint"
            value={currency}
            maxLength={3}
            onChange={(event) => setCurrency(event.target.value)}
          />
          <small id="currency-hint" className="muted">
            Defaults to {defaultCurrency.toUpperCase()} for {countryName(country)}.
          </small>
        </label>
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
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="platform-actions">
          <button type="submit" className="button primary" disabled={busy}>
            Create account
          </button>
        </div>
      </form>
    </section>
  );
}
