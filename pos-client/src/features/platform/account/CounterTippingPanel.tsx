/** Tipping on the counter screen: on or off, and up to three suggested percentages. */
import { useState } from 'react';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { FormActions, Panel, parsePercentages, TextField } from '../form.tsx';
import type { AccountPanelProps } from './panel-props.ts';

export function CounterTippingPanel({ api, account, onChanged }: AccountPanelProps) {
  const [enabled, setEnabled] = useState(account.tipping.enabled);
  const [percentages, setPercentages] = useState(account.tipping.percentages.join(', '));
  const action = useAction();
  return (
    <Panel titleId="counter-tipping-title" title="Tipping on the counter screen">
      <form
        className="platform-form"
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = parsePercentages(percentages);
          action.run(async () => {
            if (!parsed) throw new Error('Give up to 3 whole percentages, e.g. 15, 18, 20.');
            await api.setCounterTipping(account.id, { enabled, percentages: parsed });
            onChanged();
          }, 'Saved.');
        }}
      >
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Ask for a tip at the counter
        </label>
        <TextField
          label="Suggested percentages (comma separated)"
          value={percentages}
          onChange={setPercentages}
        />
        <FormActions submitLabel="Save tipping" />
      </form>
      <ActionMessages action={action} successClassName="ok" />
    </Panel>
  );
}
