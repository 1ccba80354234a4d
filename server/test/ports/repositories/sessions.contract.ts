import { describe, expect, it } from 'vitest';
import { buildRegister } from '../../support/factories.ts';
import type { Merchant, RepositoriesHarness } from './harness.ts';

export function describeSessionsContract(h: RepositoriesHarness) {
  const { ctx, addStaff, merchant } = h;

  describe('sessions', () => {
    const session = (m: Merchant, id: string, createdAtMs: number, expiresAtMs: number) => ({
      id,
      tokenHash: `hash-${id}`,
      staffId: m.staff.id,
      registerId: m.register.id,
      csrfToken: `csrf-${id}`,
      createdAtMs,
      expiresAtMs,
      deviceId: null,
    });

    it('deleteByStaff ends every session of one staff member (counted)', async () => {
      const m = await merchant();
      const colleague = await addStaff(m.account, [m.location]);
      await h.raw.sessions.insert(session(m, 'ses_1', 1_000, 9_000));
      await h.raw.sessions.insert(session(m, 'ses_2', 2_000, 9_000));
      await h.raw.sessions.insert({ ...session(m, 'ses_3', 1_000, 9_000), staffId: colleague.id });
      expect(await h.repos.sessions.deleteByStaff(m.staff.id)).toBe(2);
      expect(await h.raw.sessions.findByTokenHash('hash-ses_1')).toBeUndefined();
      expect(await h.raw.sessions.findByTokenHash('hash-ses_2')).toBeUndefined();
      expect(await h.raw.sessions.findByTokenHash('hash-ses_3')).toStrictEqual({
        ...session(m, 'ses_3', 1_000, 9_000),
        staffId: colleague.id,
      });
      expect(await h.repos.sessions.deleteByStaff(m.staff.id)).toBe(0);
    });

    it('insert and findByTokenHash; delete removes one session', async () => {
      const m = await merchant();
      const one = session(m, 'ses_1', 1_000, 9_000);
      await h.repos.sessions.insert(one);
      await h.repos.sessions.insert(session(m, 'ses_2', 1_000, 9_000));
      expect(await h.repos.sessions.findByTokenHash('hash-ses_1')).toStrictEqual(one);
      expect(await h.repos.sessions.findByTokenHash('hash-none')).toBeUndefined();
      await h.repos.sessions.delete('ses_1');
      expect(await h.repos.sessions.findByTokenHash('hash-ses_1')).toBeUndefined();
      expect(await h.repos.sessions.findByTokenHash('hash-ses_2')).toBeDefined();
    });

    it('findCounterSession joins register, location, account and staff exactly as their own reads', async () => {
      const m = await merchant();
      await h.raw.accounts.updateStripeStatus(
        m.account.stripeAccountId,
        {
          chargesEnabled: true,
          detailsSubmitted: false,
          payoutsEnabled: true,
          requirements: { currently_due: ['x'], none: null },
        },
        2_000,
      );
      await h.raw.console.setRiskLimits(m.account.id, { maxSaleMinor: 5_000, maxDailyMinor: null }, 2_500);
      const one = session(m, 'ses_1', 1_000, 9_000);
      await h.raw.sessions.insert(one);
      const found = await h.repos.sessions.findCounterSession('hash-ses_1');
      expect(found).toStrictEqual({
        session: one,
        register: await h.raw.registers.findById(m.register.id),
        location: await h.raw.locations.findById(m.location.id),
        account: await h.raw.accounts.findById(m.account.id),
        staff: await h.raw.staff.findById(m.staff.id),
        allowedAtLocation: true,
        devicePaired: false,
      });
      expect(found?.account?.chargesEnabled).toBe(true);
      expect(found?.account?.detailsSubmitted).toBe(false);
      expect(found?.account?.requirements).toStrictEqual({ currently_due: ['x'], none: null });
      expect(await h.repos.sessions.findCounterSession('hash-none')).toBeUndefined();
    });

    it('findCounterSession: allowedAtLocation is false once the staff member is disallowed there', async () => {
      const m = await merchant();
      await h.raw.sessions.insert(session(m, 'ses_1', 1_000, 9_000));
      await h.raw.staff.disallowAtLocation(m.staff.id, m.location.id);
      await h.raw.registers.revoke(m.register.id, 3_000);
      const found = await h.repos.sessions.findCounterSession('hash-ses_1');
      expect(found?.allowedAtLocation).toBe(false);
      expect(found?.register?.revokedAtMs).toBe(3_000);
      expect(found?.staff?.id).toBe(m.staff.id);
    });

    it('deleteExpired deletes sessions expiring at or before now and counts them', async () => {
      const m = await merchant();
      await h.raw.sessions.insert(session(m, 'ses_a', 1_000, 5_000));
      await h.raw.sessions.insert(session(m, 'ses_b', 1_000, 6_000));
      await h.raw.sessions.insert(session(m, 'ses_c', 1_000, 6_001));
      expect(await h.repos.sessions.deleteExpired(6_000)).toBe(2);
      expect(await h.raw.sessions.findByTokenHash('hash-ses_c')).toBeDefined();
      expect(await h.repos.sessions.deleteExpired(6_000)).toBe(0);
    });

    it('deleteByDevice ends the sessions opened on one device; deleteByRegister every session at the register (counted)', async () => {
      const m = await merchant();
      const otherRegister = await buildRegister(ctx(), m.location);
      for (const [id, registerId] of [
        ['dev_1', m.register.id],
        ['dev_2', m.register.id],
        ['dev_3', otherRegister.id],
      ] as const) {
        await h.raw.registerDevices.insertDevice({
          id,
          registerId,
          tokenHash: `tok-${id}`,
          csrfToken: `csrf-${id}`,
          pairedAtMs: 500,
          pairingCodeId: null,
        });
      }
      const on = (id: string, deviceId: string | null, registerId = m.register.id) => ({
        ...session(m, id, 1_000, 9_000),
        registerId,
        deviceId,
      });
      await h.raw.sessions.insert(on('ses_1', 'dev_1'));
      await h.raw.sessions.insert(on('ses_2', 'dev_1'));
      await h.raw.sessions.insert(on('ses_3', 'dev_2'));
      await h.raw.sessions.insert(on('ses_4', null));
      await h.raw.sessions.insert(on('ses_5', 'dev_3', otherRegister.id));
      expect(await h.raw.sessions.findByTokenHash('hash-ses_1')).toStrictEqual(on('ses_1', 'dev_1'));
      expect((await h.repos.sessions.findCounterSession('hash-ses_1'))?.devicePaired).toBe(true);
      expect((await h.repos.sessions.findCounterSession('hash-ses_4'))?.devicePaired).toBe(false);

      expect(await h.repos.sessions.deleteByDevice('dev_1')).toBe(2);
      expect(await h.repos.sessions.deleteByDevice('dev_1')).toBe(0);
      expect(await h.raw.sessions.findByTokenHash('hash-ses_1')).toBeUndefined();
      expect(await h.raw.sessions.findByTokenHash('hash-ses_2')).toBeUndefined();
      expect(await h.raw.sessions.findByTokenHash('hash-ses_3')).toBeDefined();

      expect(await h.repos.sessions.deleteByRegister(m.register.id)).toBe(2);
      expect(await h.raw.sessions.findByTokenHash('hash-ses_3')).toBeUndefined();
      expect(await h.raw.sessions.findByTokenHash('hash-ses_4')).toBeUndefined();
      expect(await h.raw.sessions.findByTokenHash('hash-ses_5')).toStrictEqual(
        on('ses_5', 'dev_3', otherRegister.id),
      );
      expect(await h.repos.sessions.deleteByRegister(m.register.id)).toBe(0);
    });
  });
}
