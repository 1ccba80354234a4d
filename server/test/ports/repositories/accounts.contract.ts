import { describe, expect, it } from 'vitest';
import type { NewAccount } from '../../../src/db/repositories/accounts.repo.ts';
import type { RepositoriesHarness } from './harness.ts';

export function describeAccountsContract(h: RepositoriesHarness) {
  describe('accounts', () => {
    const newAccount = (id: string, overrides: Partial<NewAccount> = {}): NewAccount => ({
      id,
      stripeAccountId: `acct_${id}`,
      businessName: `Shop ${id}`,
      country: 'US',
      currency: 'usd',
      chargeType: 'direct',
      captureMethod: 'manual',
      feePlan: { bps: 150, fixedMinor: 10, minMinor: 0, maxMinor: null },
      tipping: { enabled: false, percentages: [] },
      ...overrides,
    });

    it('insert normalises country and currency and returns what findById and findByStripeAccountId read', async () => {
      const inserted = await h.repos.accounts.insert(
        newAccount('acc_a', {
          businessName: 'Café Ünïcode — “quoted”',
          country: 'us',
          currency: 'USD',
          chargeType: 'destination',
          captureMethod: 'automatic',
          feePlan: { bps: 290, fixedMinor: 30, minMinor: 5, maxMinor: 500 },
          tipping: { enabled: true, percentages: [15, 17.5, 20] },
        }),
        1_000,
      );
      expect(inserted).toStrictEqual({
        id: 'acc_a',
        stripeAccountId: 'acct_acc_a',
        businessName: 'Café Ünïcode — “quoted”',
        country: 'US',
        currency: 'usd',
        chargeType: 'destination',
        captureMethod: 'automatic',
        feePlan: { bps: 290, fixedMinor: 30, minMinor: 5, maxMinor: 500 },
        tipping: { enabled: true, percentages: [15, 17.5, 20] },
        chargesEnabled: false,
        detailsSubmitted: false,
        payoutsEnabled: false,
        requirements: {},
        standing: {
          disconnectedAtMs: null,
          disconnectedReason: null,
          rejectedAtMs: null,
          rejectedReason: null,
        },
        createdAtMs: 1_000,
        updatedAtMs: 1_000,
      });
      expect(await h.repos.accounts.findById('acc_a')).toStrictEqual(inserted);
      expect(await h.repos.accounts.findByStripeAccountId('acct_acc_a')).toStrictEqual(inserted);
      expect(await h.repos.accounts.findById('acc_missing')).toBeUndefined();
      expect(await h.repos.accounts.findByStripeAccountId('acct_missing')).toBeUndefined();
      // A null ceiling stays null.
      const plain = await h.repos.accounts.insert(newAccount('acc_b'), 1_000);
      expect(plain.feePlan.maxMinor).toBeNull();
      expect((await h.repos.accounts.findById('acc_b'))?.feePlan).toStrictEqual({
        bps: 150,
        fixedMinor: 10,
        minMinor: 0,
        maxMinor: null,
      });
    });

    it('list orders by creation time then id; count counts every account', async () => {
      expect(await h.repos.accounts.count()).toBe(0);
      expect(await h.repos.accounts.list()).toStrictEqual([]);
      await h.repos.accounts.insert(newAccount('acc_b'), 2_000);
      await h.repos.accounts.insert(newAccount('acc_c'), 1_000);
      await h.repos.accounts.insert(newAccount('acc_a'), 1_000);
      expect((await h.repos.accounts.list()).map((account) => account.id)).toStrictEqual([
        'acc_a',
        'acc_c',
        'acc_b',
      ]);
      expect(await h.repos.accounts.count()).toBe(3);
    });

    it('markDisconnected keeps the first disconnection (a deauthorization replaces a revoked access); setRejection keeps the first time per reason, null clears', async () => {
      const account = await h.raw.accounts.insert(newAccount('acc_s'), 1_000);
      const other = await h.raw.accounts.insert(newAccount('acc_t'), 1_000);
      const clear = {
        disconnectedAtMs: null,
        disconnectedReason: null,
        rejectedAtMs: null,
        rejectedReason: null,
      };
      const standing = async () => (await h.raw.accounts.findById(account.id))?.standing;
      expect(await h.repos.accounts.markDisconnected('acct_acc_s', 'access_revoked', 2_000, 2_500)).toBe(
        true,
      );
      expect(await h.raw.accounts.findById(account.id)).toStrictEqual({
        ...account,
        standing: { ...clear, disconnectedAtMs: 2_000, disconnectedReason: 'access_revoked' },
        updatedAtMs: 2_500,
      });
      expect(await h.repos.accounts.markDisconnected('acct_acc_s', 'access_revoked', 3_000, 3_500)).toBe(
        false,
      );
      expect(await h.repos.accounts.markDisconnected('acct_acc_s', 'deauthorized', 4_000, 4_500)).toBe(true);
      expect(await standing()).toStrictEqual({
        ...clear,
        disconnectedAtMs: 4_000,
        disconnectedReason: 'deauthorized',
      });
      expect(await h.repos.accounts.markDisconnected('acct_acc_s', 'deauthorized', 5_000, 5_500)).toBe(false);
      expect(await h.repos.accounts.markDisconnected('acct_acc_s', 'access_revoked', 5_000, 5_500)).toBe(
        false,
      );
      expect((await h.raw.accounts.findById(account.id))?.updatedAtMs).toBe(4_500);
      expect(await h.repos.accounts.markDisconnected('acct_missing', 'deauthorized', 5_000, 5_500)).toBe(
        false,
      );
      expect(await h.raw.accounts.findById(other.id)).toStrictEqual(other);

      expect(await h.repos.accounts.setRejection('acct_acc_t', null, 6_000, 6_500)).toBe(false);
      expect(await h.repos.accounts.setRejection('acct_acc_t', 'fraud', 6_000, 6_500)).toBe(true);
      expect(await h.raw.accounts.findById(other.id)).toStrictEqual({
        ...other,
        standing: { ...clear, rejectedAtMs: 6_000, rejectedReason: 'fraud' },
        updatedAtMs: 6_500,
      });
      expect(await h.repos.accounts.setRejection('acct_acc_t', 'fraud', 7_000, 7_500)).toBe(false);
      expect((await h.raw.accounts.findById(other.id))?.standing.rejectedAtMs).toBe(6_000);
      expect(await h.repos.accounts.setRejection('acct_acc_t', 'terms_of_service', 8_000, 8_500)).toBe(true);
      expect((await h.raw.accounts.findById(other.id))?.standing).toStrictEqual({
        ...clear,
        rejectedAtMs: 8_000,
        rejectedReason: 'terms_of_service',
      });
      expect(await h.repos.accounts.setRejection('acct_acc_t', null, 9_000, 9_500)).toBe(true);
      expect(await h.raw.accounts.findById(other.id)).toStrictEqual({ ...other, updatedAtMs: 9_500 });
      expect(await h.repos.accounts.setRejection('acct_missing', 'fraud', 9_000, 9_500)).toBe(false);
      expect(await standing()).toStrictEqual({
        ...clear,
        disconnectedAtMs: 4_000,
        disconnectedReason: 'deauthorized',
      });
    });

    it('updateStripeStatus changes the Stripe flags, requirements and updatedAtMs only; false when unknown', async () => {
      const before = await h.repos.accounts.insert(newAccount('acc_s'), 1_000);
      const requirements = {
        currently_due: ['external_account', 'tos_acceptance.date'],
        disabled_reason: null,
        deadline: 1_767_225_600,
        nested: { flag: true, ratio: 0.5 },
      };
      expect(
        await h.repos.accounts.updateStripeStatus(
          'acct_acc_s',
          { chargesEnabled: true, detailsSubmitted: false, payoutsEnabled: true, requirements },
          5_000,
        ),
      ).toBe(true);
      expect(await h.repos.accounts.findById('acc_s')).toStrictEqual({
        ...before,
        chargesEnabled: true,
        detailsSubmitted: false,
        payoutsEnabled: true,
        requirements,
        updatedAtMs: 5_000,
      });
      expect(
        await h.repos.accounts.updateStripeStatus(
          'acct_unknown',
          { chargesEnabled: true, detailsSubmitted: true, payoutsEnabled: true, requirements: {} },
          6_000,
        ),
      ).toBe(false);
    });

    it('lockForUpdate runs inside a transaction (known or unknown id) and changes nothing', async () => {
      const account = await h.repos.accounts.insert(newAccount('acc_l'), 1_000);
      const seen = await h.db.transaction(async (tx) => {
        await tx.accounts.lockForUpdate('acc_l');
        await tx.accounts.lockForUpdate('acc_unknown');
        return tx.accounts.findById('acc_l');
      });
      expect(seen).toStrictEqual(account);
      expect(await h.repos.accounts.findById('acc_l')).toStrictEqual(account);
    });
  });
}
