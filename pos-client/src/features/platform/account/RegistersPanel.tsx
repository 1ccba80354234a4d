/**
 * The account's registers: pair a device with one (a one-time pairing code, shown once, with the address
 * to open on the device), unpair its devices (their sessions end at once) and revoke it, each destructive
 * action after a confirmation; and the form that adds a register with its code (its short name).
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

/**
 * The address that pairs a device with a one-time pairing code: `https://pos.example/pair#7KQ4-M2XH`. The
 * code rides in the fragment, which browsers never send, so it reaches no server or proxy log.
 */
export function pairingUrl(pairingCode: string, origin = window.location.origin): string {
  return `${origin}/pair#${encodeURIComponent(pairingCode)}`;
}

export function RegistersPanel({ api, accountId, locations }: ResourcePanelProps) {
  const registers = useAsync(() => api.registers(accountId), [api, accountId]);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [locationId, setLocationId] = useState('');
  const [pairing, setPairing] = useState<{ register: string; code: string; expiresAt: string } | null>(null);
  const action = useAction();
  const { confirm, dialog } = useConfirm();
  const nameOf = (id: string) => locations.find((l) => l.id === id)?.name ?? 'another location';
  const list = registers.data?.registers ?? [];
  return (
    <Panel titleId="registers-title" title="Registers">
      {registers.data && list.length === 0 ? (
        <EmptyState title="No registers yet.">
          Add one below, then pair its device with a one-time pairing code.
        </EmptyState>
      ) : null}
      <ul>
        {list.map((register) => (
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
                <Button
                  size="small"
                  onClick={() =>
                    action.run(async () => {
                      const { pairingCode } = await api.pairingCode(accountId, register.id);
                      setPairing({ register: register.code, ...pairingCode });
                      registers.reload();
                    })
                  }
                >
                  Pair a device with {register.code}
                </Button>
                {register.pairedDevices > 0 && (
                  <Button
                    size="small"
                    variant="danger"
                    onClick={async () => {
                      const confirmed = await confirm({
                        title: `Unpair every device of register ${register.code}?`,
                        detail: `${register.pairedDevices === 1 ? 'The device' : `All ${register.pairedDevices} devices`} of ${register.name} at ${nameOf(register.locationId)} sign out at once and cannot sign anyone in until paired again with a new pairing code.`,
                        confirmLabel: `Unpair ${register.code} devices`,
                      });
                      if (!confirmed) return;
                      await action.run(async () => {
                        await api.unpairRegister(accountId, register.id);
                        registers.reload();
                      }, `${register.code}: every device unpaired, their sessions ended.`);
                    }}
                  >
                    Unpair {register.code} devices
                  </Button>
                )}
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
              </>
            )}
          </li>
        ))}
      </ul>
      {pairing && (
        <output className="banner" aria-label="Pairing code">
          On the device for {pairing.register}, open <code>{pairingUrl(pairing.code)}</code> — or open{' '}
          <code>{window.location.origin}</code> and type the pairing code{' '}
          <strong data-testid="pairing-code">{pairing.code}</strong> on its setup screen. The code works once,
          until {new Date(pairing.expiresAt).toLocaleString('en-US')}; it is not shown again.
        </output>
      )}
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
              `Register ${register.code} added. To set up its device, choose “Pair a device with ${register.code}” above: it shows a one-time pairing code and the address to open on the device.`,
          );
        }}
      >
        <TextField label="Register name" required value={name} onChange={setName} />
        <TextField
          label="Register code"
          hint="Its short name: letters, digits and dashes, e.g. MAIN-1 (not a secret; devices pair with one-time codes)"
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
