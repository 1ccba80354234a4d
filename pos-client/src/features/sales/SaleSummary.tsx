/**
 * A sale as its receipt has it: the lines (variant, modifiers, discount), subtotal, discounts, tax
 * (included or added, per rate), total, then each tender (cash given and change, the card) and the change
 * due. The counter shows it after payment and the refunds screen when a sale is found.
 */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import type { Sale } from '@countertop/shared';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../hooks/use-formatters.ts';

export function SaleSummary({ sale, title }: { sale: Sale; title?: string }) {
  const { t } = useTranslation('counter');
  const format = useFormatters();
  const money = (amount: number) => format.money(amount, sale.currency);
  const paidTenders = sale.tenders.filter(
    (tender) => tender.status === 'paid' || tender.status === 'pending',
  );
  return (
    <section
      className="sale-summary"
      aria-label={title ?? t('summary.label', { receipt: sale.receiptNumber ?? '' })}
    >
      {sale.receiptNumber && <p className="muted">{t('summary.receipt', { receipt: sale.receiptNumber })}</p>}
      <ul className="summary-lines">
        {sale.lines.map((line, position) => (
          // Lines have no id; their position is what refunds of items use too.
          // biome-ignore lint/suspicious/noArrayIndexKey: a sale's lines never reorder
          <li key={position}>
            <span>
              {line.quantity} × {line.description}
              {line.modifiers.length > 0 && (
                <small className="muted"> {line.modifiers.map((modifier) => modifier.name).join(', ')}</small>
              )}
              {line.discount && (
                <small className="line-discount">
                  {' '}
                  {line.discount.name} −{money(line.discount.discountMinor)}
                </small>
              )}
            </span>
            <span>{money(line.amountMinor)}</span>
          </li>
        ))}
      </ul>
      <dl className="totals">
        <dt>{t('cart.subtotal')}</dt>
        <dd>{money(sale.subtotalMinor)}</dd>
        {sale.discountMinor > 0 && (
          <>
            <dt>
              {sale.saleDiscount
                ? t('cart.discountsWith', { name: sale.saleDiscount.name })
                : t('cart.discounts')}
            </dt>
            <dd>−{money(sale.discountMinor)}</dd>
          </>
        )}
        {sale.taxes.map((tax) => (
          <div key={tax.taxClass} className="totals-row">
            <dt>{sale.taxIncluded ? t('summary.taxIncluded', { name: tax.name }) : tax.name}</dt>
            <dd>{money(tax.taxMinor)}</dd>
          </div>
        ))}
        {sale.tipMinor > 0 && (
          <>
            <dt>{t('summary.tip')}</dt>
            <dd>{money(sale.tipMinor)}</dd>
          </>
        )}
        <dt className="total">{t('cart.total')}</dt>
        <dd className="total">{money(sale.totalMinor)}</dd>
        {paidTenders.map((tender) => (
          <div key={tender.id} className="totals-row">
            <dt>
              {tender.method === 'cash'
                ? t('summary.cash')
                : tender.card
                  ? t('summary.card', { brand: tender.card.brand.toUpperCase(), last4: tender.card.last4 })
                  : t('summary.cardPending')}
              {tender.method === 'cash' && tender.tenderedMinor !== null && (
                <small className="muted">
                  {' '}
                  {t('summary.cashGiven', { amount: money(tender.tenderedMinor) })}
                </small>
              )}
            </dt>
            <dd>{money(tender.amountMinor + tender.tipMinor)}</dd>
            {tender.method === 'cash' && (tender.changeMinor ?? 0) > 0 && (
              <>
                <dt>{t('summary.change')}</dt>
                <dd>{money(tender.changeMinor ?? 0)}</dd>
              </>
            )}
          </div>
        ))}
      </dl>
    </section>
  );
}
