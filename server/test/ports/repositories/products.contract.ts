import { describe, expect, it } from 'vitest';
import { buildAccount, buildLocation } from '../../support/factories.ts';
import type { RepositoriesHarness } from './harness.ts';

export function describeProductsContract(h: RepositoriesHarness) {
  const { ctx } = h;

  describe('products', () => {
    it('insert (defaults: active, sort order 0), findById, listActive by sort order, name, id', async () => {
      const account = await buildAccount(ctx());
      const other = await buildAccount(ctx());
      const base = { accountId: account.id, category: null };
      const latte = await h.repos.products.insert(
        { ...base, id: 'prd_3', name: 'Latte', priceMinor: 475, category: 'Drinks' },
        1_000,
      );
      expect(latte).toStrictEqual({
        id: 'prd_3',
        accountId: account.id,
        name: 'Latte',
        priceMinor: 475,
        category: 'Drinks',
        categoryId: 'cat_prd_3',
        sku: null,
        color: null,
        taxClass: 'standard',
        active: true,
        sortOrder: 0,
        createdAtMs: 1_000,
        updatedAtMs: 1_000,
      });
      expect(await h.repos.products.findById('prd_3')).toStrictEqual(latte);
      expect(await h.repos.products.findById('prd_none')).toBeUndefined();
      const bagel = await h.repos.products.insert(
        { ...base, id: 'prd_1', name: 'Bagel', priceMinor: 0 },
        1_000,
      );
      // findByIds: the ones that exist, once each, whatever the order or repeats of the ids asked for.
      const found = await h.repos.products.findByIds(['prd_1', 'prd_none', 'prd_3', 'prd_1']);
      expect([...found.keys()].sort()).toStrictEqual(['prd_1', 'prd_3']);
      expect(found.get('prd_3')).toStrictEqual(latte);
      expect(found.get('prd_1')).toStrictEqual(bagel);
      expect((await h.repos.products.findByIds([])).size).toBe(0);
      const bagel2 = await h.repos.products.insert(
        { ...base, id: 'prd_0', name: 'Bagel', priceMinor: 5 },
        1_000,
      );
      const first = await h.repos.products.insert(
        { ...base, id: 'prd_9', name: 'Zucchini', priceMinor: 300, sortOrder: -1 },
        1_000,
      );
      const hidden = await h.repos.products.insert(
        { ...base, id: 'prd_5', name: 'Old', priceMinor: 1, active: false },
        1_000,
      );
      expect(hidden.active).toBe(false);
      await h.repos.products.insert(
        { accountId: other.id, id: 'prd_x', name: 'Other', priceMinor: 1, category: null },
        1_000,
      );
      expect(bagel.category).toBeNull();
      expect(await h.repos.products.listActive(account.id)).toStrictEqual([first, bagel2, bagel, latte]);
    });

    it('listByAccount (inactive too), update, findBySku; variants: insert, update, find, by item, by SKU', async () => {
      const account = await buildAccount(ctx());
      const other = await buildAccount(ctx());
      const base = { accountId: account.id, category: null };
      const latte = await h.raw.products.insert(
        { ...base, id: 'prd_l', name: 'Latte', priceMinor: 475, sku: 'LAT' },
        1_000,
      );
      const bagel = await h.raw.products.insert(
        { ...base, id: 'prd_b', name: 'Bagel', priceMinor: 300 },
        1_000,
      );
      await h.raw.products.insert(
        { accountId: other.id, id: 'prd_o', name: 'Other', priceMinor: 1, category: null, sku: 'LAT' },
        1_000,
      );
      const updated = await h.repos.products.update(
        bagel.id,
        {
          name: 'Old bagel',
          priceMinor: 350,
          categoryId: latte.categoryId,
          sku: 'BAG',
          color: '#aa0000',
          taxClass: 'reduced',
          active: false,
          sortOrder: 2,
        },
        2_000,
      );
      expect(updated).toStrictEqual({
        ...bagel,
        name: 'Old bagel',
        priceMinor: 350,
        sku: 'BAG',
        color: '#aa0000',
        taxClass: 'reduced',
        active: false,
        sortOrder: 2,
        updatedAtMs: 2_000,
      });
      expect(await h.raw.products.findById(bagel.id)).toStrictEqual(updated);
      await expect(
        h.repos.products.update('prd_none', { ...updated, active: true }, 2_000),
      ).rejects.toThrow();
      expect(await h.raw.products.listActive(account.id)).toStrictEqual([latte]);
      expect(await h.repos.products.listByAccount(account.id)).toStrictEqual([latte, updated]);
      expect(await h.repos.products.listByAccount('acc_none')).toStrictEqual([]);
      expect(await h.repos.products.findBySku(account.id, 'LAT')).toStrictEqual(latte);
      expect(await h.repos.products.findBySku(account.id, 'BAG')).toStrictEqual(updated);
      expect(await h.repos.products.findBySku(account.id, 'NONE')).toBeUndefined();
      expect((await h.repos.products.findBySku(other.id, 'LAT'))?.id).toBe('prd_o');

      const large = await h.repos.products.insertVariant(
        { id: 'var_l', productId: latte.id, name: 'Large', priceMinor: 575, sku: 'LAT-L', sortOrder: 1 },
        1_000,
      );
      expect(large).toStrictEqual({
        id: 'var_l',
        productId: latte.id,
        name: 'Large',
        priceMinor: 575,
        sku: 'LAT-L',
        sortOrder: 1,
        active: true,
      });
      const small = await h.repos.products.insertVariant(
        { id: 'var_s', productId: latte.id, name: 'Small', priceMinor: 400 },
        1_000,
      );
      expect(small).toStrictEqual({
        id: 'var_s',
        productId: latte.id,
        name: 'Small',
        priceMinor: 400,
        sku: null,
        sortOrder: 0,
        active: true,
      });
      const plain = await h.repos.products.insertVariant(
        { id: 'var_p', productId: bagel.id, name: 'Plain', priceMinor: 350, active: false },
        1_000,
      );
      expect(plain.active).toBe(false);
      expect(await h.repos.products.findVariant('var_l')).toStrictEqual(large);
      expect(await h.repos.products.findVariant('var_none')).toBeUndefined();
      await h.repos.products.updateVariant(
        small.id,
        { name: 'Regular', priceMinor: 425, sku: 'LAT-R', sortOrder: 5, active: false },
        2_000,
      );
      const regular = {
        ...small,
        name: 'Regular',
        priceMinor: 425,
        sku: 'LAT-R',
        sortOrder: 5,
        active: false,
      };
      expect(await h.repos.products.findVariant(small.id)).toStrictEqual(regular);
      expect(await h.repos.products.variantsOf([latte.id, bagel.id, 'prd_none'])).toStrictEqual(
        new Map([
          [latte.id, [large, regular]],
          [bagel.id, [plain]],
        ]),
      );
      expect(await h.repos.products.variantsOf([])).toStrictEqual(new Map());
      expect(await h.repos.products.findVariantBySku(account.id, 'LAT-R')).toStrictEqual(regular);
      expect(await h.repos.products.findVariantBySku(account.id, 'LAT-S')).toBeUndefined();
      expect(await h.repos.products.findVariantBySku(other.id, 'LAT-L')).toBeUndefined();
    });

    it('modifier groups of items, in the order set; per-location settings of items and variants', async () => {
      const account = await buildAccount(ctx());
      const second = await buildLocation(ctx(), account, { id: 'loc_b' });
      const first = await buildLocation(ctx(), account, { id: 'loc_a' });
      const latte = await h.raw.products.insert(
        { id: 'prd_l', accountId: account.id, name: 'Latte', priceMinor: 475, category: null },
        1_000,
      );
      const tea = await h.raw.products.insert(
        { id: 'prd_t', accountId: account.id, name: 'Tea', priceMinor: 300, category: null },
        1_000,
      );
      for (const id of ['grp_a', 'grp_b', 'grp_c']) {
        await h.raw.modifiers.insertGroup(
          {
            id,
            accountId: account.id,
            name: id,
            minSelected: 0,
            maxSelected: null,
            sortOrder: 0,
            active: true,
          },
          1_000,
        );
      }
      await h.repos.products.setModifierGroups(latte.id, ['grp_c', 'grp_a']);
      await h.repos.products.setModifierGroups(tea.id, ['grp_b']);
      expect(await h.repos.products.modifierGroupIdsOf([latte.id, tea.id, 'prd_none'])).toStrictEqual(
        new Map([
          [latte.id, ['grp_c', 'grp_a']],
          [tea.id, ['grp_b']],
        ]),
      );
      await h.repos.products.setModifierGroups(latte.id, ['grp_b', 'grp_c']);
      await h.repos.products.setModifierGroups(tea.id, []);
      expect(await h.repos.products.modifierGroupIdsOf([latte.id, tea.id])).toStrictEqual(
        new Map([[latte.id, ['grp_b', 'grp_c']]]),
      );

      await h.repos.products.setLocationOverrides(latte.id, [
        { locationId: second.id, available: false, priceMinor: null },
        { locationId: first.id, available: true, priceMinor: 500 },
      ]);
      await h.repos.products.setLocationOverrides(tea.id, [
        { locationId: first.id, available: false, priceMinor: 0 },
      ]);
      expect(await h.repos.products.locationOverridesOf([latte.id, tea.id, 'prd_none'])).toStrictEqual(
        new Map([
          [
            latte.id,
            [
              { locationId: first.id, available: true, priceMinor: 500 },
              { locationId: second.id, available: false, priceMinor: null },
            ],
          ],
          [tea.id, [{ locationId: first.id, available: false, priceMinor: 0 }]],
        ]),
      );
      // Replacing: locations not listed go back to defaults.
      await h.repos.products.setLocationOverrides(latte.id, [
        { locationId: second.id, available: true, priceMinor: 450 },
      ]);
      await h.repos.products.setLocationOverrides(tea.id, []);
      expect(await h.repos.products.locationOverridesOf([latte.id, tea.id])).toStrictEqual(
        new Map([[latte.id, [{ locationId: second.id, available: true, priceMinor: 450 }]]]),
      );
      // One location at a time: set (upsert), then clear.
      await h.repos.products.setLocationOverride(
        latte.id,
        { locationId: first.id, available: false, priceMinor: 10 },
        first.id,
      );
      await h.repos.products.setLocationOverride(
        latte.id,
        { locationId: second.id, available: false, priceMinor: null },
        second.id,
      );
      expect(await h.repos.products.locationOverridesOf([latte.id])).toStrictEqual(
        new Map([
          [
            latte.id,
            [
              { locationId: first.id, available: false, priceMinor: 10 },
              { locationId: second.id, available: false, priceMinor: null },
            ],
          ],
        ]),
      );
      await h.repos.products.setLocationOverride(latte.id, null, first.id);
      expect(await h.repos.products.locationOverridesOf([latte.id])).toStrictEqual(
        new Map([[latte.id, [{ locationId: second.id, available: false, priceMinor: null }]]]),
      );

      const large = await h.raw.products.insertVariant(
        { id: 'var_l', productId: latte.id, name: 'Large', priceMinor: 575 },
        1_000,
      );
      const small = await h.raw.products.insertVariant(
        { id: 'var_s', productId: latte.id, name: 'Small', priceMinor: 400 },
        1_000,
      );
      await h.repos.products.setVariantLocationOverrides(large.id, [
        { locationId: second.id, available: true, priceMinor: 600 },
        { locationId: first.id, available: false, priceMinor: null },
      ]);
      await h.repos.products.setVariantLocationOverrides(small.id, [
        { locationId: second.id, available: true, priceMinor: null },
      ]);
      expect(
        await h.repos.products.variantLocationOverridesOf([large.id, small.id, 'var_none']),
      ).toStrictEqual(
        new Map([
          [
            large.id,
            [
              { locationId: first.id, available: false, priceMinor: null },
              { locationId: second.id, available: true, priceMinor: 600 },
            ],
          ],
          [small.id, [{ locationId: second.id, available: true, priceMinor: null }]],
        ]),
      );
      await h.repos.products.setVariantLocationOverrides(large.id, []);
      await h.repos.products.setVariantLocationOverride(
        small.id,
        { locationId: second.id, available: false, priceMinor: 350 },
        second.id,
      );
      await h.repos.products.setVariantLocationOverride(
        small.id,
        { locationId: first.id, available: true, priceMinor: 390 },
        first.id,
      );
      expect(await h.repos.products.variantLocationOverridesOf([large.id, small.id])).toStrictEqual(
        new Map([
          [
            small.id,
            [
              { locationId: first.id, available: true, priceMinor: 390 },
              { locationId: second.id, available: false, priceMinor: 350 },
            ],
          ],
        ]),
      );
      await h.repos.products.setVariantLocationOverride(small.id, null, second.id);
      expect(await h.repos.products.variantLocationOverridesOf([small.id])).toStrictEqual(
        new Map([[small.id, [{ locationId: first.id, available: true, priceMinor: 390 }]]]),
      );
      // The item's settings are its own.
      expect(await h.repos.products.locationOverridesOf([latte.id])).toStrictEqual(
        new Map([[latte.id, [{ locationId: second.id, available: false, priceMinor: null }]]]),
      );
    });

    it('listActive orders names as people read them, whatever the database collation', async () => {
      // Databases order text by their collation (SQLite by bytes; PostgreSQL by the database's locale), so
      // names are ordered after the query: case-insensitively first, numbers by value.
      const account = await buildAccount(ctx());
      const names = ['bagel', 'Zucchini', 'apple', 'Bagel', 'Item 10', 'Item 2'];
      for (const [index, name] of names.entries()) {
        await h.raw.products.insert(
          { id: `prd_${index}`, accountId: account.id, name, priceMinor: 1, category: null },
          1,
        );
      }
      expect((await h.repos.products.listActive(account.id)).map((product) => product.name)).toStrictEqual([
        'apple',
        'bagel',
        'Bagel',
        'Item 2',
        'Item 10',
        'Zucchini',
      ]);
    });
  });
}
