/** Fees earned (per day or month, with a CSV link) and the audit log, for one account or the whole platform. */
import { useState } from 'react';
import { money } from './format.ts';
import type { PlatformApi } from './platform-api.ts';
import { useLoad } from './use-load.ts';

export function FeesEarned({ api, accountId }: { api: PlatformApi; accountId: string | null }) {
  const [period, setPeriod] = useState<'day' | 'month'>('day');
  const report = useLoad(() => api.feesEarned(accountId, period), [api, accountId, period]);
  return (
    <section className="panel" aria-labelledby={`fees-${accountId ?? 'all'}`}>
      <h2 id={`fees-${accountId ?? 'all'}`}>Fees earned</h2>
      <div className="row">
        <label>
          Group by
          <select
            className="input"
            value={period}
            onChange={(event) => setPeriod(event.target.value === 'month' ? 'month' : 'day')}
          >
            <option value="day">Day</option>
            <option value="month">Month</option>
          </select>
        </label>
        <button type="button" className="button small" onClick={report.reload}>
          Refresh
        </button>
        <a className="link" href={api.feesEarnedCsvUrl(accountId, period)} download>
          Download CSV
        </a>
      </div>
      {report.error ? (
        <p className="error" role="alert">
          {report.error}
        </p>
      ) : null}
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
        <table className="sales-table" aria-label="Fees earned">
          <thead>
            <tr>
              <th scope="col">{period === 'day' ? 'Day (UTC)' : 'Month'}</th>
              {accountId ? null : <th scope="col">Account</th>}
              <th scope="col">Fees</th>
              <th scope="col">Collected</th>
              <th scope="col">Refunded</th>
              <th scope="col">Net</th>
            </tr>
          </thead>
          <tbody>
            {report.data.rows.map((row) => (
              <tr key={`${row.period}-${row.accountId}-${row.currency}`}>
                <td>{row.period}</td>
                {accountId ? null : <td>{row.businessName}</td>}
                <td>{row.feesCount}</td>
                <td>{money(row.collectedMinor, row.currency)}</td>
                <td>{money(row.refundedMinor, row.currency)}</td>
                <td>{money(row.netMinor, row.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.data && report.data.mismatches.length > 0 ? (
        <p className="error">
          {report.data.mismatches.length} sale(s) recorded a fee that differs from Stripe's application fee.
        </p>
      ) : null}
    </section>
  );
}

export function AuditLog({ api, accountId }: { api: PlatformApi; accountId: string | null }) {
  const log = useLoad(() => api.auditLog(accountId), [api, accountId]);
  return (
    <section className="panel" aria-labelledby={`audit-${accountId ?? 'all'}`}>
      <h2 id={`audit-${accountId ?? 'all'}`}>Audit log</h2>
      <button type="button" className="button small" onClick={log.reload}>
        Refresh
      </button>
      {log.error ? (
        <p className="error" role="alert">
          {log.error}
        </p>
      ) : null}
      <table className="sales-table" aria-label="Audit log">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Target</th>
          </tr>
        </thead>
        <tbody>
          {(log.data?.entries ?? []).slice(0, 50).map((entry) => (
            <tr key={entry.id}>
              <td>{new Date(entry.at).toLocaleString()}</td>
              <td>{entry.actor}</td>
              <td title={JSON.stringify(entry.details)}>{entry.action}</td>
              <td>{entry.target}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
