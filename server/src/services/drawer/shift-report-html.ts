/**
 * The printable end-of-shift (Z) report: an HTML page like the receipt's (a narrow monospace column that
 * prints on a receipt printer or A4), every text escaped.
 */
import { formatMoney, type ShiftReport } from '@countertop/shared';

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const MOVEMENT_WORDS: Readonly<Record<string, string>> = {
  cash_sale: 'Cash sale',
  cash_refund: 'Cash refund',
  cash_void: 'Void',
  paid_in: 'Paid in',
  paid_out: 'Paid out',
};

export function renderShiftReportHtml(report: ShiftReport, timeZone: string): string {
  const e = escapeHtml;
  const money = (amountMinor: number) => formatMoney(amountMinor, report.shift.currency);
  const when = (iso: string | null) =>
    iso === null
      ? '—'
      : new Intl.DateTimeFormat('en-US', {
          timeZone,
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: 'numeric',
          minute: '2-digit',
          timeZoneName: 'short',
        }).format(new Date(iso));
  const row = (label: string, value: string, className = '') =>
    `<tr${className ? ` class="${className}"` : ''}><th scope="row">${e(label)}</th><td>${e(value)}</td></tr>`;
  const { cash, sales, shift } = report;
  const overShort =
    cash.overShortMinor === null
      ? '—'
      : cash.overShortMinor === 0
        ? money(0)
        : `${money(cash.overShortMinor)} ${cash.overShortMinor > 0 ? '(over)' : '(short)'}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Z report — ${e(shift.registerCode)}</title>
<style>
  body { font: 14px/1.4 ui-monospace, Menlo, monospace; max-width: 24rem; margin: 1rem auto; color: #111; }
  h1 { font-size: 1.1rem; text-align: center; margin: 0; }
  h2 { font-size: 1rem; margin: 1rem 0 0; border-bottom: 1px dashed #111; }
  p { text-align: center; margin: 0.2rem 0; }
  table { width: 100%; border-collapse: collapse; margin-top: 0.4rem; }
  th { text-align: left; font-weight: normal; }
  td { text-align: right; }
  .total th, .total td { font-weight: bold; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>End of shift (Z report)</h1>
<p>${e(report.locationName)} — ${e(report.registerName)} (${e(shift.registerCode)})</p>
<p>Opened ${e(when(shift.openedAt))} by ${e(shift.openedBy)}</p>
<p>${shift.status === 'closed' ? `Closed ${e(when(shift.closedAt))} by ${e(shift.closedBy ?? '')}` : 'Still open'}</p>
<h2>Cash drawer</h2>
<table aria-label="Cash drawer">
${row('Opening float', money(cash.openingFloatMinor))}
${row('Cash sales', money(cash.cashSalesMinor))}
${row('Cash refunds', money(-cash.cashRefundsMinor))}
${row('Voids', money(-cash.cashVoidsMinor))}
${row('Paid in', money(cash.paidInMinor))}
${row('Paid out', money(-cash.paidOutMinor))}
${row('Expected in drawer', money(cash.expectedMinor), 'total')}
${row('Counted', cash.countedMinor === null ? '—' : money(cash.countedMinor))}
${row('Over / short', overShort, 'total')}
</table>
${shift.note ? `<p>Note: ${e(shift.note)}</p>` : ''}
<h2>Sales</h2>
<table aria-label="Sales">
${row('Sales', String(sales.salesCount))}
${row('Gross sales', money(sales.grossSalesMinor))}
${row('Refunds', money(-sales.refundsMinor))}
${row('Discounts', money(-sales.discountsMinor))}
${row('Net sales', money(sales.netSalesMinor), 'total')}
${row('Tax', money(sales.taxMinor))}
${row('Tips', money(sales.tipsMinor))}
${row('Total collected', money(sales.totalCollectedMinor), 'total')}
</table>
<h2>Tenders</h2>
<table aria-label="Tenders">
${report.tenders
  .map((tender) =>
    [
      row(`${tender.method === 'cash' ? 'Cash' : 'Card'} (${tender.count})`, money(tender.amountMinor)),
      tender.tipsMinor > 0 ? row('  of which tips', money(tender.tipsMinor)) : '',
      tender.refundsMinor > 0 ? row('  refunded', money(-tender.refundsMinor)) : '',
    ].join(''),
  )
  .join('\n')}
</table>
<h2>Drawer movements</h2>
<table aria-label="Drawer movements">
${report.movements
  .map((movement) =>
    row(
      `${when(movement.createdAt)} ${MOVEMENT_WORDS[movement.kind] ?? movement.kind}${movement.reason ? ` — ${movement.reason}` : ''} (${movement.staffName})`,
      money(movement.amountMinor),
    ),
  )
  .join('\n')}
</table>
</body>
</html>
`;
}
