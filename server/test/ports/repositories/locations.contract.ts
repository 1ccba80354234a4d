import { describe, expect, it } from 'vitest';
import { buildAccount, buildLocation } from '../../support/factories.ts';
import type { RepositoriesHarness } from './harness.ts';

export function describeLocationsContract(h: RepositoriesHarness) {
  const { ctx } = h;

  describe('locations', () => {
    it('setTaxes sets whether prices include tax, the rates and the tax’s name only', async () => {
      const account = await buildAccount(ctx());
      const location = await buildLocation(ctx(), account, { taxRateBps: 875 });
      const other = await buildLocation(ctx(), account, { taxRateBps: 875 });
      await h.repos.locations.setTaxes(location.id, {
        pricesIncludeTax: true,
        taxName: 'VAT',
        taxRateBps: 2_000,
        reducedTaxRateBps: 500,
      });
      expect(await h.raw.locations.findById(location.id)).toStrictEqual({
        ...location,
        pricesIncludeTax: true,
        taxName: 'VAT',
        taxRateBps: 2_000,
        reducedTaxRateBps: 500,
      });
      expect(await h.raw.locations.findById(other.id)).toStrictEqual(other);
      await h.repos.locations.setTaxes(location.id, {
        pricesIncludeTax: false,
        taxName: 'Sales tax',
        taxRateBps: 0,
        reducedTaxRateBps: null,
      });
      expect(await h.raw.locations.findById(location.id)).toStrictEqual({
        ...location,
        pricesIncludeTax: false,
        taxName: 'Sales tax',
        taxRateBps: 0,
        reducedTaxRateBps: null,
      });
    });

    it('insert returns what findById reads; update changes name, time zone and address only', async () => {
      const account = await buildAccount(ctx());
      const inserted = await h.repos.locations.insert(
        {
          id: 'loc_1',
          accountId: account.id,
          stripeLocationId: 'tml_1',
          name: 'Mission',
          timeZone: 'America/Los_Angeles',
          address: { line1: '1 Valencia St', city: 'San Francisco', country: 'US' },
          taxRateBps: 875,
        },
        1_000,
      );
      expect(inserted).toStrictEqual({
        id: 'loc_1',
        accountId: account.id,
        stripeLocationId: 'tml_1',
        name: 'Mission',
        timeZone: 'America/Los_Angeles',
        address: { line1: '1 Valencia St', city: 'San Francisco', country: 'US' },
        taxRateBps: 875,
        pricesIncludeTax: false,
        reducedTaxRateBps: null,
        taxName: 'Tax',
        createdAtMs: 1_000,
      });
      expect(await h.repos.locations.findById('loc_1')).toStrictEqual(inserted);
      expect(await h.repos.locations.findById('loc_missing')).toBeUndefined();

      await h.repos.locations.update('loc_1', {
        name: 'Mission — Valencia',
        timeZone: 'America/New_York',
        address: { line1: '2 Rue de l’Église', country: 'FR' },
      });
      expect(await h.repos.locations.findById('loc_1')).toStrictEqual({
        ...inserted,
        name: 'Mission — Valencia',
        timeZone: 'America/New_York',
        address: { line1: '2 Rue de l’Église', country: 'FR' },
      });
    });

    it('listByAccount: the account’s locations by creation time then id; a null Stripe id stays null', async () => {
      const account = await buildAccount(ctx());
      const other = await buildAccount(ctx());
      const base = { accountId: account.id, timeZone: 'UTC', address: {}, taxRateBps: 0 };
      await h.repos.locations.insert({ ...base, id: 'loc_c', stripeLocationId: null, name: 'C' }, 2_000);
      await h.repos.locations.insert({ ...base, id: 'loc_b', stripeLocationId: null, name: 'B' }, 1_000);
      await h.repos.locations.insert({ ...base, id: 'loc_a', stripeLocationId: 'tml_a', name: 'A' }, 1_000);
      await h.repos.locations.insert(
        { ...base, accountId: other.id, id: 'loc_other', stripeLocationId: null, name: 'Other' },
        500,
      );
      const listed = await h.repos.locations.listByAccount(account.id);
      expect(listed.map((location) => location.id)).toStrictEqual(['loc_a', 'loc_b', 'loc_c']);
      expect(listed[1]?.stripeLocationId).toBeNull();
      expect(await h.repos.locations.listByAccount('acc_none')).toStrictEqual([]);
    });
  });
}
