// Emulates Charges created by PaymentIntent confirmation: payment_method_details for card_present /
// interac_present (brand, last4, read_method, capture_before, EMV receipt with AID, authorization code, CVM)
// and online card; GET/POST /v1/charges/:id (metadata, description, receipt_email → charge.updated) and
// GET /v1/charges (payment_intent, transfer_group, created filters); `expand[]=refunds` lists refunds.
// `disputed` turns true when a dispute opens (disputes.ts). Does NOT emulate creating charges directly
// (POST /v1/charges), Radar or charge search.
import type Stripe from 'stripe';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { resourceMissing } from '../core/errors.ts';
import { newId, randomBytesPooled } from '../core/ids.ts';
import { paginateStored } from '../core/list.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { matchesCreated, p } from '../core/params.ts';
import { formatAmount } from './currency.ts';
import { cardExpiry } from './payment-methods.ts';
import { type Decline, emvApplication, type TestCard } from './test-cards.ts';

const hex = (bytes: number) => randomBytesPooled(bytes).toString('hex').toUpperCase();
const digits = (n: number) =>
  Array.from(randomBytesPooled(n))
    .map((b) => String(b % 10))
    .join('');

interface ChargeInput {
  pi: Stripe.PaymentIntent;
  pm: Stripe.PaymentMethod;
  card: TestCard;
  decline: Decline | null;
  readerId: string | null;
  locationId: string | null;
  /** Unix seconds when an uncaptured authorization expires (manual capture only). */
  captureBefore: number | null;
  incrementalSupported: boolean;
}

function details(
  ctx: RequestContext,
  input: ChargeInput,
  authCode: string | null,
): Stripe.Charge.PaymentMethodDetails {
  const { pi, pm, card, decline } = input;
  const exp = cardExpiry(ctx);
  const app = emvApplication(card.brand);
  const receipt = {
    account_type:
      card.funding === 'debit'
        ? ('checking' as const)
        : card.funding === 'prepaid'
          ? ('prepaid' as const)
          : ('credit' as const),
    application_cryptogram: hex(8),
    application_preferred_name: app.name,
    authorization_code: authCode,
    authorization_response_code: decline ? '3035' : '3030',
    cardholder_verification_method: card.cvm,
    dedicated_file_name: app.aid,
    terminal_verification_results: '0000000000',
    transaction_status_information: '0000',
  };
  const common = {
    brand: card.brand,
    cardholder_name: null,
    country: card.country,
    emv_auth_data: hex(16),
    ...exp,
    fingerprint:
      pm.card_present?.fingerprint ?? pm.interac_present?.fingerprint ?? pm.card?.fingerprint ?? null,
    funding: card.funding,
    generated_card: null,
    last4: card.number.slice(-4),
    network_transaction_id: decline ? null : digits(15),
    preferred_locales: ['en'],
    read_method: 'contactless_emv' as const,
    receipt,
    ...(input.locationId ? { location: input.locationId } : {}),
    ...(input.readerId ? { reader: input.readerId } : {}),
  };
  if (pm.type === 'interac_present') {
    return {
      type: 'interac_present',
      interac_present: { ...common, network: 'interac' },
    } as Stripe.Charge.PaymentMethodDetails;
  }
  if (pm.type === 'card_present') {
    return {
      type: 'card_present',
      card_present: {
        ...common,
        amount_authorized: decline ? null : pi.amount,
        brand_product: null,
        ...(input.captureBefore !== null ? { capture_before: input.captureBefore } : {}),
        incremental_authorization_supported: input.incrementalSupported,
        network: card.brand,
        offline: null,
        overcapture_supported: false,
      },
    } as Stripe.Charge.PaymentMethodDetails;
  }
  return {
    type: 'card',
    card: {
      amount_authorized: decline ? null : pi.amount,
      authorization_code: authCode,
      brand: card.brand,
      ...(input.captureBefore !== null ? { capture_before: input.captureBefore } : {}),
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: null },
      country: card.country,
      ...exp,
      extended_authorization: { status: 'disabled' },
      fingerprint: common.fingerprint,
      funding: card.funding,
      incremental_authorization: { status: 'unavailable' },
      installments: null,
      last4: common.last4,
      mandate: null,
      multicapture: { status: 'unavailable' },
      network: card.brand,
      network_token: { used: false },
      network_transaction_id: common.network_transaction_id,
      overcapture: { maximum_amount_capturable: pi.amount, status: 'unavailable' },
      regulated_status: 'unregulated',
      three_d_secure: null,
      wallet: null,
      electronic_commerce_indicator: null,
      transaction_link_id: null,
    },
  } as Stripe.Charge.PaymentMethodDetails;
}

/** Builds and stores the Charge for one confirmation attempt (succeeded-uncaptured or failed). */
export function createCharge(ctx: RequestContext, account: string, input: ChargeInput): Stripe.Charge {
  const { pi, decline } = input;
  const authCode = decline ? null : digits(6);
  const charge: Stripe.Charge = {
    id: newId('ch'),
    object: 'charge',
    amount: pi.amount,
    amount_captured: 0,
    amount_refunded: 0,
    application: pi.application,
    application_fee: null,
    application_fee_amount: pi.application_fee_amount,
    ...(authCode ? { authorization_code: authCode } : {}),
    balance_transaction: null,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'COUNTERTOP*EMULATED',
    captured: false,
    created: ctx.now(),
    currency: pi.currency,
    customer: null,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: pi.on_behalf_of,
    outcome: decline
      ? {
          advice_code:
            decline.decline_code === 'lost_card' || decline.decline_code === 'stolen_card'
              ? 'do_not_try_again'
              : 'try_again_later',
          network_advice_code: null,
          network_decline_code: '05',
          network_status: 'declined_by_network',
          reason: decline.decline_code ?? decline.code,
          risk_level: 'normal',
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        }
      : {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: 'approved_by_network',
          reason: null,
          risk_level: 'normal',
          seller_message: 'Payment complete.',
          type: 'authorized',
        },
    paid: !decline,
    payment_intent: pi.id,
    payment_method: input.pm.id,
    payment_method_details: details(ctx, input, authCode),
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: `${ctx.origin || 'http://127.0.0.1'}/_emulator/receipts/${pi.id}`,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status: decline ? 'failed' : 'succeeded',
    transfer_data: pi.transfer_data
      ? { amount: pi.transfer_data.amount ?? null, destination: pi.transfer_data.destination }
      : null,
    transfer_group: pi.transfer_group,
  };
  return ctx.store.insert(account, charge);
}

/** Finds a charge (ch_ or py_) visible to the request's account. */
function requireCharge(ctx: RequestContext, id: string, param = 'id'): Stripe.Charge {
  const charge = ctx.store.find<Stripe.Charge>('charge', id, ctx.account);
  if (!charge) throw resourceMissing('charge', id, param);
  return charge;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function receiptHtml(charge: Stripe.Charge): string {
  const d = charge.payment_method_details;
  const card = d?.card_present ?? d?.interac_present ?? d?.card;
  const receipt = d?.card_present?.receipt ?? d?.interac_present?.receipt ?? null;
  const amount = formatAmount(charge.amount_captured || charge.amount, charge.currency);
  const rows: Array<[string, string]> = [
    ['Amount', amount],
    ['Status', charge.status],
    ['Card', `${card?.brand ?? 'card'} •••• ${card?.last4 ?? ''}`],
    ['Application', receipt?.application_preferred_name ?? ''],
    ['AID', receipt?.dedicated_file_name ?? ''],
    ['Authorization code', receipt?.authorization_code ?? ''],
    ['Verification', receipt?.cardholder_verification_method ?? ''],
  ];
  const body = rows.map(([k, v]) => `<tr><th>${k}</th><td>${escapeHtml(String(v))}</td></tr>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Receipt ${charge.id}</title></head><body><h1>Receipt (emulated)</h1><table>${body}</table></body></html>`;
}

export function registerCharges(api: EmulatorApi): void {
  api.hono.get('/_emulator/receipts/:id', (c) => {
    const found = api.store.findById(c.req.param('id'))?.object as
      | Stripe.PaymentIntent
      | Stripe.Charge
      | undefined;
    const chargeId = found?.object === 'payment_intent' ? found.latest_charge : found?.id;
    const charge = chargeId
      ? (api.store.findById(String(chargeId))?.object as Stripe.Charge | undefined)
      : undefined;
    if (charge?.object !== 'charge') return c.html('<h1>Receipt not found</h1>', 404);
    return c.html(receiptHtml(charge));
  });

  api.virtualExpand('charge', 'refunds', (parent, store) => {
    const id = String(parent.id);
    const account = store.accountOf(id) ?? '';
    const data = store.all<Stripe.Refund>('refund', account).filter((r) => r.charge === id);
    return { object: 'list', data, has_more: false, url: `/v1/charges/${id}/refunds` };
  });

  api.get('/v1/charges/:id', p.obj({}), (ctx, _params, path) => requireCharge(ctx, path.id ?? ''));

  api.get(
    '/v1/charges',
    p.obj({
      ...p.list,
      created: p.createdFilter().optional(),
      payment_intent: p.str().optional(),
      transfer_group: p.str().optional(),
      customer: p.str().optional(),
    }),
    (ctx, params) => {
      return paginateStored<Stripe.Charge>(
        ctx.store,
        'charge',
        ctx.account,
        params,
        '/v1/charges',
        'charge',
        {
          filter: (c) =>
            (params.payment_intent === undefined || c.payment_intent === params.payment_intent) &&
            (params.transfer_group === undefined || c.transfer_group === params.transfer_group) &&
            (params.customer === undefined || c.customer === params.customer) &&
            matchesCreated(c.created, params.created),
        },
      );
    },
  );

  api.post(
    '/v1/charges/:id',
    p.obj({
      metadata: p.metadata().optional(),
      description: p.emptyable(p.str()).optional(),
      receipt_email: p.emptyable(p.str()).optional(),
      transfer_group: p.str().optional(),
      fraud_details: p.obj({ user_report: p.enum(['fraudulent', 'safe']) }).optional(),
    }),
    (ctx, params, path) => {
      const charge = requireCharge(ctx, path.id ?? '');
      const next: Stripe.Charge = {
        ...charge,
        metadata: mergeMetadata(charge.metadata, params.metadata),
        description: params.description === undefined ? charge.description : params.description,
        receipt_email: params.receipt_email === undefined ? charge.receipt_email : params.receipt_email,
        transfer_group: params.transfer_group ?? charge.transfer_group,
        fraud_details: params.fraud_details
          ? { user_report: params.fraud_details.user_report }
          : charge.fraud_details,
      };
      const previous: Record<string, unknown> = {};
      for (const key of [
        'metadata',
        'description',
        'receipt_email',
        'transfer_group',
        'fraud_details',
      ] as const) {
        if (JSON.stringify(charge[key]) !== JSON.stringify(next[key])) previous[key] = charge[key];
      }
      ctx.store.update(next);
      if (Object.keys(previous).length > 0)
        ctx.emit('charge.updated', next, { previousAttributes: previous });
      return next;
    },
  );
}
