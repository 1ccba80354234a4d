/** Payments authorized but not captured yet, with the deadline Stripe gives for capturing each. */
import type { MerchantContextResponse } from '@countertop/shared';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { EmptyState } from '../../components/ui/States.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { createFormatters } from '../../lib/format.ts';
import type { MerchantApi } from './merchant-api.ts';

export function Authorizations({
  api,
  context,
  locationId,
  onOpenSale,
}: {
  api: MerchantApi;
  context: MerchantContextResponse;
  locationId: string | undefined;
  onOpenSale: (saleId: string) => void;
}) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const holds = useAsync(() => api.authorizations({ locationId }), [locationId]);
  // Each hold's times in its own location's zone.
  const inZoneOf = (holdLocationId: string) => {
    const zone = context.locations.find((location) => location.id === holdLocationId)?.timeZone;
    return zone ? createFormatters(format.locale, zone) : format;
  };
  return (
    <section className="stack" aria-labelledby="holds-title">
      <h2 id="holds-title">{t('holds.title')}</h2>
      {holds.data && holds.data.authorizations.length === 0 && <EmptyState title={t('holds.none')} />}
      {holds.data && holds.data.authorizations.length > 0 && (
        <DataTable
          columns={[t('holds.sale'), t('holds.amount'), t('holds.captureBefore'), t('holds.status')]}
          numeric={[t('holds.amount')]}
        >
          {holds.data.authorizations.map((hold) => {
            const local = inZoneOf(hold.locationId);
            const captureBefore = `${local.dateTime(hold.captureBefore)} (${local.zoneName()})`;
            return (
              <tr key={hold.saleId}>
                <td>
                  <a
                    href={`/merchant/sales/${encodeURIComponent(hold.saleId)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      onOpenSale(hold.saleId);
                    }}
                  >
                    {t('holds.saleAt', {
                      amount: local.money(hold.amountMinor, hold.currency),
                      when: local.dateTime(hold.createdAt),
                    })}
                  </a>
                </td>
                <td className="num">{local.money(hold.amountMinor, hold.currency)}</td>
                <td>
                  {hold.captureBeforeSource === 'estimate'
                    ? t('holds.estimated', { when: captureBefore })
                    : captureBefore}
                </td>
                <td>
                  {hold.nearDeadline ? <strong className="warn">{t('holds.soon')}</strong> : t('holds.held')}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}
