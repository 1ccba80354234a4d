/** The account's registers (revoke one) and the form that adds one with its pairing code. */
import { useState } from 'react';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { useAsync } from '../../../hooks/use-async.ts';
import { FormActions, LocationSelect, Panel, TextField } from '../form.tsx';
import type { ResourcePanelProps } from './panel-props.ts';

export function RegistersPanel({ api, accountId, locations }: ResourcePanelProps) {
  const registers = useAsync(() => api.registers(accountId), [api, accountId]);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [locationId, setLocationId] = useState('');
  const action = useAction();
  const nameOf = (id: string) => locations.find((l) => l.id === id)?.name ?? id;
  return (
    <Panel titleId="registers-title" title="Registers">
      <ul>
        {(registers.data?.registers ?? []).map((register) => (
          <li key={register.id}>
            <strong>{register.code}</strong> {register.name} at {nameOf(register.locationId)}
            {register.revoked ? (
              ' (revoked)'
            ) : (
              <button
                type="button"
                className="button small"
                onClick={() =>
                  action.run(async () => {
                    await api.revokeRegister(accountId, register.id);
                    registers.reload();
                  }, `${register.code} revoked.`)
                }
              >
                Revoke {register.code}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="platform-form"
        aria-label="Add a register"
        onSubmit={(event) => {
          event.preventDefault();
          action.run(async () => {
            await api.createRegister(accountId, { name, code, locationId });
            setName('');
            setCode('');
            registers.reload();
          }, 'Register added: open /register/CODE on the device, or enter the code on its setup screen.');
        }}
      >
        <TextField label="Register name" required value={name} onChange={setName} />
        <TextField label="Pairing code (e.g. MAIN-1)" required value={code} onChange={setCode} />
        <LocationSelect label="Location" locations={locations} value={locationId} onChange={setLocationId} />
        <FormActions submitLabel="Add register" />
      </form>
      <ActionMessages action={action} successClassName="ok" />
    </Panel>
  );
}
