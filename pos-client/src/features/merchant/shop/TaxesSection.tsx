/** Each location's taxes: prices include tax or tax is added, its name, a standard and a reduced rate, in words. */
import type { LocationTaxes, MerchantCatalogResponse } from '@countertop/shared';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/Button.tsx';
import { SelectField, TextField } from '../../../components/ui/Field.tsx';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { parsePercent, percentText } from './shop-forms.ts';

export function TaxesSection({
  api,
  catalog,
  onSaved,
}: {
  api: { saveTaxes: (locationId: string, taxes: LocationTaxes) => Promise<unknown> };
  catalog: MerchantCatalogResponse;
  onSaved: () => void;
}) {
  const { t } = useTranslation('merchant');
  return (
    <section className="stack" aria-labelledby="taxes-title">
      <h3 id="taxes-title">{t('taxes.title')}</h3>
      <p className="muted">{t('taxes.intro')}</p>
      <div className="merchant-grid">
        {catalog.locations.map((location) => (
          <LocationTaxesForm
            key={`${location.id}-${JSON.stringify(location.taxes)}`}
            api={api}
            locationId={location.id}
            locationName={location.name}
            taxes={location.taxes}
            onSaved={onSaved}
          />
        ))}
      </div>
    </section>
  );
}

/** The taxes in plain words: "Prices include Consumption tax at 10 % (8 % on reduced items)." */
export function taxesInWords(taxes: LocationTaxes, t: TFunction<'merchant'>): string {
  const standard = `${percentText(taxes.standardRateBps)} %`;
  const main = taxes.pricesIncludeTax
    ? t('taxes.explainIncluded', { name: taxes.taxName, rate: standard })
    : t('taxes.explainAdded', { name: taxes.taxName, rate: standard });
  const reduced =
    taxes.reducedRateBps === null
      ? t('taxes.explainNoReduced')
      : t('taxes.explainReduced', { rate: `${percentText(taxes.reducedRateBps)} %` });
  return `${main} ${reduced} ${t('taxes.explainExempt')}`;
}

function LocationTaxesForm({
  api,
  locationId,
  locationName,
  taxes,
  onSaved,
}: {
  api: { saveTaxes: (locationId: string, taxes: LocationTaxes) => Promise<unknown> };
  locationId: string;
  locationName: string;
  taxes: LocationTaxes;
  onSaved: () => void;
}) {
  const { t } = useTranslation('merchant');
  const [included, setIncluded] = useState<'included' | 'added'>(
    taxes.pricesIncludeTax ? 'included' : 'added',
  );
  const [taxName, setTaxName] = useState(taxes.taxName);
  const [standard, setStandard] = useState(percentText(taxes.standardRateBps));
  const [reduced, setReduced] = useState(
    taxes.reducedRateBps === null ? '' : percentText(taxes.reducedRateBps),
  );
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const standardRateBps = parsePercent(standard);
    const reducedRateBps = reduced.trim() === '' ? null : parsePercent(reduced);
    if (standardRateBps === null) return action.fail(t('taxes.badRate'));
    if (reduced.trim() !== '' && reducedRateBps === null) return action.fail(t('taxes.badRate'));
    const body = {
      pricesIncludeTax: included === 'included',
      taxName: taxName.trim(),
      standardRateBps,
      reducedRateBps,
    };
    if (await action.run(() => api.saveTaxes(locationId, body), t('taxes.saved', { location: locationName })))
      onSaved();
  };
  return (
    <form
      className="stack card"
      aria-label={t('taxes.formFor', { location: locationName })}
      onSubmit={(event) => void submit(event)}
    >
      <h4>{locationName}</h4>
      <p>{taxesInWords(taxes, t)}</p>
      <SelectField
        label={t('taxes.pricing')}
        value={included}
        options={[
          ['added', t('taxes.added')],
          ['included', t('taxes.included')],
        ]}
        onChange={setIncluded}
      />
      <TextField
        label={t('taxes.name')}
        value={taxName}
        onChange={setTaxName}
        required
        maxLength={40}
        hint={t('taxes.nameHint')}
      />
      <TextField
        label={t('taxes.standard')}
        value={standard}
        onChange={setStandard}
        inputMode="decimal"
        required
      />
      <TextField
        label={t('taxes.reduced')}
        value={reduced}
        onChange={setReduced}
        inputMode="decimal"
        hint={t('taxes.reducedHint')}
      />
      <ActionMessages action={action} />
      <div className="row">
        <Button type="submit" variant="primary" disabled={action.pending}>
          {t('taxes.save', { location: locationName })}
        </Button>
      </div>
    </form>
  );
}
