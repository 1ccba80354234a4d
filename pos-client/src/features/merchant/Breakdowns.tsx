/** A day's sales broken down by payment method, item, team member and (with several) location. */
import { type CurrencySummary, formatMoney, type MerchantContextResponse } from '@countertop/shared';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { capitalize } from '../../lib/format.ts';
import { entryMethod } from './format.ts';

export function Breakdowns({
  summary,
  context,
}: {
  summary: CurrencySummary;
  context: MerchantContextResponse;
}) {
  const staffName = (id: string) => context.staff.find((member) => member.id === id)?.displayName ?? id;
  const locationName = (id: string) => context.locations.find((location) => location.id === id)?.name ?? id;
  const m = (value: number) => formatMoney(value, summary.currency);
  return (
    <div className="merchant-grid">
      <DataTable
        className="merchant-table"
        caption="By payment method"
        columns={['Card', 'Entry', 'Sales', 'Total']}
      >
        {summary.byPaymentMethod.map((row) => (
          <tr key={`${row.cardBrand}-${row.readMethod}`}>
            <td>{capitalize(row.cardBrand)}</td>
            <td>{entryMethod(row.readMethod)}</td>
            <td>{row.salesCount}</td>
            <td>{m(row.totalMinor)}</td>
          </tr>
        ))}
      </DataTable>
      <DataTable className="merchant-table" caption="By item" columns={['Item', 'Sold', 'Gross']}>
        {summary.byItem.map((row) => (
          <tr key={row.itemId ?? row.description}>
            <td>{row.description}</td>
            <td>{row.quantity}</td>
            <td>{m(row.grossSalesMinor)}</td>
          </tr>
        ))}
      </DataTable>
      <DataTable
        className="merchant-table"
        caption="By team member"
        columns={['Name', 'Sales', 'Tips', 'Total']}
      >
        {summary.byStaff.map((row) => (
          <tr key={row.staffId}>
            <td>{staffName(row.staffId)}</td>
            <td>{row.salesCount}</td>
            <td>{m(row.tipsMinor)}</td>
            <td>{m(row.totalMinor)}</td>
          </tr>
        ))}
      </DataTable>
      {summary.byLocation.length > 1 && (
        <DataTable className="merchant-table" caption="By location" columns={['Location', 'Sales', 'Total']}>
          {summary.byLocation.map((row) => (
            <tr key={row.locationId}>
              <td>{locationName(row.locationId)}</td>
              <td>{row.salesCount}</td>
              <td>{m(row.totalMinor)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
