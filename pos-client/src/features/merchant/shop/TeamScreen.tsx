/**
 * The team tab (`/merchant/team`): the staff with their role and locations; add someone (name, role, PIN,
 * locations), rename, change role or locations, reset a PIN, deactivate (a new PIN, a new role or
 * deactivation signs them out of every register); and, for the owner, what each role may do.
 */
import type { Permission, StaffRole, TeamMember, TeamResponse } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/Button.tsx';
import { DataTable } from '../../../components/ui/DataTable.tsx';
import { Dialog, useConfirm } from '../../../components/ui/Dialog.tsx';
import { SelectField, TextField } from '../../../components/ui/Field.tsx';
import { ActionMessages, ErrorMessage } from '../../../components/ui/Messages.tsx';
import { EmptyState, LoadingState } from '../../../components/ui/States.tsx';
import { useToast } from '../../../components/ui/Toast.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { useAsync } from '../../../hooks/use-async.ts';
import type { MerchantApi } from '../merchant-api.ts';
import { Checkbox, FormButtons } from './CatalogForms.tsx';

const PIN = /^\d{4,8}$/;

export function TeamScreen({ api }: { api: MerchantApi }) {
  const { t } = useTranslation('merchant');
  const team = useAsync(() => api.team(), [api]);
  const [editing, setEditing] = useState<{ member: TeamMember | null } | null>(null);
  const { confirm, dialog } = useConfirm();
  const toast = useToast();
  const action = useAction();
  const data = team.data;
  const locationNames = (ids: string[]) =>
    ids.map((id) => data?.locations.find((location) => location.id === id)?.name ?? id).join(', ');

  const setActive = async (member: TeamMember, active: boolean) => {
    if (!active) {
      const yes = await confirm({
        title: t('team.deactivateQuestion', { name: member.displayName }),
        detail: t('team.deactivateDetail'),
        confirmLabel: t('team.deactivate'),
        tone: 'danger',
      });
      if (!yes) return;
    }
    const text = active
      ? t('team.reactivated', { name: member.displayName })
      : t('team.deactivated', { name: member.displayName });
    if (await action.run(() => api.updateTeamMember(member.id, { active }))) {
      toast(text, 'good');
      team.reload();
    }
  };

  return (
    <section className="stack" aria-labelledby="team-title">
      <div className="row merchant-toolbar">
        <h2 id="team-title">{t('team.title')}</h2>
        {data && <Button onClick={() => setEditing({ member: null })}>{t('team.add')}</Button>}
      </div>
      <ErrorMessage text={team.error} />
      <ErrorMessage text={action.error} />
      {team.loading && !data && <LoadingState />}
      {data && data.staff.length === 0 && <EmptyState title={t('team.empty')} />}
      {data && data.staff.length > 0 && (
        <DataTable
          label={t('team.title')}
          columns={[t('team.name'), t('team.role'), t('team.locations'), t('team.status'), t('team.actions')]}
        >
          {data.staff.map((member) => (
            <tr key={member.id}>
              <td>{member.displayName}</td>
              <td>{t(`team.roles.${member.role}`)}</td>
              <td>{locationNames(member.locationIds)}</td>
              <td>{member.active ? t('catalog.active') : t('catalog.inactive')}</td>
              <td className="row">
                {member.canEdit && (
                  <>
                    <Button
                      size="small"
                      onClick={() => setEditing({ member })}
                      aria-label={t('team.editNamed', { name: member.displayName })}
                    >
                      {t('team.edit')}
                    </Button>
                    <Button
                      size="small"
                      variant={member.active ? 'danger' : 'secondary'}
                      disabled={action.pending}
                      onClick={() => void setActive(member, !member.active)}
                      aria-label={t(member.active ? 'team.deactivateNamed' : 'team.reactivateNamed', {
                        name: member.displayName,
                      })}
                    >
                      {member.active ? t('team.deactivate') : t('team.reactivate')}
                    </Button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {data && <RolesEditor api={api} team={data} onSaved={team.reload} />}
      {data && (
        <Dialog
          open={editing !== null}
          title={editing?.member ? t('team.editNamed', { name: editing.member.displayName }) : t('team.add')}
          onClose={() => setEditing(null)}
        >
          {editing && (
            <MemberForm
              api={api}
              team={data}
              member={editing.member}
              onCancel={() => setEditing(null)}
              onSaved={() => {
                setEditing(null);
                team.reload();
              }}
            />
          )}
        </Dialog>
      )}
      {dialog}
    </section>
  );
}

function MemberForm({
  api,
  team,
  member,
  onSaved,
  onCancel,
}: {
  api: MerchantApi;
  team: TeamResponse;
  member: TeamMember | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('merchant');
  const [name, setName] = useState(member?.displayName ?? '');
  const [role, setRole] = useState<StaffRole>(member?.role ?? 'staff');
  const [pin, setPin] = useState('');
  const [locationIds, setLocationIds] = useState<string[]>(
    member?.locationIds ?? (team.locations.length === 1 && team.locations[0] ? [team.locations[0].id] : []),
  );
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ((!member || pin) && !PIN.test(pin)) return action.fail(t('team.badPin'));
    if (locationIds.length === 0) return action.fail(t('team.noLocation'));
    const work = member
      ? () =>
          api.updateTeamMember(member.id, {
            ...(name !== member.displayName ? { displayName: name } : {}),
            ...(role !== member.role ? { role } : {}),
            ...(pin ? { pin } : {}),
            locationIds,
          })
      : () => api.addTeamMember({ displayName: name, role, pin, locationIds });
    if (await action.run(work)) onSaved();
  };
  const signsOut = member && (pin !== '' || role !== member.role);
  return (
    <form className="stack" onSubmit={(event) => void submit(event)}>
      <TextField label={t('team.name')} value={name} onChange={setName} required maxLength={60} />
      <SelectField
        label={t('team.role')}
        value={role}
        options={[
          ['staff', t('team.roles.staff')],
          ['manager', t('team.roles.manager')],
        ]}
        onChange={setRole}
      />
      <TextField
        label={member ? t('team.newPin') : t('team.pin')}
        value={pin}
        onChange={setPin}
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        hint={member ? t('team.newPinHint') : t('team.pinHint')}
        required={!member}
      />
      <fieldset className="stack">
        <legend>{t('team.locations')}</legend>
        {team.locations.map((location) => (
          <Checkbox
            key={location.id}
            label={location.name}
            checked={locationIds.includes(location.id)}
            onChange={(checked) =>
              setLocationIds((list) =>
                checked ? [...list, location.id] : list.filter((id) => id !== location.id),
              )
            }
          />
        ))}
      </fieldset>
      {signsOut && <p className="muted">{t('team.signsOut')}</p>}
      <ActionMessages action={action} />
      <FormButtons pending={action.pending} onCancel={onCancel} />
    </form>
  );
}

function RolesEditor({ api, team, onSaved }: { api: MerchantApi; team: TeamResponse; onSaved: () => void }) {
  const { t } = useTranslation('merchant');
  const [roles, setRoles] = useState(() =>
    Object.fromEntries(team.roles.map((role) => [role.role, role.permissions])),
  );
  const action = useAction();
  const toggle = (role: StaffRole, permission: Permission, on: boolean) =>
    setRoles((all) => {
      const current = all[role] ?? [];
      return {
        ...all,
        [role]: on ? [...current, permission] : current.filter((entry) => entry !== permission),
      };
    });
  const save = async () => {
    const ok = await action.run(async () => {
      for (const role of team.roles) await api.saveRolePermissions(role.role, roles[role.role] ?? []);
    }, t('team.rolesSaved'));
    if (ok) onSaved();
  };
  return (
    <section className="stack" aria-labelledby="roles-title">
      <h3 id="roles-title">{t('team.rolesTitle')}</h3>
      <p className="muted">{team.canEditRoles ? t('team.rolesIntro') : t('team.rolesOwnerOnly')}</p>
      <DataTable
        label={t('team.rolesTitle')}
        columns={[t('team.permission'), ...team.roles.map((role) => t(`team.roles.${role.role}`))]}
      >
        {team.permissions.map((entry) => (
          <tr key={entry.permission}>
            <th scope="row">
              {t(`team.permissions.${entry.permission}`)}
              <div className="muted">{entry.description}</div>
            </th>
            {team.roles.map((role) => (
              <td key={role.role}>
                <Checkbox
                  label={t('team.allows', {
                    role: t(`team.roles.${role.role}`),
                    permission: t(`team.permissions.${entry.permission}`),
                  })}
                  checked={(roles[role.role] ?? []).includes(entry.permission)}
                  disabled={!team.canEditRoles}
                  onChange={(on) => toggle(role.role, entry.permission, on)}
                />
              </td>
            ))}
          </tr>
        ))}
      </DataTable>
      {team.canEditRoles && (
        <div className="row">
          <Button variant="primary" onClick={() => void save()} disabled={action.pending}>
            {t('team.saveRoles')}
          </Button>
        </div>
      )}
      <ActionMessages action={action} />
    </section>
  );
}
