/**
 * Fees earned per day or month, with a CSV link, for one account or the whole platform; says so when
 * Stripe could not be reached and the figures are the recorded ones.
 */
import { formatMoney } from '@countertop/shared';
import { useState } from 'react';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { Panel, SelectField } from './form.tsx';
import type { PlatformApi } from './platform-api.ts';

type Period = 'day' | 'month';

const PERIODS = [
  ['day', 'Day'],
  ['month', 'Month'],
] as const satisfies readonly (readonly [Period, string])[];

export function FeesEarned({ api, accountId }: { api: PlatformApi; accountId: string | null }) {
  const [period, setPeriod] = useState<Period>('day');
  const report = useAsync(() => api.feesEarned(accountId, period), [api, accountId, period]);
  const columns = [
    period === 'day' ? 'Day (UTC)' : 'Month',
    ...(accountId ? [] : ['Account']),
    'Fees',
    'Collected',
    'Refunded',
    'Net',
  ];
  return (
    <Panel titleId={`fees-${accountId ?? 'all'}`} title="Fees earned">
      <div className="row">
        <SelectField label="Group by" value={period} options={PERIODS} onChange={setPeriod} />
        <button type="button" className="button small" onClick={report.reload}>
          Refresh
        </button>
        <a className="link" href={api.feesEarnedCsvUrl(accountId, period)} download>
          Download CSV
        </a>
      </div>
      <ErrorMessage text={report.error} />
      {report.data && !report.data.stripeSync.ok ? (
        <p className="error" role="status">
          Stripe could not be reached just now, so these are the fees your merchants' sales recorded
          {report.data.stripeSync.checkedThrough
            ? `, last checked against Stripe at ${new Date(report.data.stripeSync.checkedThrough).toLocaleString()}`
            : ', not yet checked against Stripe'}
          . Refresh in a moment to include any fee only Stripe knows about.
        </p>
      ) : null}
      {report.data && report.data.rows.length === 0 ? (
        <p className="muted">No application fees yet.</p>
      ) : null}
      {report.data && report.data.rows.length > 0 ? (
        <DataTable className="sales-table" label="Fees earned" columns={columns}>
          {report.data.rows.map((row) => (
            <tr key={`${row.period}-${row.accountId}-${row.currency}`}>
              <td>{row.period}</td>
              {accountId ? null : <td>{row.businessName}</td>}
              <td>{row.feesCount}</td>
              <td>{formatMoney(row.collectedMinor, row.currency)}</td>
              <td>{formatMoney(row.refundedMinor, row.currency)}</td>
              <td>{formatMoney(row.netMinor, row.currency)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {report.data && report.data.mismatches.length > 0 ? (
        <p className="error">
          {report.data.mismatches.length} sale(s) recorded a fee that differs from Stripe's application fee.
        </p>
      ) : null}
    </Panel>
  );
}
