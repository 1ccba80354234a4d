/**
 * The merchant's catalog: categories, items with variants, modifier groups, discounts, each item's
 * availability and price per location, and each location's taxes; the counter's catalog at its location.
 *
 * Who may change what: what applies to every location (the item library, modifier groups, discounts,
 * categories) needs someone who answers for every location — the owner, platform support on their behalf,
 * or a manager assigned to all of the account's locations; a location's own settings (an item's
 * availability and price there, the location's taxes) may also be changed by a manager of that location.
 * Every write runs in one transaction holding the account's row (`accounts.lockForUpdate`), so checks such
 * as "this SKU is not used yet" cannot interleave with another writer; each change is audit-logged.
 */
import type {
  Discount as ApiDiscount,
  Catalog,
  CatalogImportBody,
  CatalogImportResponse,
  Category,
  CategoryBody,
  DiscountBody,
  Item,
  ItemBody,
  ItemLocationBody,
  LocationTaxes,
  MerchantCatalogResponse,
  ModifierGroup,
  ModifierGroupBody,
} from '@countertop/shared';
import {
  CategoryBodySchema,
  DiscountBodySchema,
  ItemBodySchema,
  ItemLocationBodySchema,
  ModifierGroupBodySchema,
} from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { Location } from '../../db/repositories/locations.repo.ts';
import { locationTaxesOf } from '../../domain/catalog.ts';
import { buildCatalogCsv } from '../../domain/catalog-csv.ts';
import { AppError, conflict, invalidRequest, notFound } from '../../errors.ts';
import type { Clock, IdGenerator } from '../../runtime.ts';
import type { CounterContext } from '../auth.service.ts';
import { canEditWholeCatalog, type MerchantViewer } from '../merchant-access.ts';
import {
  catalogDataOf,
  counterCatalogOf,
  loadCatalog,
  toApiCategory,
  toApiDiscount,
  toApiGroup,
  toApiItem,
} from './catalog-data.ts';
import { importCatalogCsv } from './catalog-import.ts';
import { saveItem } from './save-item.ts';

export interface CatalogServiceDeps {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
}

/** The locations whose settings the viewer may see. */
function locationIdsOf(viewer: MerchantViewer): ReadonlySet<string> {
  return new Set(viewer.locations.map((location) => location.id));
}

export function createCatalogService({ database, clock, ids }: CatalogServiceDeps) {
  const { repos } = database;

  function requireWholeCatalog(viewer: MerchantViewer): void {
    if (!canEditWholeCatalog(viewer)) {
      throw new AppError(
        'forbidden',
        "Only the owner (or a manager of every location) can change the item library. You can set your location's availability and prices.",
      );
    }
  }

  function requireLocation(viewer: MerchantViewer, locationId: string): Location {
    if (viewer.kind === 'staff')
      throw new AppError('forbidden', 'Only a manager or the owner can change this.');
    const location = viewer.locations.find((candidate) => candidate.id === locationId);
    if (!location) throw notFound('not_found', 'No such location.');
    return location;
  }

  /** One catalog write: the account's row held, the change audit-logged, in one transaction. */
  function write<T>(
    viewer: MerchantViewer,
    action: string,
    target: (result: T) => string,
    work: (tx: Repositories) => Promise<T>,
  ): Promise<T> {
    return database.transaction(async (tx) => {
      await tx.accounts.lockForUpdate(viewer.account.id);
      const result = await work(tx);
      await tx.audit.record({
        actorUserId: viewer.userId,
        actorLabel: viewer.label,
        accountId: viewer.account.id,
        action,
        target: target(result),
        details: {},
        atMs: clock.nowMs(),
      });
      return result;
    });
  }

  async function itemView(tx: Repositories, viewer: MerchantViewer, itemId: string): Promise<Item> {
    const accountId = viewer.account.id;
    const item = await tx.products.findById(itemId);
    if (!item || item.accountId !== accountId) throw notFound('not_found', 'No such item.');
    return toApiItem(item, await catalogDataOf(tx, accountId, [item]), locationIdsOf(viewer));
  }

  async function groupView(tx: Repositories, accountId: string, groupId: string): Promise<ModifierGroup> {
    const group = await tx.modifiers.findGroup(groupId);
    if (!group || group.accountId !== accountId) throw notFound('not_found', 'No such modifier group.');
    return toApiGroup(group);
  }

  async function saveGroup(viewer: MerchantViewer, groupId: string | null, raw: ModifierGroupBody) {
    requireWholeCatalog(viewer);
    const body = ModifierGroupBodySchema.parse(raw);
    return write(
      viewer,
      groupId === null ? 'catalog.modifier_group.created' : 'catalog.modifier_group.updated',
      (group: ModifierGroup) => `modifier_group ${group.id}`,
      async (tx) => {
        const nowMs = clock.nowMs();
        const fields = {
          name: body.name,
          minSelected: body.minSelected,
          maxSelected: body.maxSelected,
          sortOrder: body.sortOrder,
          active: body.active,
        };
        let id = groupId;
        const existing = id === null ? undefined : await tx.modifiers.findGroup(id);
        if (id !== null && (!existing || existing.accountId !== viewer.account.id)) {
          throw notFound('not_found', 'No such modifier group.');
        }
        if (id === null) {
          id = ids.newId('mgp');
          await tx.modifiers.insertGroup({ ...fields, id, accountId: viewer.account.id }, nowMs);
        } else await tx.modifiers.updateGroup(id, fields, nowMs);
        const known = new Map((existing?.modifiers ?? []).map((modifier) => [modifier.id, modifier]));
        const kept = new Set<string>();
        for (const modifier of body.modifiers) {
          const modifierFields = {
            name: modifier.name,
            priceDeltaMinor: modifier.priceDeltaMinor,
            sortOrder: modifier.sortOrder,
            active: modifier.active,
          };
          if (modifier.id === undefined) {
            await tx.modifiers.insertModifier(
              { ...modifierFields, id: ids.newId('mod'), groupId: id },
              nowMs,
            );
          } else if (known.has(modifier.id)) {
            kept.add(modifier.id);
            await tx.modifiers.updateModifier(modifier.id, modifierFields, nowMs);
          } else {
            throw invalidRequest(`modifiers: ${modifier.id} is not a modifier of this group`);
          }
        }
        // Modifiers left out are deactivated: lines already sold keep them.
        for (const modifier of known.values()) {
          if (!kept.has(modifier.id) && modifier.active) {
            await tx.modifiers.updateModifier(modifier.id, { ...modifier, active: false }, nowMs);
          }
        }
        return groupView(tx, viewer.account.id, id);
      },
    );
  }

  async function saveDiscount(viewer: MerchantViewer, discountId: string | null, raw: DiscountBody) {
    requireWholeCatalog(viewer);
    const body = DiscountBodySchema.parse(raw);
    return write(
      viewer,
      discountId === null ? 'catalog.discount.created' : 'catalog.discount.updated',
      (discount: ApiDiscount) => `discount ${discount.id}`,
      async (tx) => {
        const nowMs = clock.nowMs();
        if (discountId === null) {
          return toApiDiscount(
            await tx.discounts.insert({ ...body, id: ids.newId('dsc'), accountId: viewer.account.id }, nowMs),
          );
        }
        const existing = await tx.discounts.findById(discountId);
        if (!existing || existing.accountId !== viewer.account.id)
          throw notFound('not_found', 'No such discount.');
        return toApiDiscount(await tx.discounts.update(discountId, body, nowMs));
      },
    );
  }

  async function saveCategory(viewer: MerchantViewer, categoryId: string | null, raw: CategoryBody) {
    requireWholeCatalog(viewer);
    const body = CategoryBodySchema.parse(raw);
    return write(
      viewer,
      categoryId === null ? 'catalog.category.created' : 'catalog.category.updated',
      (category: Category) => `category ${category.id}`,
      async (tx) => {
        const nowMs = clock.nowMs();
        const sameName = await tx.categories.findByName(viewer.account.id, body.name);
        if (sameName && sameName.id !== categoryId) {
          throw conflict('conflict', `There is already a category called ${body.name}.`);
        }
        if (categoryId === null) {
          return toApiCategory(
            await tx.categories.insert(
              { ...body, id: ids.newId('cat'), accountId: viewer.account.id },
              nowMs,
            ),
          );
        }
        const existing = await tx.categories.findById(categoryId);
        if (!existing || existing.accountId !== viewer.account.id)
          throw notFound('not_found', 'No such category.');
        return toApiCategory(await tx.categories.update(categoryId, body, nowMs));
      },
    );
  }

  return {
    /** The item library (inactive objects too) and every location's taxes. */
    async catalog(viewer: MerchantViewer): Promise<MerchantCatalogResponse> {
      const data = await loadCatalog(repos, viewer.account.id);
      return {
        currency: viewer.account.currency,
        canEditCatalog: canEditWholeCatalog(viewer) && viewer.kind !== 'staff',
        locations: viewer.locations.map((location) => ({
          id: location.id,
          name: location.name,
          taxes: locationTaxesOf(location),
        })),
        categories: data.categories.map(toApiCategory),
        items: data.items.map((item) => toApiItem(item, data, locationIdsOf(viewer))),
        modifierGroups: data.groups.map(toApiGroup),
        discounts: data.discounts.map(toApiDiscount),
      };
    },

    createCategory: (viewer: MerchantViewer, body: CategoryBody) => saveCategory(viewer, null, body),
    updateCategory: (viewer: MerchantViewer, categoryId: string, body: CategoryBody) =>
      saveCategory(viewer, categoryId, body),

    async createItem(viewer: MerchantViewer, raw: ItemBody): Promise<Item> {
      requireWholeCatalog(viewer);
      const body = ItemBodySchema.parse(raw);
      return write(
        viewer,
        'catalog.item.created',
        (item: Item) => `item ${item.id}`,
        async (tx) => itemView(tx, viewer, await saveItem(tx, { viewer, itemId: null, body, ids, clock })),
      );
    },

    async updateItem(viewer: MerchantViewer, itemId: string, raw: ItemBody): Promise<Item> {
      requireWholeCatalog(viewer);
      const body = ItemBodySchema.parse(raw);
      return write(
        viewer,
        'catalog.item.updated',
        (item: Item) => `item ${item.id}`,
        async (tx) => itemView(tx, viewer, await saveItem(tx, { viewer, itemId, body, ids, clock })),
      );
    },

    /** One location's availability and price of an item and its variants (a manager of that location may). */
    async setItemAtLocation(
      viewer: MerchantViewer,
      itemId: string,
      locationId: string,
      raw: ItemLocationBody,
    ): Promise<Item> {
      const location = requireLocation(viewer, locationId);
      const body = ItemLocationBodySchema.parse(raw);
      return write(
        viewer,
        'catalog.item.location_updated',
        () => `item ${itemId} at location ${location.id}`,
        async (tx) => {
          const item = await tx.products.findById(itemId);
          if (!item || item.accountId !== viewer.account.id) throw notFound('not_found', 'No such item.');
          const variants = (await tx.products.variantsOf([item.id])).get(item.id) ?? [];
          const setting = (available: boolean, priceMinor: number | null) =>
            available && priceMinor === null ? null : { locationId: location.id, available, priceMinor };
          await tx.products.setLocationOverride(
            item.id,
            setting(body.available, body.priceMinor),
            location.id,
          );
          for (const entry of body.variants) {
            if (!variants.some((variant) => variant.id === entry.variantId)) {
              throw invalidRequest(`variants: ${entry.variantId} is not a variant of ${item.name}`);
            }
            await tx.products.setVariantLocationOverride(
              entry.variantId,
              setting(entry.available, entry.priceMinor),
              location.id,
            );
          }
          return itemView(tx, viewer, item.id);
        },
      );
    },

    createModifierGroup: (viewer: MerchantViewer, body: ModifierGroupBody) => saveGroup(viewer, null, body),
    updateModifierGroup: (viewer: MerchantViewer, groupId: string, body: ModifierGroupBody) =>
      saveGroup(viewer, groupId, body),

    createDiscount: (viewer: MerchantViewer, body: DiscountBody) => saveDiscount(viewer, null, body),
    updateDiscount: (viewer: MerchantViewer, discountId: string, body: DiscountBody) =>
      saveDiscount(viewer, discountId, body),

    /** A location's taxes (prices include tax or not, rates, the name on receipts). */
    async setLocationTaxes(viewer: MerchantViewer, locationId: string, taxes: LocationTaxes) {
      const location = requireLocation(viewer, locationId);
      await write(
        viewer,
        'location.taxes_updated',
        () => `location ${location.id}`,
        (tx) =>
          tx.locations.setTaxes(location.id, {
            pricesIncludeTax: taxes.pricesIncludeTax,
            taxName: taxes.taxName,
            taxRateBps: taxes.standardRateBps,
            reducedTaxRateBps: taxes.reducedRateBps,
          }),
      );
      return { locationId: location.id, taxes };
    },

    /** The item library as CSV (one row per item, or per variant). */
    async exportCsv(viewer: MerchantViewer): Promise<{ fileName: string; body: string }> {
      const data = await loadCatalog(repos, viewer.account.id);
      return { fileName: 'item-library.csv', body: buildCatalogCsv(data, viewer.account.currency) };
    },

    /** Imports the CSV: every row checked first, nothing written on any error (400 csv_invalid). */
    importCsv(viewer: MerchantViewer, body: CatalogImportBody): Promise<CatalogImportResponse> {
      requireWholeCatalog(viewer);
      return importCatalogCsv({ database, ids, clock }, viewer, body);
    },

    /** The counter's catalog at the register's location (effective prices, what is sold there). */
    async counterCatalog(counter: CounterContext): Promise<Catalog> {
      return counterCatalogOf(
        await loadCatalog(repos, counter.account.id),
        counter.location,
        counter.account.currency,
      );
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
