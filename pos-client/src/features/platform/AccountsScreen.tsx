/**
 * The platform's home: connected accounts with their status, the create-account form, the platform default
 * fee plan, fees earned across accounts and the audit log.
 */
import { countryName } from '@countertop/shared';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { AccountStatusLabel } from './AccountStatusLabel.tsx';
import { AuditLog } from './AuditLog.tsx';
import { CreateAccountForm } from './CreateAccountForm.tsx';
import { FeePlanEditor } from './FeePlanEditor.tsx';
import { FeesEarned } from './FeesEarned.tsx';
import type { PlatformApi } from './platform-api.ts';

export function AccountsScreen({ api, navigate }: { api: PlatformApi; navigate: (path: string) => void }) {
  const accounts = useAsync(() => api.accounts(), [api]);
  const defaultPlan = useAsync(() => api.defaultFeePlan(), [api]);

  return (
    <div className="stack">
      <h1>Connected accounts</h1>
      <ErrorMessage text={accounts.error} />
      <DataTable
        className="sales-table"
        label="Connected accounts"
        columns={['Business', 'Country', 'Currency', 'Charges', 'Status']}
      >
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
              <AccountStatusLabel account={account} />
            </td>
          </tr>
        ))}
      </DataTable>
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
