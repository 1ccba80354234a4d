/** A day's sales broken down by payment method, tender, discount, modifier, item, team member and (with several) location. */
import type { CurrencySummary, MerchantContextResponse } from '@countertop/shared';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { cardBrand, entryMethod } from './format.ts';

export function Breakdowns({
  summary,
  context,
}: {
  summary: CurrencySummary;
  context: MerchantContextResponse;
}) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const staffName = (id: string) => context.staff.find((member) => member.id === id)?.displayName ?? id;
  const locationName = (id: string) => context.locations.find((location) => location.id === id)?.name ?? id;
  const m = (value: number) => format.money(value, summary.currency);
  const b = (key: string) => t(`breakdowns.${key}`);
  return (
    <>
      <div className="stack">
        <DataTable
          caption={b('byTender')}
          columns={[b('tender'), b('taken'), b('refunded'), b('net')]}
          numeric={[b('taken'), b('refunded'), b('net')]}
        >
          {summary.byTender.map((row) => (
            <tr key={row.method} data-tender={row.method}>
              <td>{b(`tenders.${row.method}`)}</td>
              <td className="num">{m(row.amountMinor)}</td>
              <td className="num">{m(row.refundsMinor)}</td>
              <td className="num">{m(row.netMinor)}</td>
            </tr>
          ))}
        </DataTable>
        <DataTable
          caption={b('byDiscount')}
          columns={[b('discount'), b('times'), b('takenOff')]}
          numeric={[b('times'), b('takenOff')]}
        >
          {summary.byDiscount.map((row) => (
            <tr key={row.discountId ?? row.name}>
              <td>{row.name}</td>
              <td className="num">{format.number(row.count)}</td>
              <td className="num">{m(row.amountMinor)}</td>
            </tr>
          ))}
        </DataTable>
        <DataTable
          caption={b('byModifier')}
          columns={[b('modifier'), b('times'), b('added')]}
          numeric={[b('times'), b('added')]}
        >
          {summary.byModifier.map((row) => (
            <tr key={row.modifierId ?? row.name}>
              <td>{row.name}</td>
              <td className="num">{format.number(row.quantity)}</td>
              <td className="num">{m(row.amountMinor)}</td>
            </tr>
          ))}
        </DataTable>
      </div>
      <div className="merchant-grid">
        <DataTable
          caption={b('byMethod')}
          columns={[b('card'), b('entry'), b('sales'), b('total')]}
          numeric={[b('sales'), b('total')]}
        >
          {summary.byPaymentMethod.map((row) => (
            <tr key={`${row.cardBrand}-${row.readMethod}`}>
              <td>{cardBrand(row.cardBrand)}</td>
              <td>{entryMethod(row.readMethod)}</td>
              <td className="num">{format.number(row.salesCount)}</td>
              <td className="num">{m(row.totalMinor)}</td>
            </tr>
          ))}
        </DataTable>
        <DataTable
          caption={b('byItem')}
          columns={[b('item'), b('sold'), b('gross')]}
          numeric={[b('sold'), b('gross')]}
        >
          {summary.byItem.map((row) => (
            <tr key={row.itemId ?? row.description}>
              <td>{row.description}</td>
              <td className="num">{format.number(row.quantity)}</td>
              <td className="num">{m(row.grossSalesMinor)}</td>
            </tr>
          ))}
        </DataTable>
        <DataTable
          caption={b('byStaff')}
          columns={[b('name'), b('sales'), b('tips'), b('total')]}
          numeric={[b('sales'), b('tips'), b('total')]}
        >
          {summary.byStaff.map((row) => (
            <tr key={row.staffId}>
              <td>{staffName(row.staffId)}</td>
              <td className="num">{format.number(row.salesCount)}</td>
              <td className="num">{m(row.tipsMinor)}</td>
              <td className="num">{m(row.totalMinor)}</td>
            </tr>
          ))}
        </DataTable>
        {summary.byLocation.length > 1 && (
          <DataTable
            caption={b('byLocation')}
            columns={[b('location'), b('sales'), b('total')]}
            numeric={[b('sales'), b('total')]}
          >
            {summary.byLocation.map((row) => (
              <tr key={row.locationId}>
                <td>{locationName(row.locationId)}</td>
                <td className="num">{format.number(row.salesCount)}</td>
                <td className="num">{m(row.totalMinor)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </div>
    </>
  );
}
