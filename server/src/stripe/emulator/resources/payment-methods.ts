// Emulates PaymentMethods created by card presentment (card_present / interac_present, read contactless) and
// by the online `pm_card_*` test tokens (type card); GET /v1/payment_methods/:id. The card number is kept
// privately (kv) so confirmation can look up the test-card outcome. Does NOT emulate creating PaymentMethods
// from raw card numbers, customers, attach/detach or listing.
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { resourceMissing } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { p } from '../core/params.ts';
import { lookupCard, type TestCard } from './test-cards.ts';

type PresentType = 'card_present' | 'interac_present' | 'card';

function fingerprint(number: string): string {
  return createHash('sha256').update(number).digest('base64url').slice(0, 16);
}

export function cardExpiry(ctx: RequestContext): { exp_month: number; exp_year: number } {
  return { exp_month: 12, exp_year: new Date(ctx.clock.nowMs()).getUTCFullYear() + 3 };
}

export function createPaymentMethod(
  ctx: RequestContext,
  account: string,
  type: PresentType,
  number: string,
): Stripe.PaymentMethod {
  const card = lookupCard(number);
  const base = {
    brand: card.brand,
    country: card.country,
    ...cardExpiry(ctx),
    fingerprint: fingerprint(number),
    funding: card.funding,
    last4: number.slice(-4),
  };
  const pm: Stripe.PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    created: ctx.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type,
  };
  if (type === 'card_present') {
    pm.card_present = {
      ...base,
      brand_product: null,
      cardholder_name: null,
      networks: { available: [card.brand], preferred: null },
      offline: null,
      preferred_locales: ['en'],
      read_method: 'contactless_emv',
    };
  } else if (type === 'interac_present') {
    pm.interac_present = {
      ...base,
      cardholder_name: null,
      networks: { available: ['interac'], preferred: null },
      preferred_locales: ['en', 'fr'],
      read_method: 'contactless_emv',
    };
  } else {
    pm.card = {
      ...base,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'unchecked' },
      display_brand: card.brand,
      generated_from: null,
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    };
  }
  ctx.store.insert(account, pm);
  ctx.store.setKv(`pm_number:${pm.id}`, number);
  return pm;
}

export function cardOf(ctx: RequestContext, pmId: string): TestCard {
  return lookupCard(ctx.store.getKv(`pm_number:${pmId}`) ?? '4242424242424242');
}

export function registerPaymentMethods(api: EmulatorApi): void {
  api.get('/v1/payment_methods/:id', p.obj({}), (ctx, _params, path) => {
    const pm = ctx.store.find<Stripe.PaymentMethod>('payment_method', path.id ?? '', ctx.account);
    if (!pm) throw resourceMissing('payment_method', path.id ?? '');
    return pm;
  });
}
