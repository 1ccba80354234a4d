/**
 * One connected account: Stripe status and requirements in plain words with the onboarding and dashboard
 * links, owner invitation, fee plan with live preview, risk limits, payout schedule, counter tipping,
 * locations (address by country, time zone, on-reader tipping; edit name, address and time zone), registers, readers (live status, move, remove), staff, fees
 * earned, the support view (sales, refunds on the merchant's behalf) and the audit log.
 */
import { type PlatformAccount, requiredAddressFields } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { FeePlanEditor } from './FeePlanEditor.tsx';
import { minorToInput, money, parseAmountToMinor } from './format.ts';
import { LocationEditForm } from './LocationEditForm.tsx';
import { PayoutScheduleEditor } from './PayoutScheduleEditor.tsx';
import type { PlatformApi } from './platform-api.ts';
import { AuditLog, FeesEarned } from './Reports.tsx';
import { SupportPanel } from './SupportPanel.tsx';
import { errorText, useLoad } from './use-load.ts';

const ADDRESS_LABELS: Record<string, string> = {
  line1: 'Street address',
  line2: 'Address line 2',
  city: 'City',
  state: 'State / region',
  postal_code: 'Postal code',
};

function Message({ text, kind }: { text: string | null; kind: 'error' | 'ok' }) {
  if (!text) return null;
  return (
    <p className={kind === 'error' ? 'error' : 'ok'} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}

/** Runs an action, reporting its failure (or a success text) in the section. */
function useAction() {
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const run = (work: () => Promise<unknown>, success?: string) => {
    setError(null);
    setOk(null);
    work().then(
      () => setOk(success ?? null),
      (failure: unknown) => setError(errorText(failure)),
    );
  };
  return { error, ok, run };
}

export function AccountScreen({ api, accountId }: { api: PlatformApi; accountId: string }) {
  const account = useLoad(() => api.account(accountId), [api, accountId]);
  const locations = useLoad(() => api.locations(accountId), [api, accountId]);
  const a = account.data?.account;
  const refreshReason = new URLSearchParams(window.location.search).get('onboarding');

  if (account.error) {
    return (
      <p className="error" role="alert">
        {account.error}
      </p>
    );
  }
  if (!a) return <p className="muted">Loading…</p>;
  const locationList = locations.data?.locations ?? [];

  return (
    <div className="stack">
      <h1>{a.businessName}</h1>
      {refreshReason === 'refresh' ? (
        <p className="banner">
          The onboarding link expired or was already used. Start onboarding again below.
        </p>
      ) : null}
      <StatusPanel api={api} account={a} onChanged={account.reload} />
      <FeePlanEditor
        api={api}
        currency={a.currency}
        title="Fee plan"
        plan={a.feePlan}
        onSave={async (plan) => {
          await api.setFeePlan(a.id, plan);
          account.reload();
        }}
      />
      <RiskPanel api={api} account={a} onChanged={account.reload} />
      <PayoutScheduleEditor api={api} accountId={a.id} />
      <CounterTippingPanel api={api} account={a} onChanged={account.reload} />
      <LocationsPanel api={api} account={a} locations={locations} />
      <RegistersPanel api={api} accountId={a.id} locations={locationList} />
      <ReadersPanel api={api} accountId={a.id} locations={locationList} />
      <StaffPanel api={api} accountId={a.id} locations={locationList} />
      <FeesEarned api={api} accountId={a.id} />
      <SupportPanel api={api} accountId={a.id} currency={a.currency} />
      <AuditLog api={api} accountId={a.id} />
    </div>
  );
}

function StatusPanel({
  api,
  account,
  onChanged,
}: {
  api: PlatformApi;
  account: PlatformAccount;
  onChanged: () => void;
}) {
  const action = useAction();
  const [email, setEmail] = useState('');
  const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
  return (
    <section className="panel" aria-labelledby="status-title">
      <h2 id="status-title">Stripe account</h2>
      <p>
        <span className={`status status-${account.status}`} data-testid="account-status">
          {account.statusText}
        </span>
      </p>
      <dl className="platform-facts">
        <dt>Stripe id</dt>
        <dd>{account.stripeAccountId}</dd>
        <dt>Country / currency</dt>
        <dd>
          {account.country} / {account.currency.toUpperCase()}
        </dd>
        <dt>Charge type</dt>
        <dd>{account.chargeType}</dd>
        <dt>Details submitted</dt>
        <dd>{yesNo(account.detailsSubmitted)}</dd>
        <dt>Charges enabled</dt>
        <dd>{yesNo(account.chargesEnabled)}</dd>
        <dt>Payouts enabled</dt>
        <dd>{yesNo(account.payoutsEnabled)}</dd>
      </dl>
      {account.cannotChargeReason ? <p className="error">{account.cannotChargeReason}</p> : null}
      {account.disabledReason ? <p className="error">{account.disabledReason}</p> : null}
      {account.requirements.length > 0 ? (
        <>
          <h3>Stripe still needs</h3>
          <ul>
            {account.requirements.map((requirement) => (
              <li key={requirement.field}>
                {requirement.description}
                {requirement.due === 'eventually_due'
                  ? ' (later)'
                  : requirement.due === 'past_due'
                    ? ' (overdue)'
                    : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="row">
        <button
          type="button"
          className="button primary"
          onClick={() =>
            action.run(async () => {
              const link = await api.onboardingLink(account.id);
              window.location.assign(link.url);
            })
          }
        >
          {account.detailsSubmitted ? 'Update details on Stripe' : 'Start onboarding on Stripe'}
        </button>
        <button type="button" className="button" onClick={onChanged}>
          Refresh status
        </button>
        {account.dashboardType === 'express' ? (
          <button
            type="button"
            className="button"
            onClick={() =>
              action.run(async () => {
                const link = await api.loginLink(account.id);
                window.open(link.url, '_blank', 'noopener');
              })
            }
          >
            Open Express dashboard
          </button>
        ) : null}
      </div>
      <form
        className="row"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          action.run(() => api.invite(account.id, email), `Invitation sent to ${email}.`);
        }}
      >
        <label>
          Invite the merchant owner (email)
          <input
            className="input"
            type="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <button type="submit" className="button">
          Send invitation
        </button>
      </form>
      <Message text={action.error} kind="error" />
      <Message text={action.ok} kind="ok" />
    </section>
  );
}

function RiskPanel({
  api,
  account,
  onChanged,
}: {
  api: PlatformApi;
  account: PlatformAccount;
  onChanged: () => void;
}) {
  const [perSale, setPerSale] = useState(minorToInput(account.riskLimits.maxSaleMinor, account.currency));
  const [perDay, setPerDay] = useState(minorToInput(account.riskLimits.maxDailyMinor, account.currency));
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const maxSaleMinor = parseAmountToMinor(perSale, account.currency);
    const maxDailyMinor = parseAmountToMinor(perDay, account.currency);
    action.run(async () => {
      if (maxSaleMinor === undefined || maxDailyMinor === undefined) {
        throw new Error('Limits must be positive amounts in the account currency, or empty for none.');
      }
      await api.setRiskLimits(account.id, { maxSaleMinor, maxDailyMinor });
      onChanged();
    }, 'Risk limits saved.');
  };
  return (
    <section className="panel" aria-labelledby="risk-title">
      <h2 id="risk-title">Risk limits</h2>
      <form className="platform-form" onSubmit={submit}>
        <label>
          Maximum per sale ({account.currency.toUpperCase()}, empty for none)
          <input
            className="input"
            inputMode="decimal"
            value={perSale}
            onChange={(e) => setPerSale(e.target.value)}
          />
        </label>
        <label>
          Maximum per day ({account.currency.toUpperCase()}, empty for none)
          <input
            className="input"
            inputMode="decimal"
            value={perDay}
            onChange={(e) => setPerDay(e.target.value)}
          />
        </label>
        <div className="platform-actions">
          <button type="submit" className="button primary">
            Save limits
          </button>
        </div>
      </form>
      <Message text={action.error} kind="error" />
      <Message text={action.ok} kind="ok" />
    </section>
  );
}

function parsePercentages(text: string): number[] | null {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const numbers = parts.map(Number);
  return numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= 100) && numbers.length <= 3
    ? numbers
    : null;
}

function CounterTippingPanel({
  api,
  account,
  onChanged,
}: {
  api: PlatformApi;
  account: PlatformAccount;
  onChanged: () => void;
}) {
  const [enabled, setEnabled] = useState(account.tipping.enabled);
  const [percentages, setPercentages] = useState(account.tipping.percentages.join(', '));
  const action = useAction();
  return (
    <section className="panel" aria-labelledby="counter-tipping-title">
      <h2 id="counter-tipping-title">Tipping on the counter screen</h2>
      <form
        className="platform-form"
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = parsePercentages(percentages);
          action.run(async () => {
            if (!parsed) throw new Error('Give up to 3 whole percentages, e.g. 15, 18, 20.');
            await api.setCounterTipping(account.id, { enabled, percentages: parsed });
            onChanged();
          }, 'Saved.');
        }}
      >
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Ask for a tip at the counter
        </label>
        <label>
          Suggested percentages (comma separated)
          <input className="input" value={percentages} onChange={(e) => setPercentages(e.target.value)} />
        </label>
        <div className="platform-actions">
          <button type="submit" className="button">
            Save tipping
          </button>
        </div>
      </form>
      <Message text={action.error} kind="error" />
      <Message text={action.ok} kind="ok" />
    </section>
  );
}

type LocationsLoad = ReturnType<typeof useLoad<Awaited<ReturnType<PlatformApi['locations']>>>>;
type LocationList = NonNullable<LocationsLoad['data']>['locations'];

function LocationsPanel({
  api,
  account,
  locations,
}: {
  api: PlatformApi;
  account: PlatformAccount;
  locations: LocationsLoad;
}) {
  const required = requiredAddressFields(account.country);
  const fields = ['line1', 'line2', 'city', 'state', 'postal_code'] as const;
  const [name, setName] = useState('');
  const [address, setAddress] = useState<Record<string, string>>({});
  const [timeZone, setTimeZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [tipPercentages, setTipPercentages] = useState('');
  const [tipFixed, setTipFixed] = useState('');
  const [threshold, setThreshold] = useState('');
  const action = useAction();
  const [editing, setEditing] = useState<string | null>(null);
  const zones = Intl.supportedValuesOf('timeZone');

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
    }, 'Location added.');
  };

  return (
    <section className="panel" aria-labelledby="locations-title">
      <h2 id="locations-title">Locations</h2>
      <ul>
        {(locations.data?.locations ?? []).map((location) => (
          <li key={location.id}>
            <strong>{location.name}</strong> — {Object.values(location.address).join(', ')} (
            {location.timeZone})
            {location.tipping
              ? ` · on-reader tips ${location.tipping.percentages.map((p) => `${p} %`).join(' / ')}${
                  location.tipping.fixedAmountsMinor.length > 0
                    ? ` or ${location.tipping.fixedAmountsMinor.map((v) => money(v, account.currency)).join(' / ')}`
                    : ''
                }`
              : ''}{' '}
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
        <label>
          Location name
          <input className="input" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        {fields.map((field) => (
          <label key={field}>
            {ADDRESS_LABELS[field]}
            {required.includes(field as (typeof required)[number]) ? ' (required)' : ''}
            <input
              className="input"
              required={required.includes(field as (typeof required)[number])}
              value={address[field] ?? ''}
              onChange={(e) => setAddress({ ...address, [field]: e.target.value })}
            />
          </label>
        ))}
        <label>
          Time zone
          <input
            className="input"
            list="platform-time-zones"
            required
            value={timeZone}
            onChange={(e) => setTimeZone(e.target.value)}
          />
          <datalist id="platform-time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </label>
        <fieldset>
          <legend>On-reader tipping (optional)</legend>
          <label>
            Tip percentages (up to 3, comma separated)
            <input
              className="input"
              value={tipPercentages}
              onChange={(e) => setTipPercentages(e.target.value)}
            />
          </label>
          <label>
            Fixed tips ({account.currency.toUpperCase()}, up to 3)
            <input className="input" value={tipFixed} onChange={(e) => setTipFixed(e.target.value)} />
          </label>
          <label>
            Smart-tip threshold ({account.currency.toUpperCase()}): below it, offer the fixed tips
            <input className="input" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
          </label>
        </fieldset>
        <div className="platform-actions">
          <button type="submit" className="button primary">
            Add location
          </button>
        </div>
      </form>
      <Message text={action.error} kind="error" />
      <Message text={action.ok} kind="ok" />
    </section>
  );
}

function LocationSelect({
  locations,
  value,
  onChange,
  label,
}: {
  locations: LocationList;
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

function RegistersPanel({
  api,
  accountId,
  locations,
}: {
  api: PlatformApi;
  accountId: string;
  locations: LocationList;
}) {
  const registers = useLoad(() => api.registers(accountId), [api, accountId]);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [locationId, setLocationId] = useState('');
  const action = useAction();
  const nameOf = (id: string) => locations.find((l) => l.id === id)?.name ?? id;
  return (
    <section className="panel" aria-labelledby="registers-title">
      <h2 id="registers-title">Registers</h2>
      <ul>
        {(registers.data?.registers ?? []).map((register) => (
          <li key={register.id}>
            <strong>{register.code}</strong> {register.name} at {nameOf(register.locationId)}
            {register.revoked ? (
              ' (revoked)'
            ) : (
              <button
                type="button"
                className="button small"
                onClick={() =>
                  action.run(async () => {
                    await api.revokeRegister(accountId, register.id);
                    registers.reload();
                  }, `${register.code} revoked.`)
                }
              >
                Revoke {register.code}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="platform-form"
        aria-label="Add a register"
        onSubmit={(event) => {
          event.preventDefault();
          action.run(async () => {
            await api.createRegister(accountId, { name, code, locationId });
            setName('');
            setCode('');
            registers.reload();
          }, 'Register added: open /register/CODE on the device, or enter the code on its setup screen.');
        }}
      >
        <label>
          Register name
          <input className="input" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Pairing code (e.g. MAIN-1)
          <input className="input" required value={code} onChange={(e) => setCode(e.target.value)} />
        </label>
        <LocationSelect label="Location" locations={locations} value={locationId} onChange={setLocationId} />
        <div className="platform-actions">
          <button type="submit" className="button">
            Add register
          </button>
        </div>
      </form>
      <Message text={action.error} kind="error" />
      <Message text={action.ok} kind="ok" />
    </section>
  );
}

function ReadersPanel({
  api,
  accountId,
  locations,
}: {
  api: PlatformApi;
  accountId: string;
  locations: LocationList;
}) {
  const readers = useLoad(() => api.readers(accountId), [api, accountId]);
  const [code, setCode] = useState('simulated-wpe');
  const [label, setLabel] = useState('');
  const [locationId, setLocationId] = useState('');
  const [integration, setIntegration] = useState<'js_sdk' | 'server_driven'>('server_driven');
  const action = useAction();
  return (
    <section className="panel" aria-labelledby="readers-title">
      <h2 id="readers-title">Readers</h2>
      <button type="button" className="button small" onClick={readers.reload}>
        Refresh status
      </button>
      <table className="sales-table" aria-label="Readers">
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Device</th>
            <th scope="col">Status</th>
            <th scope="col">Location</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(readers.data?.readers ?? []).map((reader) => (
            <tr key={reader.id}>
              <td>{reader.label}</td>
              <td>
                {reader.deviceType} ({reader.integration === 'js_sdk' ? 'JS SDK' : 'server-driven'})
              </td>
              <td>
                {reader.status ?? 'unknown'}
                {reader.busyWith ? ` · busy: ${reader.busyWith}` : ''}
                {reader.heldByRegister ? ` · in use by register ${reader.heldByRegister}` : ''}
                {reader.lastSeenAt ? ` · seen ${new Date(reader.lastSeenAt).toLocaleTimeString()}` : ''}
              </td>
              <td>
                <select
                  className="input"
                  aria-label={`Move ${reader.label} to`}
                  value={reader.locationId}
                  onChange={(e) => {
                    const target = e.target.value;
                    action.run(async () => {
                      await api.updateReader(accountId, reader.id, { locationId: target });
                      readers.reload();
                    }, `${reader.label} moved.`);
                  }}
                >
                  {locations.map((location) => (
                    <option key={location.id} value={location.id}>
                      {location.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button
                  type="button"
                  className="button small"
                  onClick={() =>
                    action.run(async () => {
                      await api.removeReader(accountId, reader.id);
                      readers.reload();
                    }, `${reader.label} removed.`)
                  }
                >
                  Remove {reader.label}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="platform-form"
        aria-label="Register a reader"
        onSubmit={(event) => {
          event.preventDefault();
          action.run(async () => {
            await api.registerReader(accountId, { registrationCode: code, label, locationId, integration });
            setLabel('');
            readers.reload();
          }, 'Reader registered.');
        }}
      >
        <label>
          Registration code (simulated-wpe, simulated-s700, simulated-s710 offline)
          <input className="input" required value={code} onChange={(e) => setCode(e.target.value)} />
        </label>
        <label>
          Reader label
          <input className="input" required value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <LocationSelect
          label="Reader location"
          locations={locations}
          value={locationId}
          onChange={setLocationId}
        />
        <label>
          How the counter drives it
          <select
            className="input"
            value={integration}
            onChange={(e) => setIntegration(e.target.value === 'js_sdk' ? 'js_sdk' : 'server_driven')}
          >
            <option value="server_driven">Server-driven</option>
            <option value="js_sdk">JavaScript SDK</option>
          </select>
        </label>
        <div className="platform-actions">
          <button type="submit" className="button">
            Register reader
          </button>
        </div>
      </form>
      <Message text={action.error} kind="error" />
      <Message text={action.ok} kind="ok" />
    </section>
  );
}

function StaffPanel({
  api,
  accountId,
  locations,
}: {
  api: PlatformApi;
  accountId: string;
  locations: LocationList;
}) {
  const staff = useLoad(() => api.staff(accountId), [api, accountId]);
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<'staff' | 'manager'>('staff');
  const [pin, setPin] = useState('');
  const [allowed, setAllowed] = useState<string[]>([]);
  const action = useAction();
  const names = (ids: string[]) => ids.map((id) => locations.find((l) => l.id === id)?.name ?? id).join(', ');
  return (
    <section className="panel" aria-labelledby="staff-title">
      <h2 id="staff-title">Staff</h2>
      <ul>
        {(staff.data?.staff ?? []).map((member) => (
          <li key={member.id}>
            <strong>{member.displayName}</strong> ({member.role}) at {names(member.locationIds)}
            {member.active ? '' : ' — inactive'}{' '}
            <button
              type="button"
              className="button small"
              onClick={() =>
                action.run(async () => {
                  await api.updateStaff(accountId, member.id, { active: !member.active });
                  staff.reload();
                })
              }
            >
              {member.active ? `Deactivate ${member.displayName}` : `Reactivate ${member.displayName}`}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="platform-form"
        aria-label="Add a staff member"
        onSubmit={(event) => {
          event.preventDefault();
          action.run(async () => {
            await api.addStaff(accountId, { displayName, role, pin, locationIds: allowed });
            setDisplayName('');
            setPin('');
            staff.reload();
          }, 'Staff member added.');
        }}
      >
        <label>
          Name
          <input
            className="input"
            required
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <label>
          Role
          <select
            className="input"
            value={role}
            onChange={(e) => setRole(e.target.value === 'manager' ? 'manager' : 'staff')}
          >
            <option value="staff">Staff</option>
            <option value="manager">Manager</option>
          </select>
        </label>
        <label>
          PIN (4 to 8 digits)
          <input
            className="input"
            inputMode="numeric"
            pattern="\d{4,8}"
            required
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
        </label>
        <fieldset>
          <legend>Can sign in at</legend>
          {locations.map((location) => (
            <label className="check" key={location.id}>
              <input
                type="checkbox"
                checked={allowed.includes(location.id)}
                onChange={(e) =>
                  setAllowed(
                    e.target.checked ? [...allowed, location.id] : allowed.filter((id) => id !== location.id),
                  )
                }
              />
              {location.name}
            </label>
          ))}
        </fieldset>
        <div className="platform-actions">
          <button type="submit" className="button">
            Add staff member
          </button>
        </div>
      </form>
      <Message text={action.error} kind="error" />
      <Message text={action.ok} kind="ok" />
    </section>
  );
}
