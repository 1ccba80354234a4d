/**
 * The merchant's catalog routes under `/api/merchant` (the `manager` guard: the owner, a manager, or
 * platform support with `?accountId=` on the merchant's behalf): the item library, categories, items with
 * variants and per-location settings, modifier groups, discounts, each location's taxes, and the CSV
 * export and import. What needs the owner (or a manager of every location) is the service's check.
 */
import {
  CatalogImportBodySchema,
  CatalogImportResponseSchema,
  CatalogLocationParamsSchema,
  CategoryBodySchema,
  CategoryIdParamsSchema,
  CategoryResponseSchema,
  DiscountBodySchema,
  DiscountIdParamsSchema,
  DiscountResponseSchema,
  ItemBodySchema,
  ItemIdParamsSchema,
  ItemLocationBodySchema,
  ItemLocationParamsSchema,
  ItemResponseSchema,
  LocationTaxesResponseSchema,
  LocationTaxesSchema,
  MerchantCatalogResponseSchema,
  ModifierGroupBodySchema,
  ModifierGroupIdParamsSchema,
  ModifierGroupResponseSchema,
} from '@countertop/shared';
import { createMiddleware } from 'hono/factory';
import type { CatalogService } from '../services/catalog/catalog.service.ts';
import { csvResponse, defineRoute, errorResponse, jsonResponse } from './define-route.ts';

const noStore = createMiddleware(async (c, next) => {
  c.header('Cache-Control', 'no-store');
  await next();
});

const catalogErrors = {
  400: errorResponse(
    'invalid_request: a field, or a category, group, location or variant not of this account',
  ),
  401: errorResponse('unauthenticated'),
  403: errorResponse('forbidden: staff, or a manager changing what applies to locations not theirs'),
  404: errorResponse('not_found'),
  409: errorResponse('conflict: a SKU or category name already used'),
};
const catalogRoute = { guard: 'manager', middleware: [noStore], tags: ['catalog'] } as const;

export function catalogRoutes({ catalog }: { catalog: CatalogService }) {
  return [
    defineRoute(
      {
        ...catalogRoute,
        method: 'get',
        path: '/api/merchant/catalog',
        summary:
          'The item library: categories, items with variants, modifier groups, discounts, location taxes',
        responses: { 200: jsonResponse('Catalog', MerchantCatalogResponseSchema), ...catalogErrors },
      },
      async (c) => c.json(await catalog.catalog(c.var.viewer), 200),
    ),
    defineRoute(
      {
        ...catalogRoute,
        method: 'post',
        path: '/api/merchant/catalog/categories',
        summary: 'Add a category',
        body: CategoryBodySchema,
        responses: { 201: jsonResponse('Category', CategoryResponseSchema), ...catalogErrors },
      },
      async (c) => c.json({ category: await catalog.createCategory(c.var.viewer, c.req.valid('json')) }, 201),
    ),
    defineRoute(
      {
        ...catalogRoute,
        method: 'put',
        path: '/api/merchant/catalog/categories/{categoryId}',
        summary: 'Change a category (name, colour, order, active)',
        params: CategoryIdParamsSchema,
        body: CategoryBodySchema,
        responses: { 200: jsonResponse('Category', CategoryResponseSchema), ...catalogErrors },
      },
      async (c) =>
        c.json(
          {
            category: await catalog.updateCategory(
              c.var.viewer,
              c.req.valid('param').categoryId,
              c.req.valid('json'),
            ),
          },
          200,
        ),
    ),
    defineRoute(
      {
        ...catalogRoute,
        method: 'post',
        path: '/api/merchant/catalog/items',
        summary: 'Add an item with its variants, modifier groups and location settings',
        body: ItemBodySchema,
        responses: { 201: jsonResponse('Item', ItemResponseSchema), ...catalogErrors },
      },
      async (c) => c.json({ item: await catalog.createItem(c.var.viewer, c.req.valid('json')) }, 201),
    ),
    defineRoute(
      {
        ...catalogRoute,
        method: 'put',
        path: '/api/merchant/catalog/items/{itemId}',
        summary: 'Replace an item (variants left out are deactivated)',
        params: ItemIdParamsSchema,
        body: ItemBodySchema,
        responses: { 200: jsonResponse('Item', ItemResponseSchema), ...catalogErrors },
      },
      async (c) =>
        c.json(
          { item: await catalog.updateItem(c.var.viewer, c.req.valid('param').itemId, c.req.valid('json')) },
          200,
        ),
    ),
    defineRoute(
      {
        ...catalogRoute,
        method: 'put',
        path: '/api/merchant/catalog/items/{itemId}/locations/{locationId}',
        summary: "An item's (and its variants') availability and price at one location (a manager of it may)",
        params: ItemLocationParamsSchema,
        body: ItemLocationBodySchema,
        responses: { 200: jsonResponse('Item', ItemResponseSchema), ...catalogErrors },
      },
      async (c) => {
        const { itemId, locationId } = c.req.valid('param');
        return c.json(
          { item: await catalog.setItemAtLocation(c.var.viewer, itemId, locationId, c.req.valid('json')) },
          200,
        );
      },
    ),
    defineRoute(
      {
        ...catalogRoute,
        method: 'post',
        path: '/api/merchant/catalog/modifier-groups',
        summary: 'Add a modifier group with its modifiers',
        body: ModifierGroupBodySchema,
        responses: { 201: jsonResponse('Modifier group', ModifierGroupResponseSchema), ...catalogErrors },
      },
      async (c) =>
        c.json({ modifierGroup: await catalog.createModifierGroup(c.var.viewer, c.req.valid('json')) }, 201),
    ),
    defineRoute(
      {
        ...catalogRoute,
        method: 'put',
        path: '/api/merchant/catalog/modifier-groups/{groupId}',
        summary: 'Replace a modifier group (modifiers left out are deactivated)',
        params: ModifierGroupIdParamsSchema,
        body: ModifierGroupBodySchema,
        responses: { 200: jsonResponse('Modifier group', ModifierGroupResponseSchema), ...catalogErrors },
      },
      async (c) =>
        c.json(
          {
            modifierGroup: await catalog.updateModifierGroup(
              c.var.viewer,
              c.req.valid('param').groupId,
              c.req.valid('json'),
            ),
          },
          200,
        ),
    ),
    defineRoute(
      {
        ...catalogRoute,
        method: 'post',
        path: '/api/merchant/catalog/discounts',
        summary: 'Add a discount (percentage or fixed; on an item or the whole sale)',
        body: DiscountBodySchema,
        responses: { 201: jsonResponse('Discount', DiscountResponseSchema), ...catalogErrors },
      },
      async (c) => c.json({ discount: await catalog.createDiscount(c.var.viewer, c.req.valid('json')) }, 201),
    ),
    defineRoute(
      {
        ...catalogRoute,
        method: 'put',
        path: '/api/merchant/catalog/discounts/{discountId}',
        summary: 'Change a discount',
        params: DiscountIdParamsSchema,
        body: DiscountBodySchema,
        responses: { 200: jsonResponse('Discount', DiscountResponseSchema), ...catalogErrors },
      },
      async (c) =>
        c.json(
          {
            discount: await catalog.updateDiscount(
              c.var.viewer,
              c.req.valid('param').discountId,
              c.req.valid('json'),
            ),
          },
          200,
        ),
    ),
    defineRoute(
      {
        ...catalogRoute,
        method: 'put',
        path: '/api/merchant/locations/{locationId}/taxes',
        summary:
          "A location's taxes: prices include tax or not, standard and reduced rates, the name on receipts",
        params: CatalogLocationParamsSchema,
        body: LocationTaxesSchema,
        responses: { 200: jsonResponse('Taxes', LocationTaxesResponseSchema), ...catalogErrors },
      },
      async (c) =>
        c.json(
          await catalog.setLocationTaxes(c.var.viewer, c.req.valid('param').locationId, c.req.valid('json')),
          200,
        ),
    ),
    defineRoute(
      {
        ...catalogRoute,
        method: 'get',
        path: '/api/merchant/catalog/items.csv',
        summary: 'The item library as CSV (one row per item, or per variant)',
        responses: { 200: csvResponse('CSV (UTF-8 with BOM, CRLF)'), ...catalogErrors },
      },
      async (c) => {
        const file = await catalog.exportCsv(c.var.viewer);
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
        return c.body(file.body);
      },
    ),
    defineRoute(
      {
        ...catalogRoute,
        method: 'post',
        path: '/api/merchant/catalog/import',
        summary: 'Import the item library CSV: every row checked, nothing written on any error (csv_invalid)',
        body: CatalogImportBodySchema,
        responses: {
          200: jsonResponse('Imported (or checked, with dryRun)', CatalogImportResponseSchema),
          ...catalogErrors,
          400: errorResponse('csv_invalid (error.rows lists each bad row), invalid_request'),
        },
      },
      async (c) => c.json(await catalog.importCsv(c.var.viewer, c.req.valid('json')), 200),
    ),
  ];
}
