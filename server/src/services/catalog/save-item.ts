/**
 * Saving one item with its variants, modifier groups and location settings, inside the catalog's write
 * transaction (the account's row held). Checks what the schema cannot: the category, groups, locations
 * and variants belong to this account (and item), and SKUs are unique among the account's items and
 * variants. Variants left out are deactivated, never deleted (sold lines point at them).
 */
import type { ItemBodySchema } from '@countertop/shared';
import type { z } from 'zod';
import type { Repositories } from '../../db/repositories/index.ts';
import { conflict, invalidRequest, notFound } from '../../errors.ts';
import type { Clock, IdGenerator } from '../../runtime.ts';
import type { MerchantViewer } from '../merchant-access.ts';

type ItemInput = z.infer<typeof ItemBodySchema>;

export interface SaveItem {
  viewer: Pick<MerchantViewer, 'account' | 'locations'>;
  /** null: a new item. */
  itemId: string | null;
  body: ItemInput;
  ids: IdGenerator;
  clock: Clock;
}

/** Refuses a SKU another item or variant of the account already has. */
export async function requireFreeSku(
  tx: Repositories,
  accountId: string,
  sku: string | null,
  owner: { itemId?: string | null; variantId?: string | null },
): Promise<void> {
  if (sku === null) return;
  const item = await tx.products.findBySku(accountId, sku);
  const variant = await tx.products.findVariantBySku(accountId, sku);
  if ((item && item.id !== owner.itemId) || (variant && variant.id !== owner.variantId)) {
    throw conflict('conflict', `The SKU ${sku} is already used by another item.`);
  }
}

/** Saves the item; returns its id. */
export async function saveItem(
  tx: Repositories,
  { viewer, itemId, body, ids, clock }: SaveItem,
): Promise<string> {
  const accountId = viewer.account.id;
  const nowMs = clock.nowMs();
  const accountLocations = new Set(
    (await tx.locations.listByAccount(accountId)).map((location) => location.id),
  );
  const checkLocations = (entries: readonly { locationId: string }[], where: string) => {
    for (const entry of entries) {
      if (!accountLocations.has(entry.locationId)) {
        throw invalidRequest(`${where}: ${entry.locationId} is not one of your locations`);
      }
    }
  };
  if (body.categoryId !== null) {
    const category = await tx.categories.findById(body.categoryId);
    if (!category || category.accountId !== accountId) throw invalidRequest('categoryId: no such category');
  }
  const groups = new Set((await tx.modifiers.listByAccount(accountId)).map((group) => group.id));
  for (const groupId of body.modifierGroupIds) {
    if (!groups.has(groupId)) throw invalidRequest(`modifierGroupIds: no such modifier group (${groupId})`);
  }
  checkLocations(body.locations, 'locations');
  await requireFreeSku(tx, accountId, body.sku, { itemId });
  const fields = {
    name: body.name,
    priceMinor: body.priceMinor,
    categoryId: body.categoryId,
    sku: body.sku,
    color: body.color,
    taxClass: body.taxClass,
    active: body.active,
    sortOrder: body.sortOrder,
  };
  let id = itemId;
  if (id === null) {
    id = ids.newId('prd');
    await tx.products.insert({ ...fields, id, accountId }, nowMs);
  } else {
    const existing = await tx.products.findById(id);
    if (!existing || existing.accountId !== accountId) throw notFound('not_found', 'No such item.');
    await tx.products.update(id, fields, nowMs);
  }

  const known = new Map(
    ((await tx.products.variantsOf([id])).get(id) ?? []).map((variant) => [variant.id, variant]),
  );
  const kept = new Set<string>();
  const skus = new Set<string>(body.sku === null ? [] : [body.sku]);
  for (const variant of body.variants) {
    checkLocations(variant.locations, `variants ${variant.name}`);
    if (variant.sku !== null) {
      if (skus.has(variant.sku)) throw conflict('conflict', `The SKU ${variant.sku} is used twice.`);
      skus.add(variant.sku);
    }
    const variantFields = {
      name: variant.name,
      priceMinor: variant.priceMinor,
      sku: variant.sku,
      sortOrder: variant.sortOrder,
      active: variant.active,
    };
    let variantId = variant.id;
    if (variantId === undefined) {
      await requireFreeSku(tx, accountId, variant.sku, {});
      variantId = ids.newId('var');
      await tx.products.insertVariant({ ...variantFields, id: variantId, productId: id }, nowMs);
    } else {
      if (!known.has(variantId)) throw invalidRequest(`variants: ${variantId} is not a variant of this item`);
      await requireFreeSku(tx, accountId, variant.sku, { variantId });
      await tx.products.updateVariant(variantId, variantFields, nowMs);
      kept.add(variantId);
    }
    await tx.products.setVariantLocationOverrides(variantId, variant.locations);
  }
  for (const variant of known.values()) {
    if (!kept.has(variant.id) && variant.active) {
      await tx.products.updateVariant(variant.id, { ...variant, active: false }, nowMs);
    }
  }
  await tx.products.setModifierGroups(id, body.modifierGroupIds);
  await tx.products.setLocationOverrides(id, body.locations);
  return id;
}
