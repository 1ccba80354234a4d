// Card presentment on a reader, the PaymentIntent side of the Terminal emulation (server-driven reader actions
// and the browser SDK back end both call it): `collectCardPresent` attaches the presented card_present /
// interac_present PaymentMethod and remembers the on-reader tip, reader and location (→ requires_confirmation);
// `confirmCardPresent` processes it through the same confirmation as /v1 confirm (→ requires_capture or
// succeeded, or declined back to requires_payment_method). Call both inside a transaction
// (`api.withContext`); they throw StripeError for an invalid request.
import type Stripe from 'stripe';
import type { RequestContext } from '../core/api.ts';
import {
  assertPaymentMethodTypeAllowed,
  assertStatusAllows,
  checkTipAmount,
} from './payment-intent-state-machine.ts';
import {
  type ConfirmationResult,
  confirmPaymentIntent,
  readNotes,
  requirePaymentIntent,
  savePaymentIntent,
  writeNotes,
} from './payment-intent-transitions.ts';
import { createPaymentMethod } from './payment-methods.ts';

/** A card presented on a reader: attaches its PaymentMethod (→ requires_confirmation). */
export function collectCardPresent(
  ctx: RequestContext,
  args: {
    /** null: the platform's own PaymentIntent. */
    accountId: string | null;
    paymentIntentId: string;
    presented: { type: 'card_present' | 'interac_present'; number: string };
    tipAmount?: number;
    readerId: string;
    locationId: string | null;
  },
): Stripe.PaymentIntent {
  const account = args.accountId ?? ctx.platformId;
  const pi = requirePaymentIntent(ctx, account, args.paymentIntentId);
  assertStatusAllows('collect_card_present', pi);
  assertPaymentMethodTypeAllowed(pi, args.presented.type);
  checkTipAmount(pi, args.tipAmount);
  const pm = createPaymentMethod(ctx, account, args.presented.type, args.presented.number);
  writeNotes(ctx, pi.id, {
    ...readNotes(ctx, pi.id),
    baseAmount: pi.amount,
    tipAmount: args.tipAmount ?? 0,
    readerId: args.readerId,
    locationId: args.locationId,
  });
  return savePaymentIntent(ctx, {
    ...pi,
    payment_method: pm.id,
    status: 'requires_confirmation',
    last_payment_error: null,
  });
}

/** Processes the collected card: approved (requires_capture / succeeded) or declined (requires_payment_method). */
export function confirmCardPresent(
  ctx: RequestContext,
  args: { accountId: string | null; paymentIntentId: string },
): ConfirmationResult {
  const account = args.accountId ?? ctx.platformId;
  const pi = requirePaymentIntent(ctx, account, args.paymentIntentId);
  assertStatusAllows('confirm_card_present', pi);
  return confirmPaymentIntent(ctx, account, pi);
}
