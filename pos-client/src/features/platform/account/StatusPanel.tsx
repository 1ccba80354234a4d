/**
 * The account's Stripe side in plain words: status, ids, what Stripe still needs, the onboarding and
 * Express dashboard links, and the invitation of the merchant owner.
 */
import { useState } from 'react';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { AccountStatusLabel } from '../AccountStatusLabel.tsx';
import { Panel, TextField } from '../form.tsx';
import type { AccountPanelProps } from './panel-props.ts';

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

export function StatusPanel({ api, account, onChanged }: AccountPanelProps) {
  const action = useAction();
  const [email, setEmail] = useState('');
  return (
    <Panel titleId="status-title" title="Stripe account">
      <p>
        <AccountStatusLabel account={account} testId="account-status" />
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
        onSubmit={(event) => {
          event.preventDefault();
          action.run(() => api.invite(account.id, email), `Invitation sent to ${email}.`);
        }}
      >
        <TextField
          label="Invite the merchant owner (email)"
          type="email"
          required
          value={email}
          onChange={setEmail}
        />
        <button type="submit" className="button">
          Send invitation
        </button>
      </form>
      <ActionMessages action={action} successClassName="ok" />
    </Panel>
  );
}
