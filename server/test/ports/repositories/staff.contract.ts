import { describe, expect, it } from 'vitest';
import { buildAccount, buildLocation } from '../../support/factories.ts';
import type { RepositoriesHarness } from './harness.ts';

export function describeStaffContract(h: RepositoriesHarness) {
  const { ctx, addStaff, merchant } = h;

  describe('staff', () => {
    it('insert stores the staff member and each allowed location once; findById hides the PIN, findCredentials has it', async () => {
      const account = await buildAccount(ctx());
      const a = await buildLocation(ctx(), account);
      const b = await buildLocation(ctx(), account);
      const c = await buildLocation(ctx(), account);
      const inserted = await h.repos.staff.insert(
        {
          id: 'stf_1',
          accountId: account.id,
          displayName: 'Zoë',
          role: 'manager',
          pinHash: 'hash',
          pinSalt: 'salt',
          locationIds: [a.id, b.id, a.id],
        },
        1_000,
      );
      expect(inserted).toStrictEqual({
        id: 'stf_1',
        accountId: account.id,
        displayName: 'Zoë',
        role: 'manager',
        active: true,
        createdAtMs: 1_000,
      });
      expect(await h.repos.staff.findById('stf_1')).toStrictEqual(inserted);
      expect(await h.repos.staff.findCredentials('stf_1')).toStrictEqual({
        ...inserted,
        pinHash: 'hash',
        pinSalt: 'salt',
      });
      expect(await h.repos.staff.findById('stf_9')).toBeUndefined();
      expect(await h.repos.staff.findCredentials('stf_9')).toBeUndefined();
      expect(await h.repos.staff.isAllowedAtLocation('stf_1', a.id)).toBe(true);
      expect(await h.repos.staff.isAllowedAtLocation('stf_1', b.id)).toBe(true);
      expect(await h.repos.staff.isAllowedAtLocation('stf_1', c.id)).toBe(false);
      expect((await h.raw.console.listStaffOfAccount(account.id))[0]?.locationIds).toStrictEqual(
        [a.id, b.id].sort(),
      );
    });

    it('insert is all or nothing: an unknown location leaves no staff row', async () => {
      const account = await buildAccount(ctx());
      await expect(
        h.repos.staff.insert(
          {
            id: 'stf_bad',
            accountId: account.id,
            displayName: 'Nobody',
            role: 'staff',
            pinHash: 'h',
            pinSalt: 's',
            locationIds: ['loc_does_not_exist'],
          },
          1_000,
        ),
      ).rejects.toThrow();
      expect(await h.repos.staff.findById('stf_bad')).toBeUndefined();
    });

    it('listActiveAtLocation: active staff allowed there, by display name then id', async () => {
      const account = await buildAccount(ctx());
      const here = await buildLocation(ctx(), account);
      const elsewhere = await buildLocation(ctx(), account);
      const bea = await addStaff(account, [here], { displayName: 'Bea', id: 'stf_b' });
      const ann2 = await addStaff(account, [here, elsewhere], { displayName: 'Ann', id: 'stf_z' });
      const ann1 = await addStaff(account, [here], { displayName: 'Ann', id: 'stf_a' });
      await addStaff(account, [elsewhere], { displayName: 'Al' });
      const inactive = await addStaff(account, [here], { displayName: 'Aaron' });
      await h.raw.staff.setActive(inactive.id, false);
      expect(await h.repos.staff.listActiveAtLocation(here.id)).toStrictEqual([ann1, ann2, bea]);
    });

    it('allowAtLocation is idempotent; disallowAtLocation removes only that pair', async () => {
      const { account, location, staff } = await merchant();
      const second = await buildLocation(ctx(), account);
      await h.repos.staff.allowAtLocation(staff.id, second.id);
      await h.repos.staff.allowAtLocation(staff.id, second.id);
      expect(await h.repos.staff.isAllowedAtLocation(staff.id, second.id)).toBe(true);
      expect((await h.raw.console.listStaffOfAccount(account.id))[0]?.locationIds).toStrictEqual(
        [location.id, second.id].sort(),
      );
      await h.repos.staff.disallowAtLocation(staff.id, second.id);
      expect(await h.repos.staff.isAllowedAtLocation(staff.id, second.id)).toBe(false);
      expect(await h.repos.staff.isAllowedAtLocation(staff.id, location.id)).toBe(true);
    });

    it('setActive flips the flag (and the listing); setPin replaces hash and salt only', async () => {
      const { location, staff } = await merchant();
      await h.repos.staff.setActive(staff.id, false);
      expect(await h.repos.staff.findById(staff.id)).toStrictEqual({ ...staff, active: false });
      expect(await h.raw.staff.listActiveAtLocation(location.id)).toStrictEqual([]);
      await h.repos.staff.setActive(staff.id, true);
      expect((await h.repos.staff.findById(staff.id))?.active).toBe(true);
      await h.repos.staff.setPin(staff.id, 'new-hash', 'new-salt');
      expect(await h.raw.staff.findCredentials(staff.id)).toStrictEqual({
        ...staff,
        pinHash: 'new-hash',
        pinSalt: 'new-salt',
      });
    });

    it('setDisplayName renames only; namesAtLocations: the account’s staff allowed at any of the locations, inactive too', async () => {
      const { account, location, staff } = await merchant();
      const second = await buildLocation(ctx(), account);
      const third = await buildLocation(ctx(), account);
      await h.repos.staff.setDisplayName(staff.id, 'Renamed');
      expect(await h.raw.staff.findById(staff.id)).toStrictEqual({ ...staff, displayName: 'Renamed' });
      const both = await addStaff(account, [location, second], { displayName: 'Both' });
      const there = await addStaff(account, [second], { displayName: 'There' });
      const inactive = await addStaff(account, [second], { displayName: 'Away' });
      await h.raw.staff.setActive(inactive.id, false);
      await addStaff(account, [third], { displayName: 'Elsewhere' });
      const stranger = await merchant();
      const names = await h.repos.staff.namesAtLocations(account.id, [location.id, second.id]);
      expect([...names.entries()].sort()).toStrictEqual(
        [
          [staff.id, 'Renamed'],
          [both.id, 'Both'],
          [there.id, 'There'],
          [inactive.id, 'Away'],
        ].sort(),
      );
      expect([...(await h.repos.staff.namesAtLocations(account.id, [third.id])).values()]).toStrictEqual([
        'Elsewhere',
      ]);
      expect(await h.repos.staff.namesAtLocations(stranger.account.id, [location.id])).toStrictEqual(
        new Map(),
      );
      expect(await h.repos.staff.namesAtLocations(account.id, [])).toStrictEqual(new Map());
    });
  });
}
