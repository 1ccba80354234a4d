/** The account's risk limits: the largest sale and the most per day the counter may charge (empty: none). */
import { type FormEvent, useState } from 'react';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { FormActions, Panel, TextField } from '../form.tsx';
import { minorToInput, parseAmountToMinor } from '../format.ts';
import type { AccountPanelProps } from './panel-props.ts';

export function RiskLimitsPanel({ api, account, onChanged }: AccountPanelProps) {
  const [perSale, setPerSale] = useState(minorToInput(account.riskLimits.maxSaleMinor, account.currency));
  const [perDay, setPerDay] = useState(minorToInput(account.riskLimits.maxDailyMinor, account.currency));
  const action = useAction();
  const currencyCode = account.currency.toUpperCase();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const maxSaleMinor = parseAmountToMinor(perSale, account.currency);
    const maxDailyMinor = parseAmountToMinor(perDay, account.currency);
    action.run(async () => {
      if (maxSaleMinor === undefined || maxDailyMinor === undefined) {
        throw new Error('Limits must be positive amounts in the account currency, or empty for none.');
      }
      await api.setRiskLimits(account.id, { maxSaleMinor, maxDailyMinor });
      onChanged();
    }, 'Risk limits saved.');
  };
  return (
    <Panel titleId="risk-title" title="Risk limits">
      <form className="platform-form" onSubmit={submit}>
        <TextField
          label={`Maximum per sale (${currencyCode}, empty for none)`}
          inputMode="decimal"
          value={perSale}
          onChange={setPerSale}
        />
        <TextField
          label={`Maximum per day (${currencyCode}, empty for none)`}
          inputMode="decimal"
          value={perDay}
          onChange={setPerDay}
        />
        <FormActions submitLabel="Save limits" primary />
      </form>
      <ActionMessages action={action} successClassName="ok" />
    </Panel>
  );
}
