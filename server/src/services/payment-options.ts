/**
 * What the counter can take right now, so it can say so plainly before the customer pays: card payments
 * need Stripe to answer (checked at most every few seconds by the health port) and an account that can
 * charge; cash needs an open drawer at the register. When card payments cannot happen the counter offers
 * cash; a card payment is never recorded without Stripe's answer (the card endpoints wait for it).
 */
import type { PaymentOptionsResponse } from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { StripeHealth } from '../stripe/health.port.ts';
import { type CounterContext, cannotChargeReason } from './auth.service.ts';
import { DRAWER_CLOSED_MESSAGE } from './checkout/tenders.ts';

export function createPaymentOptions({ database, health }: { database: Database; health: StripeHealth }) {
  return {
    async forCounter(counter: CounterContext): Promise<PaymentOptionsResponse> {
      const [reachable, shift] = await Promise.all([
        health.isReachable(),
        database.repos.drawer.findOpenShift(counter.register.id),
      ]);
      const cannotCharge = cannotChargeReason(counter.account);
      return {
        card: cannotCharge
          ? { available: false, code: 'account_cannot_charge', message: cannotCharge }
          : reachable
            ? { available: true, code: null, message: null }
            : {
                available: false,
                code: 'stripe_unavailable',
                message:
                  'Card payments are not available right now: Stripe cannot be reached. Take cash, or try the card again in a moment.',
              },
        cash: shift
          ? { available: true, code: null, message: null }
          : { available: false, code: 'drawer_closed', message: DRAWER_CLOSED_MESSAGE },
      };
    },
  };
}

export type PaymentOptions = ReturnType<typeof createPaymentOptions>;
