/**
 * The item library as CSV: a download link, and an import that is checked first (a dry run that lists each
 * refused row's problem) and only then written.
 */
import type { CatalogImportBody, CatalogImportResponse, CsvRowError } from '@countertop/shared';
import { type ChangeEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/Button.tsx';
import { DataTable } from '../../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { errorText } from '../../../lib/errors.ts';
import { CATALOG_CSV_URL } from '../merchant-api.ts';
import { csvRowErrors } from './shop-forms.ts';

export function CsvSection({
  api,
  onImported,
}: {
  api: { importCatalog: (body: CatalogImportBody) => Promise<CatalogImportResponse> };
  onImported: () => void;
}) {
  const { t } = useTranslation('merchant');
  const id = useId();
  const [csv, setCsv] = useState('');
  const [checked, setChecked] = useState<{ csv: string; result: CatalogImportResponse } | null>(null);
  const [rows, setRows] = useState<CsvRowError[] | null>(null);
  const [done, setDone] = useState<CatalogImportResponse | null>(null);
  const action = useAction((failure) => (csvRowErrors(failure) ? t('csv.refused') : errorText(failure)));

  const run = async (dryRun: boolean) => {
    setRows(null);
    setDone(null);
    let result: CatalogImportResponse | null = null;
    let failure: unknown = null;
    await action.run(async () => {
      try {
        result = await api.importCatalog({ csv, dryRun });
      } catch (error) {
        failure = error;
        throw error;
      }
    });
    if (failure) setRows(csvRowErrors(failure));
    if (!result) return;
    if (dryRun) setChecked({ csv, result });
    else {
      setChecked(null);
      setDone(result);
      onImported();
    }
  };

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setCsv(await file.text());
  };
  const ready = checked !== null && checked.csv === csv;
  const counts = (result: CatalogImportResponse) => t('csv.counts', { ...result });

  return (
    <section className="stack" aria-labelledby="csv-title">
      <h3 id="csv-title">{t('csv.title')}</h3>
      <p className="muted">{t('csv.intro')}</p>
      <div className="row">
        <a className="button" href={CATALOG_CSV_URL} download>
          {t('csv.download')}
        </a>
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('csv.file')}</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => void readFile(event)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('csv.text')}</label>
        <textarea
          id={`${id}-text`}
          className="input"
          rows={6}
          value={csv}
          onChange={(event) => setCsv(event.target.value)}
        />
      </div>
      <div className="row">
        <Button onClick={() => void run(true)} disabled={!csv.trim() || action.pending}>
          {t('csv.check')}
        </Button>
        <Button variant="primary" onClick={() => void run(false)} disabled={!ready || action.pending}>
          {t('csv.import')}
        </Button>
      </div>
      {ready && checked && <p role="status">{t('csv.checked', { counts: counts(checked.result) })}</p>}
      {done && <p role="status">{t('csv.imported', { counts: counts(done) })}</p>}
      <ErrorMessage text={action.error} />
      {rows && rows.length > 0 && (
        <DataTable
          label={t('csv.problems')}
          columns={[t('csv.row'), t('csv.problem')]}
          numeric={[t('csv.row')]}
        >
          {rows.map((row) => (
            <tr key={`${row.row}-${row.message}`}>
              <td className="num">{row.row}</td>
              <td>{row.message}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
