/** Payments authorized but not captured yet, with the deadline Stripe gives for capturing each. */
import { formatMoney } from '@countertop/shared';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import type { MerchantApi } from './merchant-api.ts';

export function Authorizations({ api, locationId }: { api: MerchantApi; locationId: string | undefined }) {
  const holds = useAsync(() => api.authorizations({ locationId }), [locationId]);
  return (
    <section className="stack" aria-labelledby="holds-title">
      <h2 id="holds-title">Authorized, not captured</h2>
      {holds.data && holds.data.authorizations.length === 0 && (
        <p className="muted">None. Every payment was captured.</p>
      )}
      {holds.data && holds.data.authorizations.length > 0 && (
        <DataTable className="merchant-table" columns={['Sale', 'Amount', 'Capture before', 'Status']}>
          {holds.data.authorizations.map((hold) => (
            <tr key={hold.saleId}>
              <td>{hold.saleId}</td>
              <td>{formatMoney(hold.amountMinor, hold.currency)}</td>
              <td>
                {new Date(hold.captureBefore).toLocaleString()}
                {hold.captureBeforeSource === 'estimate' ? ' (estimated)' : ''}
              </td>
              <td>
                {hold.nearDeadline ? (
                  <strong className="merchant-warn">Capture soon — expires within a day</strong>
                ) : (
                  'Held'
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
