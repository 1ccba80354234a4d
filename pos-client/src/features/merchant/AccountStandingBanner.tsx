/**
 * Shown on every merchant screen when the platform has lost the account's Stripe account: disconnected (the
 * owner removed the platform's access in Stripe, or Stripe no longer gives it) or rejected by Stripe — what
 * happened, when, and what still works (the history, figures and exports here, cash sales at the counter)
 * and what does not (card payments, refunds and anything else that needs Stripe).
 */
import type { MerchantContextResponse } from '@countertop/shared';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../hooks/use-formatters.ts';

type Standing = MerchantContextResponse['standing'];

/** The i18n key of what happened (`standing.what.*`). */
export function standingKey(standing: Standing): string | null {
  if (standing.connection === 'disconnected') {
    return standing.disconnectedReason === 'deauthorized' ? 'deauthorized' : 'accessRevoked';
  }
  if (standing.connection === 'rejected') return 'rejected';
  return null;
}

export function AccountStandingBanner({ context }: { context: MerchantContextResponse }) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const { standing } = context;
  const key = standingKey(standing);
  if (!key) return null;
  const at = standing.connection === 'rejected' ? standing.rejectedAt : standing.disconnectedAt;
  const reason = standing.rejectedReason?.replace(/^rejected\./, '') ?? 'other';
  return (
    <div
      className="notice standing-banner"
      role="note"
      aria-labelledby="standing-title"
      data-testid="account-standing"
    >
      <strong id="standing-title">{t(`standing.title.${standing.connection}`)}</strong>
      <p>
        {t(`standing.what.${key}`, {
          name: context.account.businessName,
          when: at ? format.dateTime(at) : '',
          reason: t(`standing.rejectedReason.${reason}`, { defaultValue: reason }),
        })}
      </p>
      <p>{t('standing.stillWorks')}</p>
      <p>{t(`standing.nextStep.${standing.connection}`)}</p>
    </div>
  );
}
