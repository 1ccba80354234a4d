/**
 * The day's disputes on the daily summary, one column per currency: disputes opened and their amount, money
 * taken back by chargebacks and returned for disputes won, dispute fees, the net effect, won and lost —
 * each dispute on the local day of its location. Says so when there were none.
 */
import type { DisputeDayFigures } from '@countertop/shared';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { useFormatters } from '../../hooks/use-formatters.ts';

const ROWS = [
  { key: 'openedCount', count: true },
  { key: 'openedMinor', count: false },
  { key: 'withdrawnMinor', count: false },
  { key: 'reinstatedMinor', count: false },
  { key: 'feesMinor', count: false },
  { key: 'netMinor', count: false },
  { key: 'wonCount', count: true },
  { key: 'lostCount', count: true },
] as const satisfies readonly { key: keyof DisputeDayFigures; count: boolean }[];

export function DisputeFigures({ figures, day }: { figures: readonly DisputeDayFigures[]; day: string }) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const title = t('summary.disputes.title', { day });
  if (figures.length === 0) {
    return (
      <section className="stack" aria-label={title}>
        <h3>{title}</h3>
        <p className="muted" data-testid="dispute-figures-none">
          {t('summary.disputes.none')}
        </p>
      </section>
    );
  }
  const columns = figures.map((entry) => entry.currency.toUpperCase());
  return (
    <section className="stack" aria-label={title}>
      <h3>{title}</h3>
      <DataTable
        className="figures"
        label={title}
        columns={[t('summary.figure'), ...columns]}
        numeric={columns}
      >
        {ROWS.map((row) => (
          <tr key={row.key} data-dispute-figure={row.key}>
            <th scope="row">{t(`summary.disputes.${row.key}`)}</th>
            {figures.map((entry) => (
              <td key={entry.currency} className="num">
                {row.count ? format.number(entry[row.key]) : format.money(entry[row.key], entry.currency)}
              </td>
            ))}
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
