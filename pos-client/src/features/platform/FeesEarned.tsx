/**
 * Fees earned per day or month, newest first with the range's totals, for one account or the whole
 * platform, with a CSV link. Days and months are UTC (the server groups them so), and the table says so.
 * Says so when Stripe could not be reached and the figures are the recorded ones.
 */
import { formatMoney } from '@countertop/shared';
import { useState } from 'react';
import { Button } from '../../components/ui/Button.tsx';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { SelectField } from '../../components/ui/Field.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { EmptyState } from '../../components/ui/States.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { createFormatters } from '../../lib/format.ts';
import { Panel } from './form.tsx';
import type { PlatformApi } from './platform-api.ts';

type Period = 'day' | 'month';

const PERIODS = [
  ['day', 'Day'],
  ['month', 'Month'],
] as const satisfies readonly (readonly [Period, string])[];

const utc = createFormatters('en-US', 'UTC');

export function FeesEarned({
  api,
  accountId,
  level = 2,
}: {
  api: PlatformApi;
  accountId: string | null;
  /** 1 when it is the page (the platform's Fees earned tab). */
  level?: 1 | 2;
}) {
  const [period, setPeriod] = useState<Period>('day');
  const report = useAsync(() => api.feesEarned(accountId, period), [api, accountId, period]);
  const zone = report.data?.timeZone ?? 'UTC';
  const periodColumn = period === 'day' ? `Day (${zone})` : `Month (${zone})`;
  const columns = [periodColumn, ...(accountId ? [] : ['Account']), 'Fees', 'Collected', 'Refunded', 'Net'];
  // The server sends the rows newest first and their totals per currency (shared's `orderFeesEarned`).
  const rows = report.data?.rows ?? [];
  const totals = report.data?.totals ?? [];
  const periodText = (value: string) => (period === 'day' ? utc.day(value) : utc.month(value));
  return (
    <Panel titleId={`fees-${accountId ?? 'all'}`} title="Fees earned" level={level}>
      <p className="muted">Newest first; days and months in {zone}, the same for every account.</p>
      <div className="row">
        <SelectField label="Group by" value={period} options={PERIODS} onChange={setPeriod} />
        <Button size="small" onClick={report.reload}>
          Refresh
        </Button>
        <a className="link" href={api.feesEarnedCsvUrl(accountId, period)} download>
          Download CSV
        </a>
      </div>
      <ErrorMessage text={report.error} />
      {report.data && !report.data.stripeSync.ok ? (
        <p className="notice" role="status">
          Stripe could not be reached just now, so these are the fees your merchants' sales recorded
          {report.data.stripeSync.checkedThrough
            ? `, last checked against Stripe at ${utc.dateTime(report.data.stripeSync.checkedThrough)} UTC`
            : ', not yet checked against Stripe'}
          . Refresh in a moment to include any fee only Stripe knows about.
        </p>
      ) : null}
      {report.data && rows.length === 0 ? (
        <EmptyState title="No application fees yet.">They appear here after the first card sale.</EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <DataTable
          label="Fees earned"
          columns={columns}
          numeric={['Fees', 'Collected', 'Refunded', 'Net']}
          footer={totals.map((sum) => (
            <tr key={sum.currency}>
              <th scope="row" colSpan={accountId ? 1 : 2}>
                Total ({sum.currency.toUpperCase()})
              </th>
              <td className="num">{sum.feesCount}</td>
              <td className="num">{formatMoney(sum.collectedMinor, sum.currency)}</td>
              <td className="num">{formatMoney(sum.refundedMinor, sum.currency)}</td>
              <td className="num">{formatMoney(sum.netMinor, sum.currency)}</td>
            </tr>
          ))}
        >
          {rows.map((row) => (
            <tr key={`${row.period}-${row.accountId}-${row.currency}`}>
              <td>{periodText(row.period)}</td>
              {accountId ? null : <td>{row.businessName}</td>}
              <td className="num">{row.feesCount}</td>
              <td className="num">{formatMoney(row.collectedMinor, row.currency)}</td>
              <td className="num">{formatMoney(row.refundedMinor, row.currency)}</td>
              <td className="num">{formatMoney(row.netMinor, row.currency)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {report.data && report.data.mismatches.length > 0 ? (
        <p className="error">
          {report.data.mismatches.length} sale(s) recorded a fee that differs from Stripe's application fee.
          See the Reconciliation of those days.
        </p>
      ) : null}
    </Panel>
  );
}
