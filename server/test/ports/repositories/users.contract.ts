import { describe, expect, it } from 'vitest';
import { buildAccount } from '../../support/factories.ts';
import type { RepositoriesHarness } from './harness.ts';

export function describeUsersContract(h: RepositoriesHarness) {
  const { ctx } = h;

  describe('users', () => {
    it('insert lowercases the email; finders read the user back; credentials carry the password', async () => {
      const account = await buildAccount(ctx());
      const owner = await h.repos.users.insert(
        {
          id: 'usr_1',
          email: 'Owner@Shop.Example',
          role: 'merchant_owner',
          accountId: account.id,
          password: null,
          invitedAtMs: 500,
          activatedAtMs: null,
        },
        1_000,
      );
      expect(owner).toStrictEqual({
        id: 'usr_1',
        email: 'owner@shop.example',
        role: 'merchant_owner',
        accountId: account.id,
        active: true,
        invitedAtMs: 500,
        activatedAtMs: null,
        createdAtMs: 1_000,
      });
      expect(await h.repos.users.findById('usr_1')).toStrictEqual(owner);
      expect(await h.repos.users.findByEmail('OWNER@shop.example')).toStrictEqual(owner);
      expect(await h.repos.users.findCredentialsByEmail('owner@SHOP.example')).toStrictEqual({
        ...owner,
        passwordHash: null,
        passwordSalt: null,
      });
      expect(await h.repos.users.findById('usr_none')).toBeUndefined();
      expect(await h.repos.users.findByEmail('none@example.com')).toBeUndefined();
      expect(await h.repos.users.findCredentialsByEmail('none@example.com')).toBeUndefined();

      const admin = await h.repos.users.insert(
        {
          id: 'usr_2',
          email: 'admin@example.com',
          role: 'platform_admin',
          accountId: null,
          password: { hash: 'h', salt: 's' },
          invitedAtMs: null,
          activatedAtMs: 900,
        },
        1_000,
      );
      expect(admin.accountId).toBeNull();
      expect(await h.repos.users.findCredentialsByEmail('admin@example.com')).toStrictEqual({
        ...admin,
        passwordHash: 'h',
        passwordSalt: 's',
      });
    });

    it('listByAccount by creation then id; countActiveAdmins counts platform admins only', async () => {
      const account = await buildAccount(ctx());
      const other = await buildAccount(ctx());
      const owner = (id: string, accountId: string, atMs: number) =>
        h.repos.users.insert(
          {
            id,
            email: `${id}@example.com`,
            role: 'merchant_owner',
            accountId,
            password: null,
            invitedAtMs: null,
            activatedAtMs: null,
          },
          atMs,
        );
      await owner('usr_c', account.id, 2_000);
      await owner('usr_b', account.id, 1_000);
      await owner('usr_a', account.id, 1_000);
      await owner('usr_o', other.id, 500);
      expect((await h.repos.users.listByAccount(account.id)).map((user) => user.id)).toStrictEqual([
        'usr_a',
        'usr_b',
        'usr_c',
      ]);
      expect(await h.repos.users.countActiveAdmins()).toBe(0);
      for (const id of ['adm_1', 'adm_2']) {
        await h.repos.users.insert(
          {
            id,
            email: `${id}@example.com`,
            role: 'platform_admin',
            accountId: null,
            password: null,
            invitedAtMs: null,
            activatedAtMs: null,
          },
          1_000,
        );
      }
      expect(await h.repos.users.countActiveAdmins()).toBe(2);
    });

    it('setPassword sets the password and marks the user activated the first time only', async () => {
      const account = await buildAccount(ctx());
      const user = await h.raw.users.insert(
        {
          id: 'usr_1',
          email: 'o@example.com',
          role: 'merchant_owner',
          accountId: account.id,
          password: null,
          invitedAtMs: 100,
          activatedAtMs: null,
        },
        100,
      );
      await h.repos.users.setPassword(user.id, { hash: 'h1', salt: 's1' }, 2_000);
      expect(await h.raw.users.findCredentialsByEmail('o@example.com')).toStrictEqual({
        ...user,
        activatedAtMs: 2_000,
        passwordHash: 'h1',
        passwordSalt: 's1',
      });
      await h.repos.users.setPassword(user.id, { hash: 'h2', salt: 's2' }, 3_000);
      expect(await h.raw.users.findCredentialsByEmail('o@example.com')).toStrictEqual({
        ...user,
        activatedAtMs: 2_000,
        passwordHash: 'h2',
        passwordSalt: 's2',
      });
    });

    it('sessions: insert, find by token hash, delete one, delete the expired (counted)', async () => {
      const user = await h.raw.users.insert(
        {
          id: 'usr_1',
          email: 'a@example.com',
          role: 'platform_admin',
          accountId: null,
          password: null,
          invitedAtMs: null,
          activatedAtMs: null,
        },
        1,
      );
      const session = (id: string, expiresAtMs: number) => ({
        id,
        tokenHash: `hash-${id}`,
        userId: user.id,
        csrfToken: `csrf-${id}`,
        createdAtMs: 1_000,
        expiresAtMs,
        lastSeenAtMs: 1_000,
      });
      await h.repos.users.insertSession(session('us_1', 5_000));
      await h.repos.users.insertSession(session('us_2', 6_000));
      await h.repos.users.insertSession(session('us_3', 7_000));
      expect(await h.repos.users.findSessionByTokenHash('hash-us_1')).toStrictEqual(session('us_1', 5_000));
      expect(await h.repos.users.findSessionByTokenHash('hash-none')).toBeUndefined();
      await h.repos.users.deleteSession('us_3');
      expect(await h.repos.users.findSessionByTokenHash('hash-us_3')).toBeUndefined();
      expect(await h.repos.users.deleteExpiredSessions(5_000)).toBe(1);
      expect(await h.repos.users.findSessionByTokenHash('hash-us_2')).toBeDefined();
      expect(await h.repos.users.deleteExpiredSessions(5_000)).toBe(0);
    });

    it('touchSession records the last request only once the previous one is stale; deleteSessionsOfUser ends all but one (counted)', async () => {
      const user = (id: string) =>
        h.raw.users.insert(
          {
            id,
            email: `${id}@example.com`,
            role: 'platform_admin',
            accountId: null,
            password: null,
            invitedAtMs: null,
            activatedAtMs: null,
          },
          1,
        );
      const ann = await user('usr_ann');
      const bob = await user('usr_bob');
      const session = (id: string, userId: string) => ({
        id,
        tokenHash: `hash-${id}`,
        userId,
        csrfToken: `csrf-${id}`,
        createdAtMs: 1_000,
        expiresAtMs: 99_000,
        lastSeenAtMs: 1_000,
      });
      for (const [id, userId] of [
        ['us_a1', ann.id],
        ['us_a2', ann.id],
        ['us_a3', ann.id],
        ['us_b1', bob.id],
      ] as const) {
        await h.raw.users.insertSession(session(id, userId));
      }
      const lastSeen = async (id: string) =>
        (await h.raw.users.findSessionByTokenHash(`hash-${id}`))?.lastSeenAtMs;
      // Seen at 1 000: not stale before 1 000, so nothing is written.
      await h.repos.users.touchSession('us_a1', 5_000, 1_000);
      expect(await lastSeen('us_a1')).toBe(1_000);
      await h.repos.users.touchSession('us_a1', 5_000, 1_001);
      expect(await lastSeen('us_a1')).toBe(5_000);
      expect(await lastSeen('us_a2')).toBe(1_000);
      await h.repos.users.touchSession('us_none', 6_000, 9_000);

      expect(await h.repos.users.deleteSessionsOfUser(ann.id, 'us_a2')).toBe(2);
      expect(await h.raw.users.findSessionByTokenHash('hash-us_a1')).toBeUndefined();
      expect(await h.raw.users.findSessionByTokenHash('hash-us_a3')).toBeUndefined();
      expect(await h.raw.users.findSessionByTokenHash('hash-us_a2')).toStrictEqual(session('us_a2', ann.id));
      expect(await h.raw.users.findSessionByTokenHash('hash-us_b1')).toBeDefined();
      expect(await h.repos.users.deleteSessionsOfUser(ann.id)).toBe(1);
      expect(await h.raw.users.findSessionByTokenHash('hash-us_a2')).toBeUndefined();
      expect(await h.repos.users.deleteSessionsOfUser(ann.id)).toBe(0);
      expect(await h.raw.users.findSessionByTokenHash('hash-us_b1')).toStrictEqual(session('us_b1', bob.id));
    });

    it('invitations: insert, find by token hash, accept once', async () => {
      const account = await buildAccount(ctx());
      const admin = await h.raw.users.insert(
        {
          id: 'adm_1',
          email: 'admin@example.com',
          role: 'platform_admin',
          accountId: null,
          password: null,
          invitedAtMs: null,
          activatedAtMs: null,
        },
        1,
      );
      const owner = await h.raw.users.insert(
        {
          id: 'usr_1',
          email: 'o@example.com',
          role: 'merchant_owner',
          accountId: account.id,
          password: null,
          invitedAtMs: 1_000,
          activatedAtMs: null,
        },
        1,
      );
      const invitation = {
        id: 'inv_1',
        tokenHash: 'hash-inv',
        userId: owner.id,
        invitedByUserId: admin.id,
        createdAtMs: 1_000,
        expiresAtMs: 9_000,
      };
      await h.repos.users.insertInvitation(invitation);
      await h.repos.users.insertInvitation({
        ...invitation,
        id: 'inv_2',
        tokenHash: 'hash-2',
        invitedByUserId: null,
      });
      expect(await h.repos.users.findInvitationByTokenHash('hash-inv')).toStrictEqual({
        ...invitation,
        acceptedAtMs: null,
      });
      expect((await h.repos.users.findInvitationByTokenHash('hash-2'))?.invitedByUserId).toBeNull();
      expect(await h.repos.users.findInvitationByTokenHash('hash-none')).toBeUndefined();
      expect(await h.repos.users.markInvitationAccepted('inv_1', 2_000)).toBe(true);
      expect(await h.repos.users.markInvitationAccepted('inv_1', 3_000)).toBe(false);
      expect((await h.repos.users.findInvitationByTokenHash('hash-inv'))?.acceptedAtMs).toBe(2_000);
      expect(await h.repos.users.markInvitationAccepted('inv_none', 3_000)).toBe(false);
    });
  });
}
