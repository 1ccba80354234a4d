// The request parameters of the /v1/payment_intents endpoints, as the emulator validates them (unknown
// parameters are `parameter_unknown`, see core/params.ts). Only the schemas: the checks that need the
// PaymentIntent or the account are made by the handlers in payment-intents.ts.
import type { z } from 'zod';
import { p } from '../core/params.ts';

const methodOptionsParams = p.obj({
  card_present: p
    .obj({
      capture_method: p.emptyable(p.enum(['manual', 'manual_preferred'])).optional(),
      request_extended_authorization: p.bool().optional(),
      request_incremental_authorization_support: p.bool().optional(),
      routing: p.obj({ requested_priority: p.enum(['domestic', 'international']).optional() }).optional(),
    })
    .optional(),
  interac_present: p.obj({}).optional(),
  card: p.obj({ capture_method: p.enum(['manual']).optional() }).optional(),
});

export type MethodOptionsParams = z.output<typeof methodOptionsParams>;

/** `payment_method_types` (before API 2026-09-30) or `allowed_payment_method_types` (from 2026-07-29). */
const typeParams = {
  payment_method_types: p.arr(p.str()).optional(),
  allowed_payment_method_types: p.arr(p.str()).optional(),
};

const captureMethod = () => p.enum(['automatic', 'automatic_async', 'manual']);

export const createParams = p.obj({
  amount: p.int(),
  currency: p.str(),
  ...typeParams,
  automatic_payment_methods: p
    .obj({ enabled: p.bool(), allow_redirects: p.enum(['always', 'never']).optional() })
    .optional(),
  capture_method: captureMethod().optional(),
  confirmation_method: p.enum(['automatic', 'manual']).optional(),
  payment_method_options: methodOptionsParams.optional(),
  application_fee_amount: p.int().optional(),
  on_behalf_of: p.str().optional(),
  transfer_data: p.obj({ destination: p.str(), amount: p.int().optional() }).optional(),
  transfer_group: p.str().optional(),
  metadata: p.metadata().optional(),
  description: p.str().max(1000).optional(),
  receipt_email: p.str().optional(),
  statement_descriptor: p.str().optional(),
  statement_descriptor_suffix: p.str().max(22).optional(),
  customer: p.str().optional(),
  payment_method: p.str().optional(),
  confirm: p.bool().optional(),
  return_url: p.str().optional(),
});

export const retrieveParams = p.obj({ client_secret: p.str().optional() });

export const listParams = p.obj({
  ...p.list,
  created: p.createdFilter().optional(),
  customer: p.str().optional(),
  customer_account: p.str().optional(),
});

export const updateParams = p.obj({
  amount: p.int().optional(),
  currency: p.str().optional(),
  ...typeParams,
  application_fee_amount: p.emptyable(p.int()).optional(),
  capture_method: captureMethod().optional(),
  payment_method_options: methodOptionsParams.optional(),
  description: p.emptyable(p.str().max(1000)).optional(),
  metadata: p.metadata().optional(),
  receipt_email: p.emptyable(p.str()).optional(),
  statement_descriptor_suffix: p.emptyable(p.str().max(22)).optional(),
  transfer_data: p.obj({ amount: p.int().optional() }).optional(),
  transfer_group: p.str().optional(),
  payment_method: p.str().optional(),
});

export const confirmParams = p.obj({
  payment_method: p.str().optional(),
  ...typeParams,
  capture_method: captureMethod().optional(),
  payment_method_options: methodOptionsParams.optional(),
  receipt_email: p.emptyable(p.str()).optional(),
  return_url: p.str().optional(),
  error_on_requires_action: p.bool().optional(),
  use_stripe_sdk: p.bool().optional(),
});

export const captureParams = p.obj({
  amount_to_capture: p.int().optional(),
  application_fee_amount: p.int().optional(),
  metadata: p.metadata().optional(),
  statement_descriptor_suffix: p.str().max(22).optional(),
  transfer_data: p.obj({ amount: p.int().optional() }).optional(),
  final_capture: p.bool().optional(),
});

export const cancelParams = p.obj({
  cancellation_reason: p.enum(['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer']).optional(),
});

export const incrementParams = p.obj({
  amount: p.int(),
  application_fee_amount: p.int().optional(),
  description: p.str().optional(),
  metadata: p.metadata().optional(),
  statement_descriptor: p.str().optional(),
  transfer_data: p.obj({ amount: p.int().optional() }).optional(),
});
