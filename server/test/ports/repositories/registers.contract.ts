import { describe, expect, it } from 'vitest';
import { buildAccount, buildLocation, buildRegister } from '../../support/factories.ts';
import type { RepositoriesHarness } from './harness.ts';

export function describeRegistersContract(h: RepositoriesHarness) {
  const { ctx, merchant } = h;

  describe('registers', () => {
    it('insert, findById, findByCode, listByLocation (by code)', async () => {
      const account = await buildAccount(ctx());
      const location = await buildLocation(ctx(), account);
      const other = await buildLocation(ctx(), account);
      const second = await h.repos.registers.insert(
        { id: 'reg_2', code: 'MISSION-2', name: 'Back', locationId: location.id },
        1_000,
      );
      const first = await h.repos.registers.insert(
        { id: 'reg_1', code: 'MISSION-1', name: 'Front', locationId: location.id },
        2_000,
      );
      await h.repos.registers.insert({ id: 'reg_3', code: 'ELSE-1', name: 'x', locationId: other.id }, 1_000);
      expect(first).toStrictEqual({
        id: 'reg_1',
        code: 'MISSION-1',
        name: 'Front',
        locationId: location.id,
        createdAtMs: 2_000,
        revokedAtMs: null,
      });
      expect(await h.repos.registers.findById('reg_1')).toStrictEqual(first);
      expect(await h.repos.registers.findByCode('MISSION-2')).toStrictEqual(second);
      expect(await h.repos.registers.findByCode('MISSION-9')).toBeUndefined();
      expect(await h.repos.registers.findById('reg_9')).toBeUndefined();
      expect(await h.repos.registers.listByLocation(location.id)).toStrictEqual([first, second]);
    });

    it('revoke sets revokedAtMs once: true, then false; false for an unknown register', async () => {
      const { register } = await merchant();
      expect(await h.repos.registers.revoke(register.id, 7_000)).toBe(true);
      expect((await h.repos.registers.findById(register.id))?.revokedAtMs).toBe(7_000);
      expect(await h.repos.registers.revoke(register.id, 8_000)).toBe(false);
      expect((await h.repos.registers.findById(register.id))?.revokedAtMs).toBe(7_000);
      expect(await h.repos.registers.revoke('reg_unknown', 8_000)).toBe(false);
    });

    it('nextReceiptNumber: the register’s code and its own count from 1; an unknown register throws', async () => {
      const { location, register } = await merchant();
      const second = await buildRegister(ctx(), location, { code: 'SECOND-1' });
      expect(await h.repos.registers.nextReceiptNumber(register.id)).toBe(`${register.code}-1`);
      expect(await h.repos.registers.nextReceiptNumber(register.id)).toBe(`${register.code}-2`);
      expect(await h.repos.registers.nextReceiptNumber(second.id)).toBe('SECOND-1-1');
      expect(await h.repos.registers.nextReceiptNumber(register.id)).toBe(`${register.code}-3`);
      // A number given back (its sale was not recorded) is the next one given.
      await h.repos.registers.returnReceiptNumber(register.id);
      expect(await h.repos.registers.nextReceiptNumber(register.id)).toBe(`${register.code}-3`);
      expect(await h.repos.registers.nextReceiptNumber(second.id)).toBe('SECOND-1-2');
      await expect(h.repos.registers.nextReceiptNumber('reg_unknown')).rejects.toThrow();
    });
  });
}
