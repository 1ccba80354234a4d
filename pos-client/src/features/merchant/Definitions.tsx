/** What each figure of a summary means, in the words the API states with it (`definitions`), in table order. */
import { useTranslation } from 'react-i18next';
import { FIGURE_ROWS } from './figures.ts';

export function Definitions({ definitions }: { definitions: Record<string, string> }) {
  const { t } = useTranslation('merchant');
  const rows = FIGURE_ROWS.filter((row) => definitions[row.key]);
  if (rows.length === 0) return null;
  return (
    <details className="definitions" open>
      <summary>{t('summary.definitions')}</summary>
      <dl>
        {rows.map((row) => (
          <div key={row.key} data-definition={row.key}>
            <dt>{t(`figures.${row.key}`)}</dt>
            <dd>{definitions[row.key]}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
