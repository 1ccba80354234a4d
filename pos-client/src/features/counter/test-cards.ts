/**
 * Test cards offered by the emulator-only "Test card" picker: the test card numbers of Stripe's Terminal
 * testing docs (https://docs.stripe.com/terminal/references/testing).
 */
import '../../lib/i18n/later.ts';
import { t } from '../../lib/i18n/i18n.ts';

const APPROVED: readonly [string, string][] = [
  ['visa', 'Visa'],
  ['mastercard', 'Mastercard'],
  ['amex', 'American Express'],
  ['discover', 'Discover'],
  ['jcb', 'JCB'],
];

const DECLINED: readonly [string, string][] = [
  ['charge_declined', 'generic'],
  ['charge_declined_insufficient_funds', 'insufficient_funds'],
  ['charge_declined_lost_card', 'lost_card'],
  ['charge_declined_stolen_card', 'stolen_card'],
  ['charge_declined_expired_card', 'expired_card'],
  ['charge_declined_processing_error', 'processing_error'],
];

/** The picker's options in the UI language, e.g. "Visa — approved", "Declined — insufficient funds". */
export function testCards(): { value: string; label: string }[] {
  return [
    ...APPROVED.map(([value, brand]) => ({ value, label: t('counter:simulator.approved', { brand }) })),
    ...DECLINED.map(([value, reason]) => ({
      value,
      label: t('counter:simulator.declined', { reason: t(`counter:simulator.reasons.${reason}`) }),
    })),
  ];
}
