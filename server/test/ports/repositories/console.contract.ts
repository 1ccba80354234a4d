import { describe, expect, it } from 'vitest';
import { buildAccount, buildLocation, buildReader, buildRegister } from '../../support/factories.ts';
import type { RepositoriesHarness } from './harness.ts';

export function describeConsoleContract(h: RepositoriesHarness) {
  const { ctx, addStaff, merchant, insertSale } = h;

  describe('console', () => {
    it('accountExtras: defaults, then setAccountExtras and setRiskLimits (numbers, nulls)', async () => {
      const account = await buildAccount(ctx());
      expect(await h.repos.console.accountExtras(account.id)).toStrictEqual({
        maxSaleMinor: null,
        maxDailyMinor: null,
        dashboardType: 'express',
        capabilities: [],
      });
      await h.repos.console.setAccountExtras(account.id, {
        dashboardType: 'full',
        capabilities: ['card_payments', 'transfers'],
      });
      await h.repos.console.setRiskLimits(
        account.id,
        { maxSaleMinor: 50_000, maxDailyMinor: 200_000 },
        9_000,
      );
      expect(await h.repos.console.accountExtras(account.id)).toStrictEqual({
        maxSaleMinor: 50_000,
        maxDailyMinor: 200_000,
        dashboardType: 'full',
        capabilities: ['card_payments', 'transfers'],
      });
      expect((await h.raw.accounts.findById(account.id))?.updatedAtMs).toBe(9_000);
      await h.repos.console.setRiskLimits(account.id, { maxSaleMinor: null, maxDailyMinor: 100 }, 9_500);
      expect(await h.repos.console.accountExtras(account.id)).toMatchObject({
        maxSaleMinor: null,
        maxDailyMinor: 100,
      });
      expect(await h.repos.console.accountExtras('acc_none')).toStrictEqual({
        maxSaleMinor: null,
        maxDailyMinor: null,
        dashboardType: 'express',
        capabilities: [],
      });
    });

    it('setFeePlan and setAccountTipping change the account’s plan and tipping only', async () => {
      const account = await buildAccount(ctx());
      await h.repos.console.setFeePlan(
        account.id,
        { bps: 300, fixedMinor: 25, minMinor: 20, maxMinor: 900 },
        null,
        5_000,
      );
      await h.repos.console.setAccountTipping(account.id, { enabled: false, percentages: [10, 12.5] }, 6_000);
      expect(await h.raw.accounts.findById(account.id)).toStrictEqual({
        ...account,
        feePlan: { bps: 300, fixedMinor: 25, minMinor: 20, maxMinor: 900 },
        tipping: { enabled: false, percentages: [10, 12.5] },
        updatedAtMs: 6_000,
      });
      // All or nothing: an unknown user in the history row undoes the plan change too.
      await expect(
        h.repos.console.setFeePlan(
          account.id,
          { bps: 1, fixedMinor: 0, minMinor: 0, maxMinor: null },
          'usr_none',
          7_000,
        ),
      ).rejects.toThrow();
      expect((await h.raw.accounts.findById(account.id))?.feePlan.bps).toBe(300);
    });

    it('defaultFeePlan: none until set; setDefaultFeePlan creates the platform row; save keeps the plan', async () => {
      expect(await h.repos.console.defaultFeePlan()).toStrictEqual({
        bps: 0,
        fixedMinor: 0,
        minMinor: 0,
        maxMinor: null,
      });
      await h.repos.console.setDefaultFeePlan(
        { bps: 250, fixedMinor: 15, minMinor: 0, maxMinor: null },
        null,
        1_000,
      );
      expect(await h.repos.console.defaultFeePlan()).toStrictEqual({
        bps: 250,
        fixedMinor: 15,
        minMinor: 0,
        maxMinor: null,
      });
      expect(await h.raw.platform.find()).toStrictEqual({
        name: 'Countertop',
        stripeAccountId: null,
        createdAtMs: 1_000,
        updatedAtMs: 1_000,
      });
      await h.raw.platform.save({ name: 'Renamed', stripeAccountId: 'acct_p' }, 2_000);
      await h.db.transaction((tx) =>
        tx.console.setDefaultFeePlan({ bps: 100, fixedMinor: 5, minMinor: 1, maxMinor: 400 }, null, 3_000),
      );
      expect(await h.repos.console.defaultFeePlan()).toStrictEqual({
        bps: 100,
        fixedMinor: 5,
        minMinor: 1,
        maxMinor: 400,
      });
      expect(await h.raw.platform.find()).toStrictEqual({
        name: 'Renamed',
        stripeAccountId: 'acct_p',
        createdAtMs: 1_000,
        updatedAtMs: 3_000,
      });
    });

    it('locationExtras: empty by default; setLocationExtras round-trips the tipping JSON and clears it', async () => {
      const { location } = await merchant();
      expect(await h.repos.console.locationExtras(location.id)).toStrictEqual({
        tipping: null,
        terminalConfigurationId: null,
      });
      const tipping = {
        percentages: [15, 18, 22.5],
        fixedAmountsMinor: [100, 200],
        smartTipThresholdMinor: null,
      };
      await h.repos.console.setLocationExtras(location.id, { tipping, terminalConfigurationId: 'tmc_1' });
      expect(await h.repos.console.locationExtras(location.id)).toStrictEqual({
        tipping,
        terminalConfigurationId: 'tmc_1',
      });
      await h.repos.console.setLocationExtras(location.id, { tipping: null, terminalConfigurationId: null });
      expect(await h.repos.console.locationExtras(location.id)).toStrictEqual({
        tipping: null,
        terminalConfigurationId: null,
      });
      // The location's own record is untouched.
      expect(await h.raw.locations.findById(location.id)).toStrictEqual(location);
    });

    it('readers of the account: list (by label), move, relabel, remove (frees the Stripe id)', async () => {
      const m = await merchant();
      const second = await buildLocation(ctx(), m.account);
      const other = await merchant();
      const b = await buildReader(ctx(), m.location, { label: 'B', stripeReaderId: 'tmr_b' });
      const a = await buildReader(ctx(), second, { label: 'A', stripeReaderId: 'tmr_a' });
      await buildReader(ctx(), other.location, { label: 'Other' });
      expect(await h.repos.console.listReadersOfAccount(m.account.id)).toStrictEqual([a, b]);

      await h.repos.console.moveReader(b.id, second.id, 'tmr_b2');
      await h.repos.console.relabelReader(b.id, '0 First');
      const moved = { ...b, locationId: second.id, stripeReaderId: 'tmr_b2', label: '0 First' };
      expect(await h.raw.readers.findById(b.id)).toStrictEqual(moved);
      expect(await h.raw.readers.listByLocation(second.id)).toStrictEqual([moved, a]);

      expect(await h.repos.console.isReaderRemoved(a.id)).toBe(false);
      await h.repos.console.removeReader(a.id, 5_000);
      expect(await h.repos.console.isReaderRemoved(a.id)).toBe(true);
      expect(await h.repos.console.isReaderRemoved('rdr_none')).toBe(false);
      expect((await h.raw.readers.findById(a.id))?.stripeReaderId).toBe(`tmr_a:removed:${a.id}`);
      expect(await h.repos.console.listReadersOfAccount(m.account.id)).toStrictEqual([moved]);
      // Its Stripe id can be registered again.
      const again = await buildReader(ctx(), second, { stripeReaderId: 'tmr_a' });
      expect((await h.raw.readers.findByStripeReaderId('tmr_a'))?.id).toBe(again.id);
    });

    it('registerHoldingReader: the register of the newest sale being paid on the reader, or null', async () => {
      const m = await merchant();
      const register2 = await buildRegister(ctx(), m.location, { code: 'HOLD-2' });
      const reader = await buildReader(ctx(), m.location);
      expect(await h.repos.console.registerHoldingReader(reader.id)).toBeNull();
      const s1 = await insertSale(m);
      const s2 = await insertSale({ ...m, register: register2 });
      await h.raw.sales.update(s1.id, { status: 'awaiting_payment', readerId: reader.id }, 1_000);
      expect(await h.repos.console.registerHoldingReader(reader.id)).toBe(m.register.code);
      await h.raw.sales.update(s2.id, { status: 'processing', readerId: reader.id }, 2_000);
      expect(await h.repos.console.registerHoldingReader(reader.id)).toBe('HOLD-2');
      await h.raw.sales.update(s2.id, { status: 'succeeded' }, 3_000);
      await h.raw.sales.update(s1.id, { status: 'payment_failed' }, 3_000);
      expect(await h.repos.console.registerHoldingReader(reader.id)).toBeNull();
    });

    it('listRegistersOfAccount: paired ones first, each group by code', async () => {
      const m = await merchant();
      const second = await buildLocation(ctx(), m.account);
      const other = await merchant();
      const z = await buildRegister(ctx(), second, { code: 'Z-1' });
      const a = await buildRegister(ctx(), second, { code: 'A-1' });
      const revokedA = await buildRegister(ctx(), m.location, { code: 'AA-0' });
      await h.raw.registers.revoke(revokedA.id, 5_000);
      await buildRegister(ctx(), other.location, { code: 'B-0' });
      expect((await h.repos.console.listRegistersOfAccount(m.account.id)).map((r) => r.code)).toStrictEqual(
        [a.code, m.register.code, z.code].sort().concat([revokedA.code]),
      );
      const listed = await h.repos.console.listRegistersOfAccount(m.account.id);
      expect(listed.at(-1)).toStrictEqual({ ...revokedA, revokedAtMs: 5_000 });
    });

    it('listStaffOfAccount (active first, by name, with locations); setStaffRole; setStaffLocations', async () => {
      const account = await buildAccount(ctx());
      const l1 = await buildLocation(ctx(), account, { id: 'loc_s1' });
      const l2 = await buildLocation(ctx(), account, { id: 'loc_s2' });
      const zed = await addStaff(account, [l2, l1], { displayName: 'Zed', id: 'stf_z' });
      const amy = await addStaff(account, [], { displayName: 'Amy', id: 'stf_a' });
      const abe = await addStaff(account, [l1], { displayName: 'Abe', id: 'stf_b' });
      await h.raw.staff.setActive(abe.id, false);
      await h.repos.console.setStaffRole(amy.id, 'manager');
      expect(await h.repos.console.listStaffOfAccount(account.id)).toStrictEqual([
        { id: amy.id, displayName: 'Amy', role: 'manager', active: true, locationIds: [] },
        { id: zed.id, displayName: 'Zed', role: 'staff', active: true, locationIds: ['loc_s1', 'loc_s2'] },
        { id: abe.id, displayName: 'Abe', role: 'staff', active: false, locationIds: ['loc_s1'] },
      ]);
      expect((await h.raw.staff.findById(amy.id))?.role).toBe('manager');

      await h.repos.console.setStaffLocations(zed.id, ['loc_s2', 'loc_s2']);
      expect(await h.raw.staff.isAllowedAtLocation(zed.id, 'loc_s1')).toBe(false);
      expect(await h.raw.staff.isAllowedAtLocation(zed.id, 'loc_s2')).toBe(true);
      await h.db.transaction((tx) => tx.console.setStaffLocations(amy.id, ['loc_s1', 'loc_s2']));
      await h.repos.console.setStaffLocations(abe.id, []);
      const after = await h.repos.console.listStaffOfAccount(account.id);
      expect(after.map((s) => [s.id, s.locationIds])).toStrictEqual([
        [amy.id, ['loc_s1', 'loc_s2']],
        [zed.id, ['loc_s2']],
        [abe.id, []],
      ]);
      // All or nothing: an unknown location keeps the previous ones.
      await expect(h.repos.console.setStaffLocations(zed.id, ['loc_s1', 'loc_none'])).rejects.toThrow();
      expect(await h.raw.staff.isAllowedAtLocation(zed.id, 'loc_s2')).toBe(true);
      expect(await h.raw.staff.isAllowedAtLocation(zed.id, 'loc_s1')).toBe(false);
      expect(await h.repos.console.listStaffOfAccount('acc_none')).toStrictEqual([]);
    });

    it('salesTotalOfAccount: Σ totals of sales being paid or paid, created in [from, to)', async () => {
      const m = await merchant();
      const other = await merchant();
      expect(await h.repos.console.salesTotalOfAccount(m.account.id, 0, 10_000)).toBe(0);
      const statuses = [
        ['awaiting_payment', 1],
        ['processing', 2],
        ['requires_capture', 4],
        ['succeeded', 8],
        ['partially_refunded', 16],
        ['open', 32],
        ['canceled', 64],
        ['payment_failed', 128],
        ['refunded', 256],
      ] as const;
      for (const [status, totalMinor] of statuses) {
        const sale = await insertSale(m, { createdAtMs: 1_000, totalMinor });
        await h.raw.sales.update(sale.id, { status }, 1_000);
      }
      for (const createdAtMs of [999, 2_000]) {
        const sale = await insertSale(m, { createdAtMs, totalMinor: 1_000 });
        await h.raw.sales.update(sale.id, { status: 'succeeded' }, createdAtMs);
      }
      const boundary = await insertSale(m, { createdAtMs: 1_999, totalMinor: 2_000 });
      await h.raw.sales.update(boundary.id, { status: 'succeeded' }, 1_999);
      const others = await insertSale(other, { createdAtMs: 1_000, totalMinor: 4_000 });
      await h.raw.sales.update(others.id, { status: 'succeeded' }, 1_000);
      expect(await h.repos.console.salesTotalOfAccount(m.account.id, 1_000, 2_000)).toBe(
        1 + 2 + 4 + 8 + 16 + 2_000,
      );
    });
  });
}
