/** The audit log (latest 50 entries), for one account or the whole platform. */
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { Panel } from './form.tsx';
import type { PlatformApi } from './platform-api.ts';

export function AuditLog({ api, accountId }: { api: PlatformApi; accountId: string | null }) {
  const log = useAsync(() => api.auditLog(accountId), [api, accountId]);
  return (
    <Panel titleId={`audit-${accountId ?? 'all'}`} title="Audit log">
      <button type="button" className="button small" onClick={log.reload}>
        Refresh
      </button>
      <ErrorMessage text={log.error} />
      <DataTable className="sales-table" label="Audit log" columns={['When', 'Who', 'What', 'Target']}>
        {(log.data?.entries ?? []).slice(0, 50).map((entry) => (
          <tr key={entry.id}>
            <td>{new Date(entry.at).toLocaleString()}</td>
            <td>{entry.actor}</td>
            <td title={JSON.stringify(entry.details)}>{entry.action}</td>
            <td>{entry.target}</td>
          </tr>
        ))}
      </DataTable>
    </Panel>
  );
}
