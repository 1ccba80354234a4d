/** The account's staff (deactivate after a confirmation, reactivate) and the form that adds one with a PIN. */
import { useState } from 'react';
import { Button } from '../../../components/ui/Button.tsx';
import { useConfirm } from '../../../components/ui/Dialog.tsx';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { EmptyState } from '../../../components/ui/States.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { useAsync } from '../../../hooks/use-async.ts';
import { FormActions, Panel, SelectField, TextField } from '../form.tsx';
import type { ResourcePanelProps } from './panel-props.ts';

type Role = 'staff' | 'manager';

const ROLES = [
  ['staff', 'Staff'],
  ['manager', 'Manager'],
] as const satisfies readonly (readonly [Role, string])[];

const ROLE_WORDS: Record<Role, string> = { staff: 'staff', manager: 'manager' };

export function StaffPanel({ api, accountId, locations }: ResourcePanelProps) {
  const staff = useAsync(() => api.staff(accountId), [api, accountId]);
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [pin, setPin] = useState('');
  const [allowed, setAllowed] = useState<string[]>([]);
  const action = useAction();
  const { confirm, dialog } = useConfirm();
  const names = (ids: string[]) =>
    ids.map((id) => locations.find((l) => l.id === id)?.name ?? 'another location').join(', ');
  const members = staff.data?.staff ?? [];
  return (
    <Panel titleId="staff-title" title="Staff">
      {staff.data && members.length === 0 ? (
        <EmptyState title="No staff yet.">
          Add the people who sign in at the counter, with their PIN.
        </EmptyState>
      ) : null}
      <ul>
        {members.map((member) => (
          <li key={member.id}>
            <strong>{member.displayName}</strong> ({ROLE_WORDS[member.role]}) at {names(member.locationIds)}
            {member.active ? '' : ' — inactive'}{' '}
            <Button
              size="small"
              variant={member.active ? 'danger' : 'secondary'}
              onClick={async () => {
                if (member.active) {
                  const confirmed = await confirm({
                    title: `Deactivate ${member.displayName}?`,
                    detail: `${member.displayName} can no longer sign in at the counter. You can reactivate them later.`,
                    confirmLabel: `Deactivate ${member.displayName}`,
                  });
                  if (!confirmed) return;
                }
                await action.run(async () => {
                  await api.updateStaff(accountId, member.id, { active: !member.active });
                  staff.reload();
                });
              }}
            >
              {member.active ? `Deactivate ${member.displayName}` : `Reactivate ${member.displayName}`}
            </Button>
          </li>
        ))}
      </ul>
      <form
        className="platform-form"
        aria-label="Add a staff member"
        onSubmit={(event) => {
          event.preventDefault();
          action.run(async () => {
            await api.addStaff(accountId, { displayName, role, pin, locationIds: allowed });
            setDisplayName('');
            setPin('');
            staff.reload();
          }, 'Staff member added.');
        }}
      >
        <TextField label="Name" required value={displayName} onChange={setDisplayName} />
        <SelectField label="Role" value={role} options={ROLES} onChange={setRole} />
        <TextField
          label="PIN (4 to 8 digits)"
          inputMode="numeric"
          pattern="\d{4,8}"
          required
          value={pin}
          onChange={setPin}
        />
        <fieldset>
          <legend>Can sign in at</legend>
          {locations.map((location) => (
            <label className="check" key={location.id}>
              <input
                type="checkbox"
                checked={allowed.includes(location.id)}
                onChange={(e) =>
                  setAllowed(
                    e.target.checked ? [...allowed, location.id] : allowed.filter((id) => id !== location.id),
                  )
                }
              />
              {location.name}
            </label>
          ))}
        </fieldset>
        <FormActions submitLabel="Add staff member" />
      </form>
      <ActionMessages action={action} />
      {dialog}
    </Panel>
  );
}
