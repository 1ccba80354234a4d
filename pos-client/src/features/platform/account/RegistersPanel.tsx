/**
 * The account's registers: pair a device with one (a one-time code shown once, typed on the device), unpair
 * its devices (their sessions end at once), revoke it; and the form that adds a register.
 */
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
  const [pairing, setPairing] = useState<{ register: string; code: string; expiresAt: string } | null>(null);
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
              <>
                {' '}
                <span className="muted">
                  {register.pairedDevices === 1
                    ? '1 paired device'
                    : `${register.pairedDevices} paired devices`}
                </span>{' '}
                <button
                  type="button"
                  className="button small"
                  onClick={() =>
                    action.run(async () => {
                      const { pairingCode } = await api.pairingCode(accountId, register.id);
                      setPairing({ register: register.code, ...pairingCode });
                      registers.reload();
                    })
                  }
                >
                  Pair a device with {register.code}
                </button>
                {register.pairedDevices > 0 && (
                  <button
                    type="button"
                    className="button small"
                    onClick={() =>
                      action.run(async () => {
                        await api.unpairRegister(accountId, register.id);
                        registers.reload();
                      }, `${register.code}: every device unpaired, their sessions ended.`)
                    }
                  >
                    Unpair {register.code} devices
                  </button>
                )}
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
              </>
            )}
          </li>
        ))}
      </ul>
      {pairing && (
        <output className="banner" aria-label="Pairing code">
          Open the counter (<code>/</code>) on the device for {pairing.register} and type the pairing code{' '}
          <strong data-testid="pairing-code">{pairing.code}</strong>. It works once, until{' '}
          {new Date(pairing.expiresAt).toLocaleString()}.
        </output>
      )}
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
          }, 'Register added: pair a device with it above.');
        }}
      >
        <TextField label="Register name" required value={name} onChange={setName} />
        <TextField label="Register code (e.g. MAIN-1)" required value={code} onChange={setCode} />
        <LocationSelect label="Location" locations={locations} value={locationId} onChange={setLocationId} />
        <FormActions submitLabel="Add register" />
      </form>
      <ActionMessages action={action} successClassName="ok" />
    </Panel>
  );
}
