/**
 * Catalog API contract: what the merchant manages (`/api/merchant/catalog/*`: categories, items with
 * variants, modifier groups, per-location availability and prices, discounts, CSV import and export; the
 * location's taxes) and what the counter reads (`GET /api/counter/catalog`: the register's location's
 * catalog with effective prices). Amounts are integer minor units of the account's currency.
 */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../money.ts';

const IdSchema = z.string().trim().min(1).max(64);
const NameSchema = z.string().trim().min(1, 'a name').max(60, 'at most 60 characters');
const SortOrderSchema = z.number().int().min(0).max(1_000_000);
const PriceSchema = z.number().int('a whole amount in minor units').min(0).max(MAX_AMOUNT_MINOR);

/** A tile colour, `#rrggbb`. */
export const TileColorSchema = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f8a70')
  .transform((color) => color.toLowerCase());

/** A stock keeping unit: letters, digits and `. _ - /`, up to 40. */
export const SkuSchema = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9._/-]{1,40}$/,
    'a SKU of up to 40 letters, digits, dots, dashes, slashes or underscores',
  );

/** Which of a location's tax rates an item is taxed at. */
export const TaxClassSchema = z.enum(['standard', 'reduced', 'exempt']);

/** Most variants one item may have; most modifiers in a group; most groups on an item. */
export const MAX_VARIANTS = 20;
export const MAX_MODIFIERS_PER_GROUP = 30;
export const MAX_GROUPS_PER_ITEM = 10;

// ---------------------------------------------------------------------------------------------
// Taxes of a location

/** A location's taxes: its prices include tax (JP, EU, UK, AU) or tax is added (US, CA). */
export const LocationTaxesSchema = z
  .object({
    pricesIncludeTax: z.boolean(),
    /** On receipts, e.g. "Sales tax", "Consumption tax", "VAT". */
    taxName: z.string().trim().min(1).max(40),
    standardRateBps: z.number().int().min(0).max(10_000),
    /** For `reduced` items (e.g. Japan's 8 % on food to take away); null: they pay the standard rate. */
    reducedRateBps: z.number().int().min(0).max(10_000).nullable(),
  })
  .strict();
export type LocationTaxes = z.infer<typeof LocationTaxesSchema>;

// ---------------------------------------------------------------------------------------------
// Catalog objects, as the merchant sees them

/** An item's (or variant's) availability and price at one location; absent: available at its price. */
const LocationSettingSchema = z
  .object({
    locationId: IdSchema,
    available: z.boolean().default(true),
    /** Replaces the catalog price at this location; null: the catalog price. */
    priceMinor: PriceSchema.nullable().default(null),
  })
  .strict();
export type LocationSetting = z.infer<typeof LocationSettingSchema>;

const LocationSettingsSchema = z
  .array(LocationSettingSchema)
  .max(200)
  .refine((list) => new Set(list.map((entry) => entry.locationId)).size === list.length, {
    message: 'each location at most once',
  })
  .default([]);

export const CategorySchema = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string().nullable(),
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export type Category = z.infer<typeof CategorySchema>;

export const VariantSchema = z.object({
  id: z.string(),
  name: z.string(),
  priceMinor: z.number().int(),
  sku: z.string().nullable(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  locations: z.array(
    z.object({ locationId: z.string(), available: z.boolean(), priceMinor: z.number().int().nullable() }),
  ),
});
export type Variant = z.infer<typeof VariantSchema>;

export const ItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  categoryId: z.string().nullable(),
  /** The price of an item without variants (with variants, each variant has its own). */
  priceMinor: z.number().int(),
  sku: z.string().nullable(),
  color: z.string().nullable(),
  taxClass: TaxClassSchema,
  sortOrder: z.number().int(),
  active: z.boolean(),
  variants: z.array(VariantSchema),
  modifierGroupIds: z.array(z.string()),
  locations: z.array(
    z.object({ locationId: z.string(), available: z.boolean(), priceMinor: z.number().int().nullable() }),
  ),
});
export type Item = z.infer<typeof ItemSchema>;

export const ModifierSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Added to the item's unit price; may be negative. */
  priceDeltaMinor: z.number().int(),
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export type Modifier = z.infer<typeof ModifierSchema>;

export const ModifierGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** 0: optional; ≥ 1: required, at least this many. */
  minSelected: z.number().int(),
  /** null: any number. */
  maxSelected: z.number().int().nullable(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  modifiers: z.array(ModifierSchema),
});
export type ModifierGroup = z.infer<typeof ModifierGroupSchema>;

export const DiscountKindSchema = z.enum(['percentage', 'fixed']);
export const DiscountScopeSchema = z.enum(['item', 'sale']);

export const DiscountSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: DiscountKindSchema,
  /** For percentages: basis points (1000 = 10 %). */
  percentBps: z.number().int().nullable(),
  /** For fixed amounts. */
  amountMinor: z.number().int().nullable(),
  /** `item`: applied to a line at the counter; `sale`: to the whole sale. */
  appliesTo: DiscountScopeSchema,
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export type Discount = z.infer<typeof DiscountSchema>;

export const CatalogLocationSchema = z.object({
  id: z.string(),
  name: z.string(),
  taxes: LocationTaxesSchema,
});

/** `GET /api/merchant/catalog`: everything, inactive objects included (the item library). */
export const MerchantCatalogResponseSchema = z.object({
  currency: z.string(),
  /** Whether this viewer may change what applies to every location (owner, support, or a manager of all). */
  canEditCatalog: z.boolean(),
  locations: z.array(CatalogLocationSchema),
  categories: z.array(CategorySchema),
  items: z.array(ItemSchema),
  modifierGroups: z.array(ModifierGroupSchema),
  discounts: z.array(DiscountSchema),
});
export type MerchantCatalogResponse = z.infer<typeof MerchantCatalogResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Writes

/** `POST /api/merchant/catalog/categories`, `PUT …/categories/{categoryId}`. */
export const CategoryBodySchema = z
  .object({
    name: NameSchema,
    color: TileColorSchema.nullable().default(null),
    sortOrder: SortOrderSchema.default(0),
    active: z.boolean().default(true),
  })
  .strict();
export type CategoryBody = z.input<typeof CategoryBodySchema>;

const VariantBodySchema = z
  .object({
    /** An existing variant of this item; omitted: a new variant. */
    id: IdSchema.optional(),
    name: NameSchema,
    priceMinor: PriceSchema,
    sku: SkuSchema.nullable().default(null),
    sortOrder: SortOrderSchema.default(0),
    active: z.boolean().default(true),
    locations: LocationSettingsSchema,
  })
  .strict();

/**
 * `POST /api/merchant/catalog/items`, `PUT …/items/{itemId}`: the whole item. Variants listed with an
 * `id` are updated, without one are added; an existing variant left out is deactivated (sold lines keep
 * pointing at it). `modifierGroupIds` are the groups offered with the item, in order.
 */
export const ItemBodySchema = z
  .object({
    name: NameSchema,
    categoryId: IdSchema.nullable().default(null),
    priceMinor: PriceSchema,
    sku: SkuSchema.nullable().default(null),
    color: TileColorSchema.nullable().default(null),
    taxClass: TaxClassSchema.default('standard'),
    sortOrder: SortOrderSchema.default(0),
    active: z.boolean().default(true),
    variants: z.array(VariantBodySchema).max(MAX_VARIANTS).default([]),
    modifierGroupIds: z
      .array(IdSchema)
      .max(MAX_GROUPS_PER_ITEM)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'each group at most once' })
      .default([]),
    locations: LocationSettingsSchema,
  })
  .strict()
  .refine(
    (body) => {
      const ids = body.variants.flatMap((variant) => (variant.id === undefined ? [] : [variant.id]));
      return new Set(ids).size === ids.length;
    },
    { message: 'each variant at most once', path: ['variants'] },
  )
  .refine((body) => new Set(body.variants.map((variant) => variant.name)).size === body.variants.length, {
    message: 'variant names must differ',
    path: ['variants'],
  });
export type ItemBody = z.input<typeof ItemBodySchema>;

/**
 * `PUT /api/merchant/catalog/items/{itemId}/locations/{locationId}`: the item's availability and price at one
 * location (what a manager of that location may change), and its variants' there.
 */
export const ItemLocationBodySchema = z
  .object({
    available: z.boolean(),
    priceMinor: PriceSchema.nullable(),
    variants: z
      .array(
        z
          .object({ variantId: IdSchema, available: z.boolean(), priceMinor: PriceSchema.nullable() })
          .strict(),
      )
      .max(MAX_VARIANTS)
      .default([]),
  })
  .strict();
export type ItemLocationBody = z.input<typeof ItemLocationBodySchema>;

const ModifierBodySchema = z
  .object({
    id: IdSchema.optional(),
    name: NameSchema,
    priceDeltaMinor: z.number().int().min(-MAX_AMOUNT_MINOR).max(MAX_AMOUNT_MINOR),
    sortOrder: SortOrderSchema.default(0),
    active: z.boolean().default(true),
  })
  .strict();

/** `POST /api/merchant/catalog/modifier-groups`, `PUT …/modifier-groups/{groupId}`: the whole group. */
export const ModifierGroupBodySchema = z
  .object({
    name: NameSchema,
    minSelected: z.number().int().min(0).max(MAX_MODIFIERS_PER_GROUP).default(0),
    maxSelected: z.number().int().min(1).max(MAX_MODIFIERS_PER_GROUP).nullable().default(null),
    sortOrder: SortOrderSchema.default(0),
    active: z.boolean().default(true),
    modifiers: z.array(ModifierBodySchema).min(1, 'at least one modifier').max(MAX_MODIFIERS_PER_GROUP),
  })
  .strict()
  .refine((body) => body.maxSelected === null || body.maxSelected >= body.minSelected, {
    message: 'the most choices cannot be fewer than the least',
    path: ['maxSelected'],
  })
  .refine((body) => body.minSelected <= body.modifiers.filter((modifier) => modifier.active).length, {
    message: 'more choices are required than the group has',
    path: ['minSelected'],
  });
export type ModifierGroupBody = z.input<typeof ModifierGroupBodySchema>;

/** `POST /api/merchant/catalog/discounts`, `PUT …/discounts/{discountId}`. */
export const DiscountBodySchema = z
  .object({
    name: NameSchema,
    kind: DiscountKindSchema,
    percentBps: z.number().int().min(1).max(10_000).nullable().default(null),
    amountMinor: z.number().int().min(1).max(MAX_AMOUNT_MINOR).nullable().default(null),
    appliesTo: DiscountScopeSchema,
    sortOrder: SortOrderSchema.default(0),
    active: z.boolean().default(true),
  })
  .strict()
  .refine((body) => (body.kind === 'percentage') === (body.percentBps !== null), {
    message: 'a percentage discount needs percentBps (and only it)',
    path: ['percentBps'],
  })
  .refine((body) => (body.kind === 'fixed') === (body.amountMinor !== null), {
    message: 'a fixed discount needs amountMinor (and only it)',
    path: ['amountMinor'],
  });
export type DiscountBody = z.input<typeof DiscountBodySchema>;

export const CategoryIdParamsSchema = z.object({ categoryId: IdSchema });
export const ItemIdParamsSchema = z.object({ itemId: IdSchema });
export const ItemLocationParamsSchema = z.object({ itemId: IdSchema, locationId: IdSchema });
export const ModifierGroupIdParamsSchema = z.object({ groupId: IdSchema });
export const DiscountIdParamsSchema = z.object({ discountId: IdSchema });
export const CatalogLocationParamsSchema = z.object({ locationId: IdSchema });

export const CategoryResponseSchema = z.object({ category: CategorySchema });
export const ItemResponseSchema = z.object({ item: ItemSchema });
export const ModifierGroupResponseSchema = z.object({ modifierGroup: ModifierGroupSchema });
export const DiscountResponseSchema = z.object({ discount: DiscountSchema });
export const LocationTaxesResponseSchema = z.object({ locationId: z.string(), taxes: LocationTaxesSchema });

// ---------------------------------------------------------------------------------------------
// CSV import and export of the item library

/** Largest CSV accepted in one import (characters). */
export const MAX_IMPORT_CSV_LENGTH = 1_000_000;

/**
 * `POST /api/merchant/catalog/import`: the CSV of `GET /api/merchant/catalog/items.csv` (same columns).
 * Every row is checked first; on any error nothing is written and the answer is 400 `csv_invalid` with
 * `error.rows` (row numbers as a spreadsheet shows them: the header is row 1). `dryRun` checks only.
 */
export const CatalogImportBodySchema = z
  .object({
    csv: z.string().min(1, 'the CSV text').max(MAX_IMPORT_CSV_LENGTH),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type CatalogImportBody = z.input<typeof CatalogImportBodySchema>;

export const CatalogImportResponseSchema = z.object({
  dryRun: z.boolean(),
  /** Rows read (the header excluded). */
  rows: z.number().int(),
  itemsCreated: z.number().int(),
  itemsUpdated: z.number().int(),
  variantsCreated: z.number().int(),
  variantsUpdated: z.number().int(),
  categoriesCreated: z.number().int(),
});
export type CatalogImportResponse = z.infer<typeof CatalogImportResponseSchema>;

/** One problem of a rejected import. */
export const CsvRowErrorSchema = z.object({ row: z.number().int(), message: z.string() });
export type CsvRowError = z.infer<typeof CsvRowErrorSchema>;

// ---------------------------------------------------------------------------------------------
// The counter's catalog

const CounterModifierSchema = z.object({
  id: z.string(),
  name: z.string(),
  priceDeltaMinor: z.number().int(),
});

const CounterModifierGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  minSelected: z.number().int(),
  maxSelected: z.number().int().nullable(),
  modifiers: z.array(CounterModifierSchema),
});
export type CounterModifierGroup = z.infer<typeof CounterModifierGroupSchema>;

const CounterVariantSchema = z.object({ id: z.string(), name: z.string(), priceMinor: z.number().int() });

const CounterItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  categoryId: z.string().nullable(),
  /** The price at this location (an item with variants: the lowest variant's, for "from …"). */
  priceMinor: z.number().int(),
  sku: z.string().nullable(),
  color: z.string().nullable(),
  taxClass: TaxClassSchema,
  /** Non-empty: the cashier picks one (each at its price here). */
  variants: z.array(CounterVariantSchema),
  /** The item's groups, in order (each group's modifiers available here). */
  modifierGroupIds: z.array(z.string()),
});
export type CounterItem = z.infer<typeof CounterItemSchema>;

const CounterDiscountSchema = DiscountSchema.omit({ sortOrder: true, active: true });

/** The shop part of `GET /api/counter/catalog`, beside the legacy `products` and `taxRateBps`. */
export const CounterCatalogShape = {
  /** The location's taxes (the rounding rule is shared `priceSale`). */
  taxes: LocationTaxesSchema,
  categories: z.array(z.object({ id: z.string(), name: z.string(), color: z.string().nullable() })),
  items: z.array(CounterItemSchema),
  modifierGroups: z.array(CounterModifierGroupSchema),
  /** Predefined discounts anyone may apply. Custom ones need the `discounts` permission or an approval. */
  discounts: z.array(CounterDiscountSchema),
};
