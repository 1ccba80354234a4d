import { describe, expect, it } from 'vitest';
import type { RepositoriesHarness } from './harness.ts';

export function describeRegisterDevicesContract(h: RepositoriesHarness) {
  const { merchant } = h;

  describe('registerDevices', () => {
    it('a pairing code pairs once; devices are found with what they pair to, counted and unpaired', async () => {
      const m = await merchant();
      const code = (id: string, codeHash: string, expiresAtMs: number) => ({
        id,
        registerId: m.register.id,
        codeHash,
        createdByLabel: 'admin',
        createdAtMs: 1_000,
        expiresAtMs,
      });
      await h.repos.registerDevices.insertPairingCode(code('pc_1', 'hash-1', 5_000));
      await h.repos.registerDevices.insertPairingCode(code('pc_2', 'hash-2', 1_500));
      await h.repos.registerDevices.insertPairingCode(code('pc_3', 'hash-3', 9_000));
      expect(await h.repos.registerDevices.redeemPairingCode('hash-2', 2_000)).toBeUndefined(); // expired
      expect(await h.repos.registerDevices.redeemPairingCode('hash-1', 2_000)).toStrictEqual({
        id: 'pc_1',
        registerId: m.register.id,
      });
      expect(await h.repos.registerDevices.redeemPairingCode('hash-1', 2_000)).toBeUndefined(); // used
      expect(await h.repos.registerDevices.redeemPairingCode('hash-none', 2_000)).toBeUndefined();
      const device = { id: 'dev_1', registerId: m.register.id, csrfToken: 'csrf-1', pairedAtMs: 2_000 };
      await h.repos.registerDevices.insertDevice({ ...device, tokenHash: 'tok-1', pairingCodeId: 'pc_1' });
      await h.repos.registerDevices.insertDevice({
        ...device,
        id: 'dev_2',
        tokenHash: 'tok-2',
        pairingCodeId: null,
      });
      expect(await h.repos.registerDevices.findPairedDevice('tok-1')).toStrictEqual({
        device,
        register: await h.raw.registers.findById(m.register.id),
        location: await h.raw.locations.findById(m.location.id),
        account: await h.raw.accounts.findById(m.account.id),
      });
      expect(await h.repos.registerDevices.findPairedDevice('tok-none')).toBeUndefined();
      expect(await h.repos.registerDevices.countDevices([m.register.id, 'reg_none'])).toStrictEqual(
        new Map([[m.register.id, 2]]),
      );
      expect(await h.repos.registerDevices.deleteDevice('dev_2')).toBe(true);
      expect(await h.repos.registerDevices.deleteDevice('dev_2')).toBe(false);
      // Not used yet: pc_2 (expired) and pc_3; pc_1 was used, and is pruned later.
      expect(await h.repos.registerDevices.deleteOpenPairingCodes(m.register.id)).toBe(2);
      expect(await h.repos.registerDevices.prunePairingCodes(10_000)).toBe(1);
      expect(await h.repos.registerDevices.deleteDevicesOfRegister(m.register.id)).toBe(1);
      expect(await h.repos.registerDevices.findPairedDevice('tok-1')).toBeUndefined();
    });
  });
}
