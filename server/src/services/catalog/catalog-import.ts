/**
 * CSV import of the item library: read the library and check every row (domain/catalog-csv.ts) inside the
 * transaction that then writes the plan, with the account's row held, so the check and the writes see the
 * same library. Any bad row: nothing is written and the answer is 400 csv_invalid listing every row's
 * problem. `dryRun` checks and counts without writing.
 */
import type { CatalogImportBody, CatalogImportResponse } from '@countertop/shared';
import { CatalogImportBodySchema } from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import { type ImportPlan, planCatalogImport } from '../../domain/catalog-csv.ts';
import { AppError } from '../../errors.ts';
import type { Clock, IdGenerator } from '../../runtime.ts';
import type { MerchantViewer } from '../merchant-access.ts';
import { loadCatalog } from './catalog-data.ts';

/** Thrown inside the transaction to roll a dry run back after counting. */
class DryRun extends Error {
  constructor(readonly result: CatalogImportResponse) {
    super('dry run');
  }
}

function counts(plan: ImportPlan, dryRun: boolean): CatalogImportResponse {
  const variants = plan.items.flatMap((item) => item.variants);
  return {
    dryRun,
    rows: plan.rows,
    itemsCreated: plan.items.filter((item) => item.itemId === null).length,
    itemsUpdated: plan.items.filter((item) => item.itemId !== null).length,
    variantsCreated: variants.filter((variant) => variant.variantId === null).length,
    variantsUpdated: variants.filter((variant) => variant.variantId !== null).length,
    categoriesCreated: plan.newCategories.length,
  };
}

async function applyPlan(
  tx: Repositories,
  accountId: string,
  plan: ImportPlan,
  { ids, clock }: { ids: IdGenerator; clock: Clock },
): Promise<void> {
  const nowMs = clock.nowMs();
  const categoryIds = new Map((await tx.categories.listByAccount(accountId)).map((c) => [c.name, c.id]));
  for (const name of plan.newCategories) {
    const category = await tx.categories.insert(
      { id: ids.newId('cat'), accountId, name, color: null, sortOrder: 0, active: true },
      nowMs,
    );
    categoryIds.set(name, category.id);
  }
  for (const item of plan.items) {
    const fields = {
      name: item.name,
      priceMinor: item.priceMinor,
      categoryId: item.category === null ? null : (categoryIds.get(item.category) ?? null),
      sku: item.sku,
      color: item.color,
      taxClass: item.taxClass,
      active: item.active,
      sortOrder: item.sortOrder,
    };
    let itemId = item.itemId;
    if (itemId === null) {
      itemId = ids.newId('prd');
      await tx.products.insert({ ...fields, id: itemId, accountId }, nowMs);
    } else await tx.products.update(itemId, fields, nowMs);
    for (const variant of item.variants) {
      const variantFields = {
        name: variant.name,
        priceMinor: variant.priceMinor,
        sku: variant.sku,
        sortOrder: variant.sortOrder,
        active: variant.active,
      };
      if (variant.variantId === null) {
        await tx.products.insertVariant({ ...variantFields, id: ids.newId('var'), productId: itemId }, nowMs);
      } else await tx.products.updateVariant(variant.variantId, variantFields, nowMs);
    }
    await tx.products.setModifierGroups(itemId, item.groupIds);
  }
}

export async function importCatalogCsv(
  deps: { database: Database; ids: IdGenerator; clock: Clock },
  viewer: MerchantViewer,
  raw: CatalogImportBody,
): Promise<CatalogImportResponse> {
  const body = CatalogImportBodySchema.parse(raw);
  try {
    return await deps.database.transaction(async (tx) => {
      await tx.accounts.lockForUpdate(viewer.account.id);
      const planned = planCatalogImport(
        body.csv,
        viewer.account.currency,
        await loadCatalog(tx, viewer.account.id),
      );
      if ('errors' in planned) {
        const shown = planned.errors.slice(0, 5).map((error) => `row ${error.row}: ${error.message}`);
        throw new AppError(
          'csv_invalid',
          `Nothing was imported: ${planned.errors.length} row(s) need fixing (${shown.join(' | ')}${planned.errors.length > 5 ? ' | …' : ''}).`,
          { details: { rows: planned.errors } },
        );
      }
      const result = counts(planned.plan, body.dryRun);
      if (body.dryRun) throw new DryRun(result);
      await applyPlan(tx, viewer.account.id, planned.plan, deps);
      await tx.audit.record({
        actorUserId: viewer.userId,
        actorLabel: viewer.label,
        accountId: viewer.account.id,
        action: 'catalog.imported',
        target: `account ${viewer.account.id}`,
        details: { ...result },
        atMs: deps.clock.nowMs(),
      });
      return result;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    throw error;
  }
}
