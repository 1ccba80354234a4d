/**
 * A sale as the sales repository hands it out (`SaleRecord`, its lines, discounts and taxes), what a new
 * sale and a state change carry, and the mapping from the `sales` and `sale_lines` rows (JSON columns
 * parsed, a line's shop fields defaulted for lines recorded before 0012).
 */
import type { SaleStatus } from '@countertop/shared';
import type { Selectable } from 'kysely';
import type { CardDetails } from '../../stripe/payments.port.ts';
import type { SaleLinesTable, SalesTable } from '../schema.ts';
import type { CaptureMethod } from './accounts.repo.ts';

type SaleRow = Selectable<SalesTable>;
type LineRow = Selectable<SaleLinesTable>;

/** A discount as applied to a line or a sale. */
export interface AppliedDiscountRecord {
  /** The merchant's predefined discount; null for a custom one. */
  discountId: string | null;
  name: string;
  kind: 'percentage' | 'fixed';
  percentBps: number | null;
  amountMinor: number | null;
  /** What it took off. */
  discountMinor: number;
  /** Who approved a custom discount with their PIN (staff id and display name), if someone did. */
  approvedByStaffId: string | null;
  approvedBy: string | null;
}

export interface SaleLineModifierRecord {
  modifierId: string | null;
  name: string;
  priceDeltaMinor: number;
}

export interface SaleLineRecord {
  position: number;
  productId: string | null;
  description: string;
  quantity: number;
  /** With the modifiers' deltas. */
  unitPriceMinor: number;
  /** quantity × unitPriceMinor, before discounts. */
  amountMinor: number;
  variantId?: string | null;
  variantName?: string | null;
  modifiers?: SaleLineModifierRecord[];
  /** The line's own discount. */
  lineDiscount?: AppliedDiscountRecord | null;
  /** Its own discount plus its share of the sale's. */
  discountMinor?: number;
  taxMinor?: number;
  taxRateBps?: number;
}

export interface SaleTaxRecord {
  /** As receipts show it, e.g. "Consumption tax 10%" (the location's tax name when sold). */
  name?: string;
  taxClass: 'standard' | 'reduced';
  rateBps: number;
  baseMinor: number;
  taxMinor: number;
}

export interface SaleErrorRecord {
  code: string;
  declineCode: string | null;
  message: string;
}

export interface SaleRecord {
  id: string;
  accountId: string;
  locationId: string;
  registerId: string;
  staffId: string;
  clientSaleId: string;
  status: SaleStatus;
  currency: string;
  description: string | null;
  captureMethod: CaptureMethod;
  subtotalMinor: number;
  taxMinor: number;
  tipMinor: number;
  totalMinor: number;
  applicationFeeMinor: number;
  paymentIntentId: string | null;
  readerId: string | null;
  chargeId: string | null;
  card: { brand: string; last4: string; readMethod: string | null } | null;
  cardDetails: CardDetails | null;
  lastError: SaleErrorRecord | null;
  createdAtMs: number;
  updatedAtMs: number;
  capturedAtMs: number | null;
  lines: Required<SaleLineRecord>[];
  /** Every discount of the sale (the lines' own and the sale's). */
  discountMinor: number;
  saleDiscount: AppliedDiscountRecord | null;
  /** True: tax included in the prices; false: added on top. */
  taxIncluded: boolean;
  taxes: SaleTaxRecord[];
  /** `card_part`: one card tender of `parentSaleId`, paid like a sale of its own. */
  kind: 'sale' | 'card_part';
  parentSaleId: string | null;
  /** `<register code>-<n>` (sales before 0012 and card parts have none). */
  receiptNumber: string | null;
}

export type NewSale = Omit<
  SaleRecord,
  | 'updatedAtMs'
  | 'capturedAtMs'
  | 'paymentIntentId'
  | 'readerId'
  | 'chargeId'
  | 'card'
  | 'cardDetails'
  | 'lastError'
  | 'lines'
  | 'discountMinor'
  | 'saleDiscount'
  | 'taxIncluded'
  | 'taxes'
  | 'kind'
  | 'parentSaleId'
  | 'receiptNumber'
> &
  Partial<
    Pick<SaleRecord, 'discountMinor' | 'saleDiscount' | 'taxIncluded' | 'taxes' | 'kind' | 'parentSaleId'>
  > & {
    lines: SaleLineRecord[];
  };

/** The columns a settlement or status change may rewrite. */
export type SaleStatePatch = Partial<
  Pick<
    SaleRecord,
    | 'status'
    | 'tipMinor'
    | 'totalMinor'
    | 'applicationFeeMinor'
    | 'paymentIntentId'
    | 'readerId'
    | 'chargeId'
    | 'card'
    | 'cardDetails'
    | 'lastError'
    | 'capturedAtMs'
  >
>;

export function parseJson<T>(json: string | null, fallback: T): T {
  return json === null ? fallback : (JSON.parse(json) as T);
}

export function fullLine(line: SaleLineRecord): Required<SaleLineRecord> {
  return {
    position: line.position,
    productId: line.productId,
    description: line.description,
    quantity: line.quantity,
    unitPriceMinor: line.unitPriceMinor,
    amountMinor: line.amountMinor,
    variantId: line.variantId ?? null,
    variantName: line.variantName ?? null,
    modifiers: line.modifiers ?? [],
    lineDiscount: line.lineDiscount ?? null,
    discountMinor: line.discountMinor ?? 0,
    taxMinor: line.taxMinor ?? 0,
    taxRateBps: line.taxRateBps ?? 0,
  };
}

export function toLine(line: LineRow): Required<SaleLineRecord> {
  return {
    position: line.position,
    productId: line.product_id,
    description: line.description,
    quantity: line.quantity,
    unitPriceMinor: line.unit_price_minor,
    amountMinor: line.amount_minor,
    variantId: line.variant_id,
    variantName: line.variant_name,
    modifiers: parseJson<SaleLineModifierRecord[]>(line.modifiers_json, []),
    lineDiscount: parseJson<AppliedDiscountRecord | null>(line.line_discount_json, null),
    discountMinor: line.discount_minor,
    taxMinor: line.tax_minor,
    taxRateBps: line.tax_rate_bps,
  };
}

export function toSale(row: SaleRow, lines: LineRow[]): SaleRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    locationId: row.location_id,
    registerId: row.register_id,
    staffId: row.staff_id,
    clientSaleId: row.client_sale_id,
    status: row.status,
    currency: row.currency,
    description: row.description,
    captureMethod: row.capture_method,
    subtotalMinor: row.subtotal_minor,
    taxMinor: row.tax_minor,
    tipMinor: row.tip_minor,
    totalMinor: row.total_minor,
    applicationFeeMinor: row.application_fee_minor,
    paymentIntentId: row.payment_intent_id,
    readerId: row.reader_id,
    chargeId: row.charge_id,
    card:
      row.card_brand && row.card_last4
        ? { brand: row.card_brand, last4: row.card_last4, readMethod: row.read_method }
        : null,
    cardDetails: row.card_details_json ? (JSON.parse(row.card_details_json) as CardDetails) : null,
    lastError: row.last_error_code
      ? {
          code: row.last_error_code,
          declineCode: row.last_decline_code,
          message: row.last_error_message ?? '',
        }
      : null,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
    capturedAtMs: row.captured_at_ms,
    lines: lines.map(toLine),
    discountMinor: row.discount_minor,
    saleDiscount: parseJson<AppliedDiscountRecord | null>(row.sale_discount_json, null),
    taxIncluded: row.tax_included === 1,
    taxes: parseJson<SaleTaxRecord[]>(row.taxes_json, []),
    kind: row.kind,
    parentSaleId: row.parent_sale_id,
    receiptNumber: row.receipt_number,
  };
}
