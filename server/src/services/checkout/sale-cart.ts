/**
 * Pricing a cart on the server: every line checked against the catalog at the register's location (the
 * item sold here, its variant, its modifiers within their groups' limits, prices from the catalog — the
 * client's prices are never read), the discounts resolved (the merchant's, or a custom one the signed-in
 * role may give or a manager approved with their PIN), and the shared pricing rules (`priceSale`: tax after
 * discounts, once per sale and rate). A keyed amount is one line, taken as final with tax included.
 */
import {
  type CreateSaleBody,
  type DiscountInput,
  type DiscountSpec,
  MAX_AMOUNT_MINOR,
  type PricedSale,
  type PricingLine,
  priceSale,
} from '@countertop/shared';
import type { Repositories } from '../../db/repositories/index.ts';
import type { Product } from '../../db/repositories/products.repo.ts';
import type {
  AppliedDiscountRecord,
  SaleLineRecord,
  SaleRecord,
  SaleTaxRecord,
} from '../../db/repositories/sales.repo.ts';
import {
  activeGroupsById,
  chooseLine,
  LineChoiceError,
  sellableAt,
  taxSettingsOf,
} from '../../domain/catalog.ts';
import { invalidRequest } from '../../errors.ts';
import type { Approvals } from '../approvals.ts';
import type { CounterContext } from '../auth.service.ts';
import { catalogDataOf } from '../catalog/catalog-data.ts';

/** Description of the single line of a keyed-amount sale when the cashier typed none. */
export const KEYED_SALE_DESCRIPTION = 'Custom amount';
const CUSTOM_DISCOUNT_NAME = 'Custom discount';

export interface PricedCart {
  lines: SaleLineRecord[];
  subtotalMinor: number;
  discountMinor: number;
  saleDiscount: AppliedDiscountRecord | null;
  taxMinor: number;
  taxIncluded: boolean;
  taxes: SaleTaxRecord[];
  /** Before any tip. */
  totalMinor: number;
}

interface ResolvedDiscount {
  spec: DiscountSpec;
  record: Omit<AppliedDiscountRecord, 'discountMinor'>;
  custom: boolean;
}

function isCustom(input: DiscountInput): input is Exclude<DiscountInput, { discountId: string }> {
  return !('discountId' in input);
}

async function resolveDiscount(
  repos: Repositories,
  counter: CounterContext,
  input: DiscountInput,
  scope: 'item' | 'sale',
  where: string,
): Promise<ResolvedDiscount> {
  if (isCustom(input)) {
    const name = input.name ?? CUSTOM_DISCOUNT_NAME;
    const spec: DiscountSpec =
      'percentBps' in input
        ? { kind: 'percentage', percentBps: input.percentBps }
        : { kind: 'fixed', amountMinor: input.amountMinor };
    return {
      spec,
      custom: true,
      record: {
        discountId: null,
        name,
        kind: spec.kind,
        percentBps: spec.kind === 'percentage' ? spec.percentBps : null,
        amountMinor: spec.kind === 'fixed' ? spec.amountMinor : null,
        approvedByStaffId: null,
        approvedBy: null,
      },
    };
  }
  const discount = await repos.discounts.findById(input.discountId);
  if (!discount || discount.accountId !== counter.account.id || !discount.active) {
    throw invalidRequest(`${where}: no such discount (${input.discountId})`);
  }
  if (discount.appliesTo !== scope) {
    throw invalidRequest(
      `${where}: ${discount.name} applies to ${discount.appliesTo === 'sale' ? 'the whole sale' : 'an item'}`,
    );
  }
  const spec: DiscountSpec =
    discount.kind === 'percentage'
      ? { kind: 'percentage', percentBps: discount.percentBps ?? 0 }
      : { kind: 'fixed', amountMinor: discount.amountMinor ?? 0 };
  return {
    spec,
    custom: false,
    record: {
      discountId: discount.id,
      name: discount.name,
      kind: discount.kind,
      percentBps: discount.percentBps,
      amountMinor: discount.amountMinor,
      approvedByStaffId: null,
      approvedBy: null,
    },
  };
}

function checkTotal(totalMinor: number): void {
  if (totalMinor > MAX_AMOUNT_MINOR) throw invalidRequest('The sale is larger than one card payment can be.');
  if (totalMinor <= 0) throw invalidRequest('The sale total must be above zero.');
}

/** Prices the body's cart (or keyed amount) for the register's location. */
export async function priceCart(
  repos: Repositories,
  approvals: Approvals,
  counter: CounterContext,
  body: CreateSaleBody,
): Promise<PricedCart> {
  if (body.keyedAmountMinor !== undefined) {
    checkTotal(body.keyedAmountMinor);
    return {
      lines: [
        {
          position: 0,
          productId: null,
          description: body.description ?? KEYED_SALE_DESCRIPTION,
          quantity: 1,
          unitPriceMinor: body.keyedAmountMinor,
          amountMinor: body.keyedAmountMinor,
        },
      ],
      subtotalMinor: body.keyedAmountMinor,
      discountMinor: 0,
      saleDiscount: null,
      // A keyed amount is what the cashier charges: it is taken as final, tax included.
      taxMinor: 0,
      taxIncluded: false,
      taxes: [],
      totalMinor: body.keyedAmountMinor,
    };
  }
  const items = body.items ?? [];
  const products: Product[] = [];
  const byId = await repos.products.findByIds(items.map((item) => item.productId));
  for (const [position, item] of items.entries()) {
    const product = byId.get(item.productId);
    if (!product || product.accountId !== counter.account.id || !product.active) {
      throw invalidRequest(
        `items.${position}.productId: no such product in this catalog (${item.productId})`,
      );
    }
    products.push(product);
  }
  const unique = [...new Map(products.map((product) => [product.id, product])).values()];
  const data = await catalogDataOf(repos, counter.account.id, unique);
  const groups = activeGroupsById(data.groups);

  const chosen = items.map((item, position) => {
    const product = products[position];
    const sellable = product && sellableAt(product, data, groups, counter.location.id);
    if (!product || !sellable) {
      throw invalidRequest(
        `items.${position}.productId: ${product?.name ?? 'this item'} is not sold at this location`,
      );
    }
    try {
      return chooseLine(sellable, { variantId: item.variantId, modifierIds: item.modifierIds });
    } catch (error) {
      if (error instanceof LineChoiceError)
        throw invalidRequest(`items.${position}: ${error.message}`, error);
      throw error;
    }
  });

  const lineDiscounts = await Promise.all(
    items.map((item, position) =>
      item.discount === undefined
        ? null
        : resolveDiscount(repos, counter, item.discount, 'item', `items.${position}.discount`),
    ),
  );
  const saleDiscount =
    body.discount === undefined
      ? null
      : await resolveDiscount(repos, counter, body.discount, 'sale', 'discount');
  let approvedBy: { id: string; displayName: string } | null = null;
  if ([...lineDiscounts, saleDiscount].some((discount) => discount?.custom)) {
    approvedBy = (await approvals.authorize(counter, 'discounts', body.approval)).approvedBy;
  }
  const approval = (resolved: ResolvedDiscount) =>
    resolved.custom && approvedBy
      ? { approvedByStaffId: approvedBy.id, approvedBy: approvedBy.displayName }
      : {};

  const pricingLines: PricingLine[] = items.map((item, position) => ({
    unitPriceMinor: chosen[position]?.unitPriceMinor ?? 0,
    quantity: item.quantity,
    taxClass: chosen[position]?.taxClass ?? 'standard',
    discount: lineDiscounts[position]?.spec ?? null,
  }));
  let priced: PricedSale;
  try {
    priced = priceSale({
      currency: counter.account.currency,
      lines: pricingLines,
      saleDiscount: saleDiscount?.spec ?? null,
      tax: taxSettingsOf(counter.location),
    });
  } catch (error) {
    if (error instanceof RangeError)
      throw invalidRequest('The sale is larger than one card payment can be.', error);
    throw error;
  }
  checkTotal(priced.totalMinor);
  return {
    lines: items.map((item, position) => {
      const line = priced.lines[position];
      const choice = chosen[position];
      const discount = lineDiscounts[position];
      return {
        position,
        productId: item.productId,
        description: choice?.description ?? '',
        quantity: item.quantity,
        unitPriceMinor: choice?.unitPriceMinor ?? 0,
        amountMinor: line?.amountMinor ?? 0,
        variantId: choice?.variantId ?? null,
        variantName: choice?.variantName ?? null,
        modifiers: choice?.modifiers ?? [],
        lineDiscount: discount
          ? { ...discount.record, ...approval(discount), discountMinor: line?.lineDiscountMinor ?? 0 }
          : null,
        discountMinor: line?.discountMinor ?? 0,
        taxMinor: line?.taxMinor ?? 0,
        taxRateBps: line?.taxRateBps ?? 0,
      };
    }),
    subtotalMinor: priced.subtotalMinor,
    discountMinor: priced.discountMinor,
    saleDiscount: saleDiscount
      ? { ...saleDiscount.record, ...approval(saleDiscount), discountMinor: priced.saleDiscountMinor }
      : null,
    taxMinor: priced.taxMinor,
    taxIncluded: priced.taxIncluded,
    taxes: priced.taxes.map((tax) => ({
      ...tax,
      name: `${counter.location.taxName}${tax.taxClass === 'reduced' ? ' (reduced)' : ''} ${tax.rateBps / 100}%`,
    })),
    totalMinor: priced.totalMinor,
  };
}

function sameDiscount(input: DiscountInput | undefined, applied: AppliedDiscountRecord | null): boolean {
  if (input === undefined) return applied === null;
  if (applied === null) return false;
  if (!isCustom(input)) return applied.discountId === input.discountId;
  if (applied.discountId !== null) return false;
  return 'percentBps' in input
    ? applied.kind === 'percentage' && applied.percentBps === input.percentBps
    : applied.kind === 'fixed' && applied.amountMinor === input.amountMinor;
}

/** Whether a replayed create-sale body asks for the sale already recorded under its clientSaleId. */
export function sameCart(sale: SaleRecord, body: CreateSaleBody): boolean {
  if (body.keyedAmountMinor !== undefined) {
    const [line] = sale.lines;
    return (
      sale.lines.length === 1 && line?.productId === null && line.unitPriceMinor === body.keyedAmountMinor
    );
  }
  const items = body.items ?? [];
  return (
    sale.lines.length === items.length &&
    sameDiscount(body.discount, sale.saleDiscount) &&
    sale.lines.every((line, index) => {
      const item = items[index];
      return (
        item !== undefined &&
        line.productId === item.productId &&
        line.quantity === item.quantity &&
        line.variantId === (item.variantId ?? null) &&
        JSON.stringify(line.modifiers.map((modifier) => modifier.modifierId).sort()) ===
          JSON.stringify([...(item.modifierIds ?? [])].sort()) &&
        sameDiscount(item.discount, line.lineDiscount)
      );
    })
  );
}
