/**
 * Receipts for paid sales: a printable HTML page and a plain-text version for email, with what a receipt
 * must show — merchant, location, local date and time (the location's time zone), the receipt number,
 * lines with their variant, modifiers and discounts, the sale's discount, the tax (added, or included in
 * the prices), tip, total, and each tender: cash handed over and change given, or the card with what a
 * card-present receipt must show (brand and last 4, entry mode, the EMV application (AID and name),
 * authorization code and account type, from the charge's `card_present.receipt`).
 */
import { formatMoney } from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { SaleRecord } from '../db/repositories/sales.repo.ts';
import { conflict, notFound } from '../errors.ts';
import type { Clock } from '../runtime.ts';
import type { CounterContext } from './auth.service.ts';
import { paymentsOf, type SalePayments } from './checkout/api-sale.ts';
import { type Mailer, sendMail } from './mailer.ts';

export interface ReceiptsDeps {
  database: Database;
  mailer: Mailer;
  clock: Clock;
}

const RECEIPT_STATUSES = new Set(['succeeded', 'partially_refunded', 'refunded']);

const READ_METHODS: Readonly<Record<string, string>> = {
  contactless_emv: 'Contactless',
  contact_emv: 'Chip',
  contactless_magstripe_mode: 'Contactless (magstripe)',
  magnetic_stripe_fallback: 'Swipe (fallback)',
  magnetic_stripe_track2: 'Swipe',
};

export interface ReceiptCard {
  brand: string;
  last4: string;
  entryMode: string | null;
  applicationName: string | null;
  aid: string | null;
  authorizationCode: string | null;
  accountType: string | null;
  verification: string | null;
}

export interface ReceiptView {
  merchantName: string;
  locationName: string;
  address: string | null;
  dateTime: string;
  saleId: string;
  receiptNumber: string | null;
  lines: {
    description: string;
    quantity: number;
    amount: string;
    modifiers: { name: string; amount: string | null }[];
    discount: { name: string; amount: string } | null;
  }[];
  subtotal: string;
  /** The discount on the whole sale. */
  discounts: { name: string; amount: string }[];
  /** The total tax (added or included). */
  tax: string;
  taxIncluded: boolean;
  /** One row per rate, e.g. "Sales tax 8.63%" or "Consumption tax 10%". */
  taxes: { label: string; amount: string }[];
  tip: string | null;
  total: string;
  refunded: boolean;
  tenders: {
    label: string;
    amount: string;
    tendered: string | null;
    change: string | null;
    card: ReceiptCard | null;
  }[];
  /** The sale's card, when paid directly by one card (the tenders list it too). */
  card: ReceiptCard | null;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function receiptCard(sale: SaleRecord): ReceiptCard | null {
  if (!sale.card) return null;
  const receipt = sale.cardDetails?.receipt ?? null;
  return {
    brand: capitalize(sale.card.brand),
    last4: sale.card.last4,
    entryMode: sale.card.readMethod ? (READ_METHODS[sale.card.readMethod] ?? sale.card.readMethod) : null,
    applicationName: receipt?.applicationPreferredName ?? null,
    aid: receipt?.dedicatedFileName ?? null,
    authorizationCode: receipt?.authorizationCode ?? null,
    accountType: receipt?.accountType ? capitalize(receipt.accountType) : null,
    verification: receipt?.cardholderVerificationMethod ?? null,
  };
}

export function buildReceiptView(
  sale: SaleRecord,
  merchantName: string,
  location: { name: string; timeZone: string; address: Record<string, string> },
  payments: SalePayments = { tenders: [], cardParts: [], refunds: [] },
): ReceiptView {
  const money = (amountMinor: number) => formatMoney(amountMinor, sale.currency);
  const when = sale.capturedAtMs ?? sale.createdAtMs;
  const dateTime = new Intl.DateTimeFormat('en-US', {
    timeZone: location.timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(when));
  const addressParts = ['line1', 'city', 'state', 'postal_code']
    .map((key) => location.address[key])
    .filter((part): part is string => typeof part === 'string' && part.length > 0);
  const card = receiptCard(sale);
  const parts = new Map(payments.cardParts.map((part) => [part.id, part]));
  const tenders: ReceiptView['tenders'] =
    payments.tenders.length === 0
      ? card
        ? [
            {
              label: `${card.brand} •••• ${card.last4}`,
              amount: money(sale.totalMinor),
              tendered: null,
              change: null,
              card,
            },
          ]
        : []
      : payments.tenders
          .filter((tender) => tender.status === 'paid')
          .map((tender) => {
            if (tender.method === 'cash') {
              return {
                label: 'Cash',
                amount: money(tender.amountMinor),
                tendered: money(tender.tenderedMinor ?? tender.amountMinor),
                change: money(tender.changeMinor ?? 0),
                card: null,
              };
            }
            const part = tender.cardSaleId === null ? undefined : parts.get(tender.cardSaleId);
            const partCard = part ? receiptCard(part) : null;
            return {
              label: partCard ? `${partCard.brand} •••• ${partCard.last4}` : 'Card',
              amount: money(tender.amountMinor + (part?.tipMinor ?? 0)),
              tendered: null,
              change: null,
              card: partCard,
            };
          });
  return {
    merchantName,
    locationName: location.name,
    address: addressParts.length > 0 ? addressParts.join(', ') : null,
    dateTime,
    saleId: sale.id,
    receiptNumber: sale.receiptNumber,
    lines: sale.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      amount: money(line.amountMinor),
      modifiers: line.modifiers.map((modifier) => ({
        name: modifier.name,
        amount: modifier.priceDeltaMinor === 0 ? null : money(modifier.priceDeltaMinor * line.quantity),
      })),
      discount: line.lineDiscount
        ? { name: line.lineDiscount.name, amount: money(-line.lineDiscount.discountMinor) }
        : null,
    })),
    subtotal: money(sale.subtotalMinor),
    discounts: sale.saleDiscount
      ? [{ name: sale.saleDiscount.name, amount: money(-sale.saleDiscount.discountMinor) }]
      : [],
    tax: money(sale.taxMinor),
    taxIncluded: sale.taxIncluded,
    taxes: sale.taxes.map((tax) => ({
      label: tax.name ?? `Tax ${tax.rateBps / 100}%`,
      amount: money(tax.taxMinor),
    })),
    tip: sale.tipMinor > 0 ? money(sale.tipMinor) : null,
    total: money(sale.totalMinor),
    refunded: sale.status !== 'succeeded',
    tenders,
    card,
  };
}

/** The tax rows: one per rate when the sale knows its rates, else the one total. */
function taxRows(view: ReceiptView): { label: string; amount: string }[] {
  return view.taxes.length > 0 ? view.taxes : [{ label: 'Tax', amount: view.tax }];
}

export function renderReceiptText(view: ReceiptView): string {
  const rows: string[] = [view.merchantName, view.locationName];
  if (view.address) rows.push(view.address);
  rows.push(view.dateTime, view.receiptNumber ? `Receipt ${view.receiptNumber}` : `Sale ${view.saleId}`, '');
  for (const line of view.lines) {
    rows.push(`${line.quantity} × ${line.description}  ${line.amount}`);
    for (const modifier of line.modifiers)
      rows.push(`   + ${modifier.name}${modifier.amount ? `  ${modifier.amount}` : ''}`);
    if (line.discount) rows.push(`   ${line.discount.name}  ${line.discount.amount}`);
  }
  rows.push('', `Subtotal  ${view.subtotal}`);
  for (const discount of view.discounts) rows.push(`${discount.name}  ${discount.amount}`);
  if (!view.taxIncluded) for (const tax of taxRows(view)) rows.push(`${tax.label}  ${tax.amount}`);
  if (view.tip) rows.push(`Tip  ${view.tip}`);
  rows.push(`Total  ${view.total}`);
  if (view.taxIncluded) for (const tax of taxRows(view)) rows.push(`Includes ${tax.label}  ${tax.amount}`);
  if (view.refunded) rows.push('(refunded in part or in full)');
  for (const tender of view.tenders) {
    rows.push('', `${tender.label}  ${tender.amount}`);
    if (tender.tendered) rows.push(`Cash given  ${tender.tendered}`, `Change  ${tender.change ?? ''}`);
    const card = tender.card;
    if (card) {
      if (card.entryMode) rows.push(`Entry: ${card.entryMode}`);
      if (card.applicationName) rows.push(`Application: ${card.applicationName}`);
      if (card.aid) rows.push(`AID: ${card.aid}`);
      if (card.authorizationCode) rows.push(`Auth code: ${card.authorizationCode}`);
      if (card.accountType) rows.push(`Account: ${card.accountType}`);
    }
  }
  return `${rows.join('\n')}\n`;
}

export function renderReceiptHtml(view: ReceiptView): string {
  const e = escapeHtml;
  const row = (label: string, value: string, className = '') =>
    `<tr${className ? ` class="${className}"` : ''}><th scope="row">${e(label)}</th><td>${e(value)}</td></tr>`;
  const lineRows = view.lines
    .map((line) =>
      [
        row(`${line.quantity} × ${line.description}`, line.amount),
        ...line.modifiers.map((modifier) => row(`+ ${modifier.name}`, modifier.amount ?? '', 'detail')),
        line.discount ? row(line.discount.name, line.discount.amount, 'detail') : '',
      ].join(''),
    )
    .join('\n');
  const taxes = taxRows(view);
  const tenderRows = view.tenders
    .map((tender) => {
      const card = tender.card;
      return [
        row(tender.label, tender.amount, 'tender'),
        tender.tendered ? row('Cash given', tender.tendered, 'detail') : '',
        tender.change ? row('Change', tender.change, 'detail') : '',
        card?.entryMode ? row('Entry', card.entryMode, 'detail') : '',
        card?.applicationName ? row('Application', card.applicationName, 'detail') : '',
        card?.aid ? row('AID', card.aid, 'detail') : '',
        card?.authorizationCode ? row('Auth code', card.authorizationCode, 'detail') : '',
        card?.accountType ? row('Account', card.accountType, 'detail') : '',
      ].join('');
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Receipt — ${e(view.merchantName)}</title>
<style>
  body { font: 14px/1.4 ui-monospace, Menlo, monospace; max-width: 22rem; margin: 1rem auto; color: #111; }
  h1 { font-size: 1.1rem; text-align: center; margin: 0; }
  p { text-align: center; margin: 0.2rem 0; }
  table { width: 100%; border-collapse: collapse; margin-top: 0.8rem; }
  th { text-align: left; font-weight: normal; }
  td { text-align: right; }
  .detail th { padding-left: 1rem; color: #444; }
  .total th, .total td { font-weight: bold; border-top: 1px dashed #111; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>${e(view.merchantName)}</h1>
<p>${e(view.locationName)}</p>
${view.address ? `<p>${e(view.address)}</p>` : ''}
<p>${e(view.dateTime)}</p>
<p>${view.receiptNumber ? `Receipt ${e(view.receiptNumber)}` : `Sale ${e(view.saleId)}`}</p>
<table aria-label="Items">
${lineRows}
</table>
<table aria-label="Totals">
${row('Subtotal', view.subtotal)}
${view.discounts.map((discount) => row(discount.name, discount.amount)).join('\n')}
${view.taxIncluded ? '' : taxes.map((tax) => row(tax.label, tax.amount)).join('\n')}
${view.tip ? row('Tip', view.tip) : ''}
${row('Total', view.total, 'total')}
${view.taxIncluded ? taxes.map((tax) => row(`Includes ${tax.label}`, tax.amount, 'detail')).join('\n') : ''}
</table>
${view.refunded ? '<p>Refunded in part or in full.</p>' : ''}
${tenderRows ? `<table aria-label="Payment">${tenderRows}</table>` : ''}
<p>Thank you!</p>
</body>
</html>
`;
}

export function createReceiptsService({ database, mailer, clock }: ReceiptsDeps) {
  const { repos } = database;
  async function paidSale(counter: CounterContext, saleId: string): Promise<SaleRecord> {
    const sale = await repos.sales.findById(saleId);
    if (!sale || sale.accountId !== counter.account.id || sale.locationId !== counter.location.id) {
      throw notFound('sale_not_found', 'No such sale at this location.');
    }
    if (!RECEIPT_STATUSES.has(sale.status)) {
      throw conflict('conflict', 'A receipt is available once the sale is paid.');
    }
    // The receipt of a card part is its sale's.
    if (sale.kind === 'card_part' && sale.parentSaleId !== null) {
      const parent = await repos.sales.findById(sale.parentSaleId);
      if (parent && RECEIPT_STATUSES.has(parent.status)) return parent;
    }
    return sale;
  }

  async function viewFor(counter: CounterContext, sale: SaleRecord): Promise<ReceiptView> {
    return buildReceiptView(
      sale,
      counter.account.businessName,
      counter.location,
      await paymentsOf(repos, sale),
    );
  }

  return {
    async receiptHtml(counter: CounterContext, saleId: string): Promise<string> {
      return renderReceiptHtml(await viewFor(counter, await paidSale(counter, saleId)));
    },

    async emailReceipt(counter: CounterContext, saleId: string, email: string): Promise<void> {
      const sale = await paidSale(counter, saleId);
      const view = await viewFor(counter, sale);
      await sendMail(
        mailer,
        {
          to: email,
          subject: `Your receipt from ${view.merchantName}`,
          text: renderReceiptText(view),
          html: renderReceiptHtml(view),
        },
        'The receipt could not be e-mailed: try again, or print it.',
      );
      await repos.sales.recordReceiptSent(sale.id, email, clock.nowMs());
    },
  };
}

export type ReceiptsService = ReturnType<typeof createReceiptsService>;
