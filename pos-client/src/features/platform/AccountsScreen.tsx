/**
 * The platform's home: the connected accounts, searchable by name and filtered by status (the counts
 * show on each filter), each opening its page; and the way to create one.
 */
import { countryName, type PlatformAccount } from '@countertop/shared';
import { useState } from 'react';
import { Button } from '../../components/ui/Button.tsx';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { SelectField, TextField } from '../../components/ui/Field.tsx';
import { PageHeader } from '../../components/ui/PageHeader.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/States.tsx';
import { isPlainClick } from '../../components/ui/TabNav.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { ACCOUNT_STATUS_NAMES, AccountStatusLabel } from './AccountStatusLabel.tsx';
import type { PlatformApi } from './platform-api.ts';
import { platformPath } from './routes.ts';

type StatusFilter = 'all' | PlatformAccount['status'];

const CHARGE_TYPES: Record<PlatformAccount['chargeType'], string> = {
  direct: 'Direct charges',
  destination: 'Destination charges',
};

/** The accounts whose name contains `query` (any case) and whose status is `status`. */
export function filterAccounts(
  accounts: readonly PlatformAccount[],
  query: string,
  status: StatusFilter,
): PlatformAccount[] {
  const needle = query.trim().toLocaleLowerCase();
  return accounts.filter(
    (account) =>
      (status === 'all' || account.status === status) &&
      (needle === '' || account.businessName.toLocaleLowerCase().includes(needle)),
  );
}

export function AccountsScreen({ api, navigate }: { api: PlatformApi; navigate: (path: string) => void }) {
  const accounts = useAsync(() => api.accounts(), [api]);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const all = accounts.data?.accounts ?? [];
  const shown = filterAccounts(all, query, status);
  const count = (value: StatusFilter) => filterAccounts(all, '', value).length;
  const statuses = Object.keys(ACCOUNT_STATUS_NAMES) as PlatformAccount['status'][];

  return (
    <div className="stack">
      <PageHeader
        title="Connected accounts"
        subtitle="Each merchant is a Stripe connected account. Open one to onboard it, add locations, readers and staff."
        actions={
          <Button variant="primary" onClick={() => navigate(platformPath({ screen: 'new-account' }))}>
            Create an account
          </Button>
        }
      />
      <search className="row filters">
        <TextField label="Search by name" type="search" value={query} onChange={setQuery} />
        <SelectField
          label="Status"
          value={status}
          options={[
            ['all', `All (${count('all')})`],
            ...statuses.map((value) => [value, `${ACCOUNT_STATUS_NAMES[value]} (${count(value)})`] as const),
          ]}
          onChange={setStatus}
        />
      </search>
      {accounts.error ? <ErrorState message={accounts.error} onRetry={accounts.reload} /> : null}
      {accounts.loading && !accounts.data ? <LoadingState label="Loading accounts…" /> : null}
      {accounts.data && all.length === 0 ? (
        <EmptyState title="No connected accounts yet.">
          Create the first one to onboard a merchant.
        </EmptyState>
      ) : null}
      {accounts.data && all.length > 0 && shown.length === 0 ? (
        <EmptyState title="No account matches.">Clear the search or choose another status.</EmptyState>
      ) : null}
      {shown.length > 0 ? (
        <DataTable
          label="Connected accounts"
          columns={['Business', 'Country', 'Currency', 'Charges', 'Status']}
        >
          {shown.map((account) => {
            const href = platformPath({ screen: 'account', accountId: account.id, tab: 'overview' });
            return (
              <tr key={account.id}>
                <td>
                  <a
                    href={href}
                    onClick={(event) => {
                      if (!isPlainClick(event)) return;
                      event.preventDefault();
                      navigate(href);
                    }}
                  >
                    {account.businessName}
                  </a>
                </td>
                <td>{countryName(account.country)}</td>
                <td>{account.currency.toUpperCase()}</td>
                <td>{CHARGE_TYPES[account.chargeType]}</td>
                <td>
                  <AccountStatusLabel account={account} />
                  {account.standing.text ? (
                    <>
                      <br />
                      <small className="muted">{account.standing.text}</small>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      ) : null}
    </div>
  );
}
