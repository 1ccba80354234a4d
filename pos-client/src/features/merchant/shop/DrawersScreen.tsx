/**
 * The drawers tab (`/merchant/drawers`): the cash drawer shifts opened on a day (the location's), each with
 * its float, expected and counted cash, over/short and its printable Z report, and their Σ over/short.
 */
import type { MerchantContextResponse } from '@countertop/shared';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../../components/ui/Messages.tsx';
import { EmptyState, LoadingState } from '../../../components/ui/States.tsx';
import { useAsync } from '../../../hooks/use-async.ts';
import { useFormatters } from '../../../hooks/use-formatters.ts';
import { DayField } from '../DateRangeFields.tsx';
import { type MerchantApi, shiftReportUrl } from '../merchant-api.ts';

export function DrawersScreen({
  api,
  context,
  locationId,
  date,
  onDateChange,
}: {
  api: MerchantApi;
  context: MerchantContextResponse;
  locationId: string;
  date: string;
  onDateChange: (date: string) => void;
}) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const scope = locationId === 'all' ? undefined : locationId;
  const shifts = useAsync(() => api.shifts({ locationId: scope, from: date, to: date }), [scope, date]);
  const currency = context.account.currency;
  const staffName = (id: string | null) =>
    id === null ? '—' : (context.staff.find((member) => member.id === id)?.displayName ?? id);
  const d = (key: string) => t(`drawers.${key}`);
  const money = (value: number | null, shiftCurrency: string) =>
    value === null ? '—' : format.money(value, shiftCurrency);
  return (
    <section className="stack" aria-labelledby="drawers-title">
      <div className="row merchant-toolbar">
        <h2 id="drawers-title">{d('title')}</h2>
        <DayField label={t('summary.day')} value={date} onChange={onDateChange} />
        <span className="muted">{t('common:times', { zone: format.zoneName() })}</span>
      </div>
      <p className="muted">{d('intro')}</p>
      <ErrorMessage text={shifts.error} />
      {shifts.loading && !shifts.data && <LoadingState />}
      {shifts.data && shifts.data.shifts.length === 0 && <EmptyState title={d('none')} />}
      {shifts.data && shifts.data.shifts.length > 0 && (
        <DataTable
          label={d('title')}
          columns={[
            d('register'),
            d('opened'),
            d('closed'),
            d('float'),
            d('expected'),
            d('counted'),
            d('overShort'),
            d('report'),
          ]}
          numeric={[d('float'), d('expected'), d('counted'), d('overShort')]}
          footer={
            <tr>
              <th scope="row" colSpan={6}>
                {d('total')}
              </th>
              <td className="num" data-testid="drawers-over-short">
                {format.money(shifts.data.overShortMinor, currency)}
              </td>
              <td />
            </tr>
          }
        >
          {shifts.data.shifts.map((shift) => (
            <tr key={shift.id}>
              <td>{shift.registerCode}</td>
              <td>
                {format.dateTime(shift.openedAt)}
                <div className="muted">{staffName(shift.openedBy)}</div>
              </td>
              <td>
                {shift.closedAt ? format.dateTime(shift.closedAt) : d('open')}
                {shift.closedAt && <div className="muted">{staffName(shift.closedBy)}</div>}
              </td>
              <td className="num">{money(shift.openingFloatMinor, shift.currency)}</td>
              <td className="num">{money(shift.expectedMinor, shift.currency)}</td>
              <td className="num">{money(shift.countedMinor, shift.currency)}</td>
              <td className="num">{money(shift.overShortMinor, shift.currency)}</td>
              <td>
                <a href={shiftReportUrl(shift.id)} target="_blank" rel="noreferrer">
                  {t('drawers.zReport', { register: shift.registerCode })}
                </a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
