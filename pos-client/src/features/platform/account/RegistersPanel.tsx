/**
 * The account's registers (revoke one, after a confirmation) and the form that adds one with its pairing
 * code; the confirmation says exactly what to open or type on the device, with the real code and address.
 */
import { useState } from 'react';
import { Button } from '../../../components/ui/Button.tsx';
import { useConfirm } from '../../../components/ui/Dialog.tsx';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { EmptyState } from '../../../components/ui/States.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { useAsync } from '../../../hooks/use-async.ts';
import { FormActions, LocationSelect, Panel, TextField } from '../form.tsx';
import type { ResourcePanelProps } from './panel-props.ts';

/** Where a device pairs itself with a register: `https://pos.example/register/FRONT-1`. */
export function pairingUrl(code: string, origin = window.location.origin): string {
  return `${origin}/register/${encodeURIComponent(code)}`;
}

export function RegistersPanel({ api, accountId, locations }: ResourcePanelProps) {
  const registers = useAsync(() => api.registers(accountId), [api, accountId]);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [locationId, setLocationId] = useState('');
  const action = useAction();
  const { confirm, dialog } = useConfirm();
  const nameOf = (id: string) => locations.find((l) => l.id === id)?.name ?? 'another location';
  const list = registers.data?.registers ?? [];
  return (
    <Panel titleId="registers-title" title="Registers">
      {registers.data && list.length === 0 ? (
        <EmptyState title="No registers yet.">
          Add one below, then pair the device at the counter with its code.
        </EmptyState>
      ) : null}
      <ul>
        {list.map((register) => (
          <li key={register.id}>
            <strong>{register.code}</strong> {register.name} at {nameOf(register.locationId)}
            {register.revoked ? (
              ' (revoked)'
            ) : (
              <Button
                size="small"
                variant="danger"
                onClick={async () => {
                  const confirmed = await confirm({
                    title: `Revoke register ${register.code}?`,
                    detail: `${register.name} at ${nameOf(register.locationId)} signs out and can no longer take payments. This cannot be undone; add a new register to pair the device again.`,
                    confirmLabel: `Revoke ${register.code}`,
                  });
                  if (!confirmed) return;
                  await action.run(async () => {
                    await api.revokeRegister(accountId, register.id);
                    registers.reload();
                  }, `${register.code} revoked.`);
                }}
              >
                Revoke {register.code}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="platform-form"
        aria-label="Add a register"
        onSubmit={(event) => {
          event.preventDefault();
          action.run(
            async () => {
              const { register } = await api.createRegister(accountId, { name, code, locationId });
              setName('');
              setCode('');
              registers.reload();
              return register;
            },
            (register) =>
              `Register ${register.code} added. On the device, open ${pairingUrl(register.code)} — or open ${window.location.origin} and enter ${register.code} on its setup screen.`,
          );
        }}
      >
        <TextField label="Register name" required value={name} onChange={setName} />
        <TextField
          label="Pairing code"
          hint="Letters, digits and dashes, e.g. MAIN-1"
          required
          value={code}
          onChange={setCode}
        />
        <LocationSelect label="Location" locations={locations} value={locationId} onChange={setLocationId} />
        <FormActions submitLabel="Add register" />
      </form>
      <ActionMessages action={action} />
      {dialog}
    </Panel>
  );
}
