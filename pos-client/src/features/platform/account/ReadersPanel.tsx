/**
 * The account's card readers with their live status (refresh, move to another location, remove), and the
 * form that registers one with its registration code and the way the counter drives it.
 */
import type { PlatformReader } from '@countertop/shared';
import { useState } from 'react';
import { Button } from '../../../components/ui/Button.tsx';
import { DataTable } from '../../../components/ui/DataTable.tsx';
import { useConfirm } from '../../../components/ui/Dialog.tsx';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { EmptyState } from '../../../components/ui/States.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { useAsync } from '../../../hooks/use-async.ts';
import { createFormatters } from '../../../lib/format.ts';
import { FormActions, LocationSelect, Panel, SelectField, TextField } from '../form.tsx';
import type { ResourcePanelProps } from './panel-props.ts';

type Integration = 'js_sdk' | 'server_driven';

const INTEGRATIONS = [
  ['server_driven', 'Server-driven'],
  ['js_sdk', 'JavaScript SDK'],
] as const satisfies readonly (readonly [Integration, string])[];

const BUSY_WORDS: Record<string, string> = {
  process_payment_intent: 'taking a payment',
  collect_payment_method: 'waiting for a card',
  confirm_payment_intent: 'confirming a payment',
  process_setup_intent: 'saving a card',
  refund_payment: 'refunding a payment',
  set_reader_display: 'showing a cart',
};

/** A reader's state in words: "Online · taking a payment · in use by register MISSION-1 · seen 9:05 AM (Pacific Time)". */
export function readerState(reader: PlatformReader, timeZone: string | null): string {
  const format = createFormatters('en-US', timeZone ?? 'UTC');
  return [
    reader.status === 'online'
      ? 'Online'
      : reader.status === 'offline'
        ? 'Offline — check its power and network'
        : 'Status unknown (Stripe did not answer)',
    ...(reader.busyWith ? [BUSY_WORDS[reader.busyWith] ?? `busy (${reader.busyWith})`] : []),
    ...(reader.heldByRegister ? [`in use by register ${reader.heldByRegister}`] : []),
    ...(reader.lastSeenAt ? [`seen ${format.dateTime(reader.lastSeenAt)} (${format.zoneName()})`] : []),
  ].join(' · ');
}

export function ReadersPanel({ api, accountId, locations }: ResourcePanelProps) {
  const readers = useAsync(() => api.readers(accountId), [api, accountId]);
  const [code, setCode] = useState('simulated-wpe');
  const [label, setLabel] = useState('');
  const [locationId, setLocationId] = useState('');
  const [integration, setIntegration] = useState<Integration>('server_driven');
  const action = useAction();
  const { confirm, dialog } = useConfirm();
  const zoneOf = (locationId: string) => locations.find((l) => l.id === locationId)?.timeZone ?? null;
  const list = readers.data?.readers ?? [];
  return (
    <Panel titleId="readers-title" title="Readers">
      <Button size="small" onClick={readers.reload}>
        Refresh status
      </Button>
      {readers.data && list.length === 0 ? (
        <EmptyState title="No readers yet.">Register one below with the code the reader shows.</EmptyState>
      ) : null}
      <DataTable label="Readers" columns={['Label', 'Device', 'Status', 'Location', 'Actions']}>
        {list.map((reader) => (
          <tr key={reader.id}>
            <td>{reader.label}</td>
            <td>
              {reader.deviceType} (
              {reader.integration === 'js_sdk' ? 'driven by the browser' : 'driven by the server'})
            </td>
            <td>{readerState(reader, zoneOf(reader.locationId))}</td>
            <td>
              <select
                className="input"
                aria-label={`Move ${reader.label} to`}
                value={reader.locationId}
                onChange={(e) => {
                  const target = e.target.value;
                  action.run(
                    async () => {
                      await api.updateReader(accountId, reader.id, { locationId: target });
                      readers.reload();
                    },
                    `${reader.label} moved to ${locations.find((l) => l.id === target)?.name ?? 'its new location'}.`,
                  );
                }}
              >
                {locations.map((location) => (
                  <option key={location.id} value={location.id}>
                    {location.name}
                  </option>
                ))}
              </select>
            </td>
            <td>
              <Button
                size="small"
                variant="danger"
                onClick={async () => {
                  const confirmed = await confirm({
                    title: `Remove reader ‘${reader.label}’?`,
                    detail:
                      'The counter can no longer use it; registering it again needs a new registration code from the reader.',
                    confirmLabel: `Remove ${reader.label}`,
                  });
                  if (!confirmed) return;
                  await action.run(async () => {
                    await api.removeReader(accountId, reader.id);
                    readers.reload();
                  }, `${reader.label} removed.`);
                }}
              >
                Remove {reader.label}
              </Button>
            </td>
          </tr>
        ))}
      </DataTable>
      <form
        className="platform-form"
        aria-label="Register a reader"
        onSubmit={(event) => {
          event.preventDefault();
          action.run(async () => {
            await api.registerReader(accountId, { registrationCode: code, label, locationId, integration });
            setLabel('');
            readers.reload();
          }, 'Reader registered.');
        }}
      >
        <TextField
          label="Registration code (simulated-wpe, simulated-s700, simulated-s710 offline)"
          required
          value={code}
          onChange={setCode}
        />
        <TextField label="Reader label" required value={label} onChange={setLabel} />
        <LocationSelect
          label="Reader location"
          locations={locations}
          value={locationId}
          onChange={setLocationId}
        />
        <SelectField
          label="How the counter drives it"
          value={integration}
          options={INTEGRATIONS}
          onChange={setIntegration}
        />
        <FormActions submitLabel="Register reader" />
      </form>
      <ActionMessages action={action} />
      {dialog}
    </Panel>
  );
}
