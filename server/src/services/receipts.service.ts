/**
 * Receipts for paid sales: a printable HTML page and a plain-text version for email, with what a
 * card-present receipt must show — merchant, location, local date and time (the location's time zone),
 * lines, tax, tip, total, card brand and last 4, entry mode, the EMV application (AID and name),
 * authorization code and account type (from the charge's `card_present.receipt`).
 */
import { formatMoney } from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { SaleRecord } from '../db/repositories/sales.repo.ts';
import { conflict, notFound } from '../errors.ts';
import type { Clock } from '../runtime.ts';
import type { CounterContext } from './auth.service.ts';
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

export interface ReceiptView {
  merchantName: string;
  locationName: string;
  address: string | null;
  dateTime: string;
  saleId: string;
  lines: { description: string; quantity: number; amount: string }[];
  subtotal: string;
  tax: string;
  tip: string | null;
  total: string;
  refunded: boolean;
  card: {
    brand: string;
    last4: string;
    entryMode: string | null;
    applicationName: string | null;
    aid: string | null;
    authorizationCode: string | null;
    accountType: string | null;
    verification: string | null;
  } | null;
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

export function buildReceiptView(
  sale: SaleRecord,
  merchantName: string,
  location: { name: string; timeZone: string; address: Record<string, string> },
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
  const details = sale.cardDetails;
  const receipt = details?.receipt ?? null;
  return {
    merchantName,
    locationName: location.name,
    address: addressParts.length > 0 ? addressParts.join(', ') : null,
    dateTime,
    saleId: sale.id,
    lines: sale.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      amount: money(line.amountMinor),
    })),
    subtotal: money(sale.subtotalMinor),
    tax: money(sale.taxMinor),
    tip: sale.tipMinor > 0 ? money(sale.tipMinor) : null,
    total: money(sale.totalMinor),
    refunded: sale.status !== 'succeeded',
    card: sale.card
      ? {
          brand: capitalize(sale.card.brand),
          last4: sale.card.last4,
          entryMode: sale.card.readMethod
            ? (READ_METHODS[sale.card.readMethod] ?? sale.card.readMethod)
            : null,
          applicationName: receipt?.applicationPreferredName ?? null,
          aid: receipt?.dedicatedFileName ?? null,
          authorizationCode: receipt?.authorizationCode ?? null,
          accountType: receipt?.accountType ? capitalize(receipt.accountType) : null,
          verification: receipt?.cardholderVerificationMethod ?? null,
        }
      : null,
  };
}

export function renderReceiptText(view: ReceiptView): string {
  const rows: string[] = [view.merchantName, view.locationName];
  if (view.address) rows.push(view.address);
  rows.push(view.dateTime, `Sale ${view.saleId}`, '');
  for (const line of view.lines) rows.push(`${line.quantity} × ${line.description}  ${line.amount}`);
  rows.push('', `Subtotal  ${view.subtotal}`, `Tax  ${view.tax}`);
  if (view.tip) rows.push(`Tip  ${view.tip}`);
  rows.push(`Total  ${view.total}`);
  if (view.refunded) rows.push('(refunded in part or in full)');
  if (view.card) {
    const card = view.card;
    rows.push('', `${card.brand} •••• ${card.last4}${card.entryMode ? ` (${card.entryMode})` : ''}`);
    if (card.applicationName) rows.push(`Application: ${card.applicationName}`);
    if (card.aid) rows.push(`AID: ${card.aid}`);
    if (card.authorizationCode) rows.push(`Auth code: ${card.authorizationCode}`);
    if (card.accountType) rows.push(`Account: ${card.accountType}`);
  }
  return `${rows.join('\n')}\n`;
}

export function renderReceiptHtml(view: ReceiptView): string {
  const e = escapeHtml;
  const row = (label: string, value: string, strong = false) =>
    `<tr${strong ? ' class="total"' : ''}><th scope="row">${e(label)}</th><td>${e(value)}</td></tr>`;
  const card = view.card;
  const cardRows = card
    ? [
        row('Card', `${card.brand} •••• ${card.last4}`),
        card.entryMode ? row('Entry', card.entryMode) : '',
        card.applicationName ? row('Application', card.applicationName) : '',
        card.aid ? row('AID', card.aid) : '',
        card.authorizationCode ? row('Auth code', card.authorizationCode) : '',
        card.accountType ? row('Account', card.accountType) : '',
      ].join('')
    : '';
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
  .total th, .total td { font-weight: bold; border-top: 1px dashed #111; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>${e(view.merchantName)}</h1>
<p>${e(view.locationName)}</p>
${view.address ? `<p>${e(view.address)}</p>` : ''}
<p>${e(view.dateTime)}</p>
<p>Sale ${e(view.saleId)}</p>
<table aria-label="Items">
${view.lines.map((line) => row(`${line.quantity} × ${line.description}`, line.amount)).join('\n')}
</table>
<table aria-label="Totals">
${row('Subtotal', view.subtotal)}
${row('Tax', view.tax)}
${view.tip ? row('Tip', view.tip) : ''}
${row('Total', view.total, true)}
</table>
${view.refunded ? '<p>Refunded in part or in full.</p>' : ''}
${cardRows ? `<table aria-label="Payment">${cardRows}</table>` : ''}
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
    return sale;
  }

  function viewFor(counter: CounterContext, sale: SaleRecord): ReceiptView {
    return buildReceiptView(sale, counter.account.businessName, counter.location);
  }

  return {
    async receiptHtml(counter: CounterContext, saleId: string): Promise<string> {
      return renderReceiptHtml(viewFor(counter, await paidSale(counter, saleId)));
    },

    async emailReceipt(counter: CounterContext, saleId: string, email: string): Promise<void> {
      const sale = await paidSale(counter, saleId);
      const view = viewFor(counter, sale);
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
