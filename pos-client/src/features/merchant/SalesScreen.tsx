/**
 * The sales list: newest first, for a range of days, with search by amount, card last 4, team member and
 * status, and "Load more" pages (keyset cursors from the server, so it stays fast on large histories).
 */
import {
  type MerchantContextResponse,
  type MerchantSaleSummary,
  minorUnitDigits,
  parseMajorAmount,
} from '@countertop/shared';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { SelectField, TextField } from '../../components/ui/Field.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { EmptyState, LoadingState } from '../../components/ui/States.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAsync } from '../../hooks/use-async.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { createFormatters } from '../../lib/format.ts';
import { DateRangeFields } from './DateRangeFields.tsx';
import { cardBrand, SALE_STATUSES, saleStatus } from './format.ts';
import { exportUrl, type MerchantApi, type Query } from './merchant-api.ts';

const PAGE_SIZE = 50;

interface SalesScreenProps {
  api: MerchantApi;
  context: MerchantContextResponse;
  locationId: string;
  date: string;
  onOpenSale: (saleId: string) => void;
}

/** The pages after the first that "Load more" added, for the query they belong to. */
interface MorePages {
  query: Query;
  sales: MerchantSaleSummary[];
  cursor: string | null;
}

export function SalesScreen({ api, context, locationId, date, onOpenSale }: SalesScreenProps) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const scope = locationId === 'all' ? undefined : locationId;
  const [from, setFrom] = useState(date);
  const [to, setTo] = useState(date);
  const [amount, setAmount] = useState('');
  const [last4, setLast4] = useState('');
  const [staffId, setStaffId] = useState('');
  const [status, setStatus] = useState('');
  const [query, setQuery] = useState<Query>({ locationId: scope, from: date, to: date });
  const firstPage = useAsync(() => api.sales({ ...query, limit: PAGE_SIZE }), [api, query]);
  const [more, setMore] = useState<MorePages | null>(null);
  // "Load more", and a search that cannot run (an amount that does not parse).
  const request = useAction();

  const added = more?.query === query ? more : null;
  const sales = [...(firstPage.data?.sales ?? []), ...(added?.sales ?? [])];
  const cursor = added ? added.cursor : (firstPage.data?.nextCursor ?? null);
  const loading = firstPage.loading || request.pending;
  const error = request.error ?? firstPage.error;

  const search = (event: FormEvent) => {
    event.preventDefault();
    const digits = minorUnitDigits(context.account.currency);
    const amountMinor = amount.trim() === '' ? undefined : parseMajorAmount(amount, context.account.currency);
    if (amountMinor === null) {
      request.fail(t('sales.amountHint', { example: digits === 0 ? '1200' : '12.50' }));
      return;
    }
    request.reset();
    setQuery({
      locationId: scope,
      from,
      to,
      amountMinor,
      last4: last4.trim() || undefined,
      staffId: staffId || undefined,
      status: status || undefined,
    });
  };

  const loadMore = () => {
    if (!cursor) return;
    void request.run(async () => {
      const page = await api.sales({ ...query, limit: PAGE_SIZE, cursor });
      setMore({ query, sales: [...(added?.sales ?? []), ...page.sales], cursor: page.nextCursor });
    });
  };

  const c = (key: string) => t(`sales.columns.${key}`);
  const several = context.locations.length > 1;
  // Each sale at its own location's wall clock.
  const byLocation = useMemo(
    () => new Map(context.locations.map((l) => [l.id, createFormatters(format.locale, l.timeZone)])),
    [context.locations, format.locale],
  );
  const localTime = (sale: MerchantSaleSummary) =>
    (byLocation.get(sale.locationId) ?? format).dateTime(sale.createdAt);
  return (
    <section className="stack" aria-labelledby="sales-title">
      <div className="row merchant-toolbar">
        <h2 id="sales-title">{t('sales.title')}</h2>
        <span className="muted">
          {scope || !several ? t('common:times', { zone: format.zoneName() }) : t('sales.eachZone')}
        </span>
      </div>
      <form className="row merchant-toolbar" onSubmit={search} aria-label={t('sales.search')}>
        <DateRangeFields from={from} to={to} onFrom={setFrom} onTo={setTo} />
        <TextField
          label={t('sales.amount')}
          inputMode="decimal"
          value={amount}
          onChange={setAmount}
          size={8}
        />
        <TextField
          label={t('sales.last4')}
          inputMode="numeric"
          maxLength={4}
          value={last4}
          onChange={setLast4}
          size={5}
        />
        <SelectField
          label={t('sales.staff')}
          value={staffId}
          options={[
            ['', t('sales.anyone')],
            ...context.staff.map((member) => [member.id, member.displayName] as const),
          ]}
          onChange={setStaffId}
        />
        <SelectField
          label={t('sales.status')}
          value={status}
          options={[
            ['', t('sales.any')],
            ...SALE_STATUSES.map((value) => [value, saleStatus(value)] as const),
          ]}
          onChange={setStatus}
        />
        <Button type="submit" variant="primary">
          {t('sales.submit')}
        </Button>
        <a className="button" href={exportUrl('sales', { locationId: scope, from, to })} download>
          {t('sales.download')}
        </a>
      </form>
      <ErrorMessage text={error} />
      <DataTable
        label={t('sales.title')}
        columns={[
          c('time'),
          ...(several ? [c('location')] : []),
          c('items'),
          c('card'),
          c('staff'),
          c('status'),
          c('total'),
        ]}
        numeric={[c('total')]}
      >
        {sales.map((sale) => (
          <tr key={sale.id}>
            <td>
              <a
                href={`/merchant/sales/${encodeURIComponent(sale.id)}`}
                onClick={(event) => {
                  event.preventDefault();
                  onOpenSale(sale.id);
                }}
              >
                {localTime(sale)}
              </a>
            </td>
            {several && (
              <td>
                {context.locations.find((location) => location.id === sale.locationId)?.name ??
                  t('common:none')}
              </td>
            )}
            <td>{sale.itemsSummary || t('common:none')}</td>
            <td>
              {sale.card
                ? t('sales.card', { brand: cardBrand(sale.card.brand), last4: sale.card.last4 })
                : t('common:none')}
            </td>
            <td>{sale.staffName}</td>
            <td>
              {sale.refundedMinor > 0 && sale.status !== 'refunded'
                ? t('sales.refundedPart', {
                    status: saleStatus(sale.status),
                    amount: format.money(sale.refundedMinor, sale.currency),
                  })
                : saleStatus(sale.status)}
            </td>
            <td className="num">{format.money(sale.totalMinor, sale.currency)}</td>
          </tr>
        ))}
      </DataTable>
      {!loading && sales.length === 0 && !error && (
        <EmptyState title={t('sales.none')}>{t('sales.noneHint')}</EmptyState>
      )}
      {loading && <LoadingState />}
      {cursor && !loading && <Button onClick={loadMore}>{t('sales.loadMore')}</Button>}
    </section>
  );
}
