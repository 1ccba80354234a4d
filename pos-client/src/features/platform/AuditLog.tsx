/**
 * The audit log (latest 50 entries, newest first), for one account or the whole platform, as sentences
 * with names (audit-sentences.ts): an account's log looks up its locations, readers, registers and staff;
 * the platform's, its accounts. Times are in the account's (first) location's zone, or UTC platform-wide,
 * and the zone is named.
 */
import { useMemo } from 'react';
import { Button } from '../../components/ui/Button.tsx';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/States.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { createFormatters } from '../../lib/format.ts';
import { type AuditNames, auditSentence } from './audit-sentences.ts';
import { Panel } from './form.tsx';
import type { PlatformApi } from './platform-api.ts';

/** The names the entries may mention, and the zone to show their times in (null: UTC). */
async function loadNames(
  api: PlatformApi,
  accountId: string | null,
): Promise<{ names: AuditNames; zone: string | null }> {
  const byId = <T extends { id: string }>(items: readonly T[], name: (item: T) => string) =>
    new Map(items.map((item) => [item.id, name(item)]));
  const { accounts } = await api.accounts();
  const accountMap = new Map(accounts.map((a) => [a.id, { name: a.businessName, currency: a.currency }]));
  if (!accountId) {
    const none = new Map<string, string>();
    return {
      names: { accounts: accountMap, locations: none, readers: none, registers: none, staff: none },
      zone: null,
    };
  }
  const [locations, readers, registers, staff] = await Promise.all([
    api.locations(accountId),
    api.readers(accountId),
    api.registers(accountId),
    api.staff(accountId),
  ]);
  return {
    names: {
      accounts: accountMap,
      locations: byId(locations.locations, (l) => l.name),
      readers: byId(readers.readers, (r) => r.label),
      registers: byId(registers.registers, (r) => `${r.code} ${r.name}`),
      staff: byId(staff.staff, (s) => s.displayName),
    },
    zone: locations.locations[0]?.timeZone ?? null,
  };
}

export function AuditLog({
  api,
  accountId,
  level = 2,
}: {
  api: PlatformApi;
  accountId: string | null;
  level?: 1 | 2;
}) {
  const log = useAsync(() => api.auditLog(accountId), [api, accountId]);
  const lookup = useAsync(() => loadNames(api, accountId), [api, accountId]);
  const zone = lookup.data?.zone ?? null;
  const format = useMemo(() => createFormatters('en-US', zone ?? 'UTC'), [zone]);
  const entries = [...(log.data?.entries ?? [])].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 50);
  return (
    <Panel titleId={`audit-${accountId ?? 'all'}`} title="Audit log" level={level}>
      <div className="row spread">
        <p className="muted">Newest first. Times in {format.zoneName()}.</p>
        <Button size="small" onClick={log.reload}>
          Refresh
        </Button>
      </div>
      {log.error ? <ErrorState message={log.error} onRetry={log.reload} /> : null}
      {log.loading && !log.data ? <LoadingState label="Loading the audit log…" /> : null}
      {log.data && entries.length === 0 ? <EmptyState title="Nothing has been changed yet." /> : null}
      {entries.length > 0 ? (
        <DataTable label="Audit log" columns={['When', 'What happened']}>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="nowrap">{format.dateTime(entry.at)}</td>
              <td title={`${entry.action} ${entry.target}`}>{auditSentence(entry, lookup.data?.names)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </Panel>
  );
}
