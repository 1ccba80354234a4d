/**
 * The account's card readers with their live status (refresh, move to another location, remove), and the
 * form that registers one with its registration code and the way the counter drives it.
 */
import { useState } from 'react';
import { DataTable } from '../../../components/ui/DataTable.tsx';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { useAsync } from '../../../hooks/use-async.ts';
import { FormActions, LocationSelect, Panel, SelectField, TextField } from '../form.tsx';
import type { ResourcePanelProps } from './panel-props.ts';

type Integration = 'js_sdk' | 'server_driven';

const INTEGRATIONS = [
  ['server_driven', 'Server-driven'],
  ['js_sdk', 'JavaScript SDK'],
] as const satisfies readonly (readonly [Integration, string])[];

export function ReadersPanel({ api, accountId, locations }: ResourcePanelProps) {
  const readers = useAsync(() => api.readers(accountId), [api, accountId]);
  const [code, setCode] = useState('simulated-wpe');
  const [label, setLabel] = useState('');
  const [locationId, setLocationId] = useState('');
  const [integration, setIntegration] = useState<Integration>('server_driven');
  const action = useAction();
  return (
    <Panel titleId="readers-title" title="Readers">
      <button type="button" className="button small" onClick={readers.reload}>
        Refresh status
      </button>
      <DataTable
        className="sales-table"
        label="Readers"
        columns={['Label', 'Device', 'Status', 'Location', 'Actions']}
      >
        {(readers.data?.readers ?? []).map((reader) => (
          <tr key={reader.id}>
            <td>{reader.label}</td>
            <td>
              {reader.deviceType} ({reader.integration === 'js_sdk' ? 'JS SDK' : 'server-driven'})
            </td>
            <td>
              {reader.status ?? 'unknown'}
              {reader.busyWith ? ` · busy: ${reader.busyWith}` : ''}
              {reader.heldByRegister ? ` · in use by register ${reader.heldByRegister}` : ''}
              {reader.lastSeenAt ? ` · seen ${new Date(reader.lastSeenAt).toLocaleTimeString()}` : ''}
            </td>
            <td>
              <select
                className="input"
                aria-label={`Move ${reader.label} to`}
                value={reader.locationId}
                onChange={(e) => {
                  const target = e.target.value;
                  action.run(async () => {
                    await api.updateReader(accountId, reader.id, { locationId: target });
                    readers.reload();
                  }, `${reader.label} moved.`);
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
              <button
                type="button"
                className="button small"
                onClick={() =>
                  action.run(async () => {
                    await api.removeReader(accountId, reader.id);
                    readers.reload();
                  }, `${reader.label} removed.`)
                }
              >
                Remove {reader.label}
              </button>
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
      <ActionMessages action={action} successClassName="ok" />
    </Panel>
  );
}
