/**
 * The account's Stripe side in plain words: status, ids, what Stripe still needs, the onboarding and
 * Express dashboard links, and the invitation of the merchant owner.
 */
import type { PlatformAccount } from '@countertop/shared';
import { countryName } from '@countertop/shared';
import { useState } from 'react';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { createFormatters } from '../../../lib/format.ts';
import { Panel, TextField } from '../form.tsx';
import type { AccountPanelProps } from './panel-props.ts';

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** Stripe's deadlines are instants; the console names UTC beside them. */
const utc = createFormatters('en-US', 'UTC');

type Due = PlatformAccount['requirements'][number]['due'];

const DUE_ORDER: readonly Due[] = ['past_due', 'currently_due', 'eventually_due'];

/** Stripe's three requirement categories, in the words of its Connect docs. */
const DUE_WORDS: Record<Due, { title: string; meaning: string }> = {
  past_due: {
    title: 'Past due',
    meaning: 'Needed now: Stripe may already have paused charges or payouts until these are provided.',
  },
  currently_due: {
    title: 'Currently due',
    meaning: 'Needed soon to keep charges and payouts enabled.',
  },
  eventually_due: {
    title: 'Eventually due',
    meaning: 'Stripe will ask for these later, for example as the account’s volume grows.',
  },
};

export function StatusPanel({ api, account, onChanged }: AccountPanelProps) {
  const action = useAction();
  const [email, setEmail] = useState('');
  return (
    <Panel titleId="status-title" title="Stripe account">
      <dl className="facts">
        <dt>Stripe id</dt>
        <dd>{account.stripeAccountId}</dd>
        <dt>Country / currency</dt>
        <dd>
          {countryName(account.country)} / {account.currency.toUpperCase()}
        </dd>
        <dt>Charge type</dt>
        <dd>{account.chargeType === 'direct' ? 'Direct charges' : 'Destination charges'}</dd>
        <dt>Details submitted</dt>
        <dd>{yesNo(account.detailsSubmitted)}</dd>
        <dt>Charges enabled</dt>
        <dd>{yesNo(account.chargesEnabled)}</dd>
        <dt>Payouts enabled</dt>
        <dd>{yesNo(account.payoutsEnabled)}</dd>
      </dl>
      {account.standing.text ? (
        <p className="notice" data-testid="account-standing">
          {account.standing.text}
        </p>
      ) : null}
      {account.cannotChargeReason ? <p className="error">{account.cannotChargeReason}</p> : null}
      {account.disabledReason ? <p className="error">{account.disabledReason}</p> : null}
      {account.requirements.length > 0 ? (
        <>
          <h3>Stripe still needs</h3>
          {account.detailsSubmitted ? null : (
            <p className="muted">
              Onboarding is not finished: Stripe asks for all of this in its onboarding form (“Start
              onboarding on Stripe” below).
            </p>
          )}
          {DUE_ORDER.map((due) => {
            const needed = account.requirements.filter((requirement) => requirement.due === due);
            if (needed.length === 0) return null;
            return (
              <div key={due} className={`requirements requirements-${due}`}>
                <h4>{DUE_WORDS[due].title}</h4>
                <p className="muted">
                  {DUE_WORDS[due].meaning}
                  {due === 'currently_due' && account.currentDeadline
                    ? ` Due by ${utc.dateTime(account.currentDeadline)} UTC.`
                    : ''}
                </p>
                <ul>
                  {needed.map((requirement) => (
                    <li key={requirement.field}>{requirement.description}</li>
                  ))}
                </ul>
              </div>
            );
          })}
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
