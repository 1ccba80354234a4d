/**
 * The item library as CSV (pure): the export, and the import checked row by row into a plan of what to
 * create and update. One row per item without variants, one row per variant otherwise (the item's own
 * columns repeated on each). Prices are decimals in the currency's digits (`4.50`, `480`). The import
 * creates and updates; it never removes or deactivates what the file leaves out (set `active` to `no`).
 *
 * Columns: item_id, variant_id (blank: new), item_name, variant_name (blank: an item without variants),
 * category (found by name, created if new), sku, price, tax_class (standard, reduced, exempt; blank:
 * standard), color (#rrggbb or blank), active (yes/no; blank: yes), sort_order (blank: 0), modifier_groups
 * (names of existing groups separated by `;`).
 */
import {
  type CsvRowError,
  parseMajorAmount,
  SkuSchema,
  type TaxClass,
  TaxClassSchema,
  TileColorSchema,
} from '@countertop/shared';
import type { CatalogData } from './catalog.ts';
import { type CsvCell, formatMinorAsDecimal, toCsv } from './csv.ts';
import { CsvParseError, parseCsv } from './csv-parse.ts';

export const CATALOG_CSV_HEADER = [
  'item_id',
  'variant_id',
  'item_name',
  'variant_name',
  'category',
  'sku',
  'price',
  'tax_class',
  'color',
  'active',
  'sort_order',
  'modifier_groups',
] as const;

/** Most rows one import may carry. */
export const MAX_IMPORT_ROWS = 5_000;
const MAX_NAME = 60;

/** The library as CSV, items in display order, each item's variants after it. */
export function buildCatalogCsv(data: CatalogData, currency: string): string {
  const categories = new Map(data.categories.map((category) => [category.id, category.name]));
  const groups = new Map(data.groups.map((group) => [group.id, group.name]));
  const rows: CsvCell[][] = [];
  for (const item of data.items) {
    const itemColumns = {
      category: item.categoryId === null ? null : (categories.get(item.categoryId) ?? null),
      groups: (data.groupIds.get(item.id) ?? []).map((id) => groups.get(id) ?? id).join(';'),
    };
    const variants = data.variants.get(item.id) ?? [];
    const row = (variant: (typeof variants)[number] | null): CsvCell[] => [
      item.id,
      variant?.id ?? null,
      item.name,
      variant?.name ?? null,
      itemColumns.category,
      variant ? variant.sku : item.sku,
      formatMinorAsDecimal(variant ? variant.priceMinor : item.priceMinor, currency),
      item.taxClass,
      item.color,
      (variant ? variant.active : item.active) ? 'yes' : 'no',
      variant ? variant.sortOrder : item.sortOrder,
      itemColumns.groups,
    ];
    if (variants.length === 0) rows.push(row(null));
    else for (const variant of variants) rows.push(row(variant));
  }
  return toCsv(CATALOG_CSV_HEADER, rows, { byteOrderMark: true });
}

export interface PlannedVariant {
  /** null: a new variant. */
  variantId: string | null;
  name: string;
  priceMinor: number;
  sku: string | null;
  active: boolean;
  sortOrder: number;
}

export interface PlannedItem {
  /** null: a new item. */
  itemId: string | null;
  name: string;
  /** A category name (created when the account has none of that name), or null. */
  category: string | null;
  priceMinor: number;
  sku: string | null;
  taxClass: TaxClass;
  color: string | null;
  active: boolean;
  sortOrder: number;
  groupIds: string[];
  /** Empty: an item without variants. */
  variants: PlannedVariant[];
}

export interface ImportPlan {
  rows: number;
  items: PlannedItem[];
  newCategories: string[];
}

interface RowValues {
  row: number;
  itemId: string | null;
  variantId: string | null;
  itemName: string;
  variantName: string | null;
  category: string | null;
  sku: string | null;
  priceMinor: number;
  taxClass: TaxClass;
  color: string | null;
  active: boolean;
  sortOrder: number;
  groupIds: string[];
}

const ACTIVE_WORDS: Readonly<Record<string, boolean>> = {
  '': true,
  yes: true,
  y: true,
  true: true,
  '1': true,
  no: false,
  n: false,
  false: false,
  '0': false,
};

/** Reads and checks every row; the plan when all are good, else every problem found (nothing is planned). */
export function planCatalogImport(
  text: string,
  currency: string,
  existing: CatalogData,
): { plan: ImportPlan } | { errors: CsvRowError[] } {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvParseError) return { errors: [{ row: error.line, message: error.message }] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { errors: [{ row: 1, message: 'The file is empty.' }] };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const missing = CATALOG_CSV_HEADER.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    return {
      errors: [{ row: header.line, message: `The header lacks the column(s) ${missing.join(', ')}.` }],
    };
  }
  if (body.length === 0) return { errors: [{ row: header.line + 1, message: 'The file has no rows.' }] };
  if (body.length > MAX_IMPORT_ROWS) {
    return { errors: [{ row: header.line, message: `At most ${MAX_IMPORT_ROWS} rows per import.` }] };
  }

  const errors: CsvRowError[] = [];
  const items = new Map(existing.items.map((item) => [item.id, item]));
  const groupsByName = new Map(existing.groups.map((group) => [group.name.toLowerCase(), group.id]));
  const values: RowValues[] = [];
  for (const record of body) {
    const cell = (name: (typeof CATALOG_CSV_HEADER)[number]) =>
      (record.fields[columns.indexOf(name)] ?? '').trim();
    const problems: string[] = [];
    const itemName = cell('item_name');
    if (itemName === '' || itemName.length > MAX_NAME)
      problems.push(`item_name: a name of 1 to ${MAX_NAME} characters`);
    const variantName = cell('variant_name') || null;
    if (variantName !== null && variantName.length > MAX_NAME)
      problems.push(`variant_name: at most ${MAX_NAME} characters`);
    const category = cell('category') || null;
    if (category !== null && category.length > MAX_NAME)
      problems.push(`category: at most ${MAX_NAME} characters`);
    const priceMinor = parseMajorAmount(cell('price'), currency);
    if (priceMinor === null)
      problems.push(`price: "${cell('price')}" is not an amount in ${currency.toUpperCase()}`);
    const sku = cell('sku') || null;
    if (sku !== null && !SkuSchema.safeParse(sku).success) problems.push(`sku: "${sku}" is not a valid SKU`);
    const taxClass = TaxClassSchema.safeParse(cell('tax_class').toLowerCase() || 'standard');
    if (!taxClass.success) problems.push('tax_class: standard, reduced or exempt');
    const color = cell('color') ? TileColorSchema.safeParse(cell('color')) : null;
    if (color && !color.success) problems.push('color: a colour like #1f8a70');
    const active = ACTIVE_WORDS[cell('active').toLowerCase()];
    if (active === undefined) problems.push('active: yes or no');
    const sortText = cell('sort_order');
    const sortOrder = sortText === '' ? 0 : Number(sortText);
    if (!Number.isSafeInteger(sortOrder) || sortOrder < 0 || sortOrder > 1_000_000) {
      problems.push('sort_order: a whole number from 0');
    }
    const groupIds: string[] = [];
    for (const name of cell('modifier_groups')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const id = groupsByName.get(name.toLowerCase());
      if (id === undefined) problems.push(`modifier_groups: no modifier group called "${name}"`);
      else if (!groupIds.includes(id)) groupIds.push(id);
    }
    const itemId = cell('item_id') || null;
    if (itemId !== null && !items.has(itemId)) problems.push(`item_id: no item ${itemId} in your library`);
    const variantId = cell('variant_id') || null;
    if (variantId !== null) {
      const ofItem = itemId === null ? [] : (existing.variants.get(itemId) ?? []);
      if (!ofItem.some((variant) => variant.id === variantId)) {
        problems.push(`variant_id: ${variantId} is not a variant of ${itemId ?? 'a listed item'}`);
      }
      if (variantName === null) problems.push('variant_name: a variant needs a name');
    }
    if (problems.length > 0) {
      errors.push({ row: record.line, message: problems.join('; ') });
      continue;
    }
    values.push({
      row: record.line,
      itemId,
      variantId,
      itemName,
      variantName,
      category,
      sku,
      priceMinor: priceMinor ?? 0,
      taxClass: taxClass.data ?? 'standard',
      color: color?.data ?? null,
      active: active ?? true,
      sortOrder,
      groupIds,
    });
  }

  // Rows of one item: by its id, else by its name (a new item).
  const grouped = new Map<string, RowValues[]>();
  for (const value of values) {
    const key = value.itemId ?? `name:${value.itemName}`;
    const list = grouped.get(key);
    if (list) list.push(value);
    else grouped.set(key, [value]);
  }
  const planned: PlannedItem[] = [];
  const skuOwner = new Map<string, number>();
  const existingSkus = new Map<string, string>();
  for (const item of existing.items) if (item.sku) existingSkus.set(item.sku, `item:${item.id}`);
  for (const variants of existing.variants.values()) {
    for (const variant of variants) if (variant.sku) existingSkus.set(variant.sku, `variant:${variant.id}`);
  }
  for (const rows of grouped.values()) {
    const [first] = rows;
    if (!first) continue;
    const withVariants = rows.filter((row) => row.variantName !== null);
    if (withVariants.length > 0 && withVariants.length < rows.length) {
      for (const row of rows.filter((candidate) => candidate.variantName === null)) {
        errors.push({
          row: row.row,
          message: `${first.itemName} has variants: give each row a variant_name.`,
        });
      }
      continue;
    }
    if (withVariants.length === 0 && rows.length > 1) {
      for (const row of rows.slice(1)) {
        errors.push({
          row: row.row,
          message: `${first.itemName} appears again (row ${first.row}); one row per item without variants.`,
        });
      }
      continue;
    }
    for (const row of rows.slice(1)) {
      const differs = (['itemName', 'category', 'taxClass', 'color'] as const).find(
        (key) => row[key] !== first[key],
      );
      if (differs)
        errors.push({ row: row.row, message: `${differs} differs from row ${first.row} of the same item.` });
    }
    if (
      first.itemId !== null &&
      withVariants.length === 0 &&
      (existing.variants.get(first.itemId) ?? []).length > 0
    ) {
      errors.push({ row: first.row, message: `${first.itemName} has variants: give one row per variant.` });
    }
    const names = new Set<string>();
    for (const row of withVariants) {
      const name = row.variantName ?? '';
      if (names.has(name))
        errors.push({ row: row.row, message: `${first.itemName} lists the variant ${name} twice.` });
      names.add(name);
    }
    for (const row of rows) {
      if (row.sku === null) continue;
      const earlier = skuOwner.get(row.sku);
      if (earlier !== undefined)
        errors.push({ row: row.row, message: `sku: ${row.sku} is also on row ${earlier}.` });
      skuOwner.set(row.sku, row.row);
      const owner = existingSkus.get(row.sku);
      const self = row.variantName === null ? `item:${row.itemId}` : `variant:${row.variantId}`;
      if (owner !== undefined && owner !== self) {
        errors.push({
          row: row.row,
          message: `sku: ${row.sku} is already used by another item in your library.`,
        });
      }
    }
    const existingVariants = first.itemId === null ? [] : (existing.variants.get(first.itemId) ?? []);
    // An item with variants keeps its own price, SKU and order (the rows are its variants'); a new one
    // takes its lowest variant's price.
    const current = first.itemId === null ? undefined : items.get(first.itemId);
    const ofVariants = withVariants.length > 0;
    planned.push({
      itemId: first.itemId,
      name: first.itemName,
      category: first.category,
      priceMinor: ofVariants
        ? (current?.priceMinor ?? Math.min(...withVariants.map((row) => row.priceMinor)))
        : first.priceMinor,
      sku: ofVariants ? (current?.sku ?? null) : first.sku,
      taxClass: first.taxClass,
      color: first.color,
      active: rows.some((row) => row.active),
      sortOrder: ofVariants ? (current?.sortOrder ?? 0) : first.sortOrder,
      groupIds: first.groupIds,
      variants: withVariants.map((row) => ({
        variantId:
          row.variantId ?? existingVariants.find((variant) => variant.name === row.variantName)?.id ?? null,
        name: row.variantName ?? '',
        priceMinor: row.priceMinor,
        sku: row.sku,
        active: row.active,
        sortOrder: row.sortOrder,
      })),
    });
  }
  if (errors.length > 0) return { errors: errors.sort((a, b) => a.row - b.row) };
  const knownCategories = new Set(existing.categories.map((category) => category.name));
  const newCategories = [
    ...new Set(
      planned.flatMap((item) =>
        item.category && !knownCategories.has(item.category) ? [item.category] : [],
      ),
    ),
  ];
  return { plan: { rows: body.length, items: planned, newCategories } };
}
