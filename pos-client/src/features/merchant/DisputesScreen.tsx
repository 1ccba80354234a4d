/**
 * The account's disputes (chargebacks and inquiries), those waiting for an answer first: the amount, the
 * reason and status in words, the deadline in the location's time zone with how long is left, and whose
 * balance carries the money. A row opens the dispute's page (`/merchant/disputes/:id`).
 */
import type { MerchantContextResponse, MerchantDispute } from '@countertop/shared';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { SelectField } from '../../components/ui/Field.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { EmptyState, LoadingState } from '../../components/ui/States.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { createFormatters } from '../../lib/format.ts';
import { sortDisputes, timeLeft } from './disputes.ts';
import type { MerchantApi } from './merchant-api.ts';

type Filter = 'open' | 'closed' | 'all';

/** The reason in the UI language (Stripe's name when it is a reason we have no words for). */
export function disputeReason(
  dispute: Pick<MerchantDispute, 'reason' | 'reasonText'>,
  t: TFunction<'merchant'>,
) {
  return t(`disputes.reason.${dispute.reason}`, { defaultValue: dispute.reasonText });
}

export function disputeStatus(
  dispute: Pick<MerchantDispute, 'status' | 'statusText'>,
  t: TFunction<'merchant'>,
) {
  return t(`disputes.status.${dispute.status}`, { defaultValue: dispute.statusText });
}

/** "Dec 19, 2026, 11:59 PM (5 days left)" in the dispute's location's zone, or "No deadline". */
export function DisputeDeadline({ dispute, nowMs }: { dispute: MerchantDispute; nowMs: number }) {
  const { t } = useTranslation('merchant');
  const base = useFormatters();
  const format = useMemo(
    () => createFormatters(base.locale, dispute.timeZone),
    [base.locale, dispute.timeZone],
  );
  if (!dispute.evidenceDueBy) return <>{t('disputes.noDeadline')}</>;
  const when = format.dateTime(dispute.evidenceDueBy);
  if (dispute.stage !== 'needs_response') return <>{when}</>;
  const left = timeLeft(dispute.evidenceDueBy, nowMs);
  const leftText =
    left.unit === 'past' ? t('disputes.left.past') : t(`disputes.left.${left.unit}`, { count: left.count });
  return (
    <>
      {when} <span className={left.unit === 'days' && left.count > 3 ? 'muted' : 'warn'}>({leftText})</span>
    </>
  );
}

export function DisputesScreen({
  api,
  context,
  locationId,
  onOpenDispute,
  onOpenSale,
}: {
  api: MerchantApi;
  context: MerchantContextResponse;
  locationId: string;
  onOpenDispute: (disputeId: string) => void;
  onOpenSale: (saleId: string) => void;
}) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const [filter, setFilter] = useState<Filter>('all');
  const scope = locationId === 'all' ? undefined : locationId;
  const loaded = useAsync(() => api.disputes({ locationId: scope, status: filter }), [scope, filter]);
  const nowMs = Date.now();
  const disputes = sortDisputes(loaded.data?.disputes ?? []);
  const several = context.locations.length > 1;
  const column = (key: string) => t(`disputes.columns.${key}`);
  const waiting = disputes.filter((dispute) => dispute.stage === 'needs_response').length;

  return (
    <section className="stack" aria-labelledby="disputes-title">
      <div className="row merchant-toolbar">
        <h2 id="disputes-title">{t('disputes.title')}</h2>
        <SelectField
          className="inline"
          label={t('disputes.show')}
          value={filter}
          options={[
            ['all', t('disputes.filter.all')],
            ['open', t('disputes.filter.open')],
            ['closed', t('disputes.filter.closed')],
          ]}
          onChange={setFilter}
        />
        <span className="muted">{t('disputes.eachZone')}</span>
      </div>
      <p className="muted">{t('disputes.intro')}</p>
      {waiting > 0 && <p className="notice">{t('disputes.waiting', { count: waiting })}</p>}
      <ErrorMessage text={loaded.error} />
      {loaded.loading && !loaded.data && <LoadingState />}
      {loaded.data && disputes.length === 0 && <EmptyState title={t('disputes.none')} />}
      {disputes.length > 0 && (
        <DataTable
          label={t('disputes.title')}
          columns={[
            column('opened'),
            ...(several ? [column('location')] : []),
            column('amount'),
            column('reason'),
            column('status'),
            column('dueBy'),
            column('carriedBy'),
            column('sale'),
          ]}
          numeric={[column('amount')]}
        >
          {disputes.map((dispute) => (
            <tr key={dispute.id} data-dispute={dispute.id}>
              <td>
                <a
                  href={`/merchant/disputes/${encodeURIComponent(dispute.id)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    onOpenDispute(dispute.id);
                  }}
                >
                  {format.day(dispute.openedLocal.slice(0, 10))}
                </a>
              </td>
              {several && (
                <td>
                  {context.locations.find((location) => location.id === dispute.locationId)?.name ??
                    t('common:none')}
                </td>
              )}
              <td className="num">{format.money(dispute.amountMinor, dispute.currency)}</td>
              <td>{disputeReason(dispute, t)}</td>
              <td>{disputeStatus(dispute, t)}</td>
              <td>
                <DisputeDeadline dispute={dispute} nowMs={nowMs} />
              </td>
              <td>{t(`disputes.carriedBy.${dispute.carriedBy}`)}</td>
              <td>
                {dispute.saleId ? (
                  <a
                    href={`/merchant/sales/${encodeURIComponent(dispute.saleId)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      onOpenSale(dispute.saleId ?? '');
                    }}
                  >
                    {t('disputes.openSale')}
                  </a>
                ) : (
                  t('common:none')
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
