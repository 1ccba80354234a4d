// Emulates /v1/terminal/readers for Stripe's SIMULATED smart readers: register by registration code
// (`simulated-wpe` → simulated_wisepos_e, `simulated-s700` → simulated_stripe_s700, `simulated-s710` →
// simulated_stripe_s710), retrieve (deleted → `{id, object, deleted, device_type, serial_number}`), update
// (label, metadata), list (filters device_type, location, serial_number, status), delete, the reader actions
// that need no card (set_reader_display, cancel_action) and the emulator control
// POST /_emulator/readers/:id/state {offline, timeout_next_action}. The payment actions (process_payment_intent,
// collect_payment_method, confirm_payment_intent, refund_payment) and present_payment_method live in
// terminal-reader-actions.ts and share the rules below.
//
// Choices where Stripe's documentation is silent or ambiguous (each is a deliberate emulation decision):
// - A new action while one is `in_progress` → HTTP 400 `invalid_request_error`, code `terminal_reader_busy`
//   (docs: "A reader can only process one request at a time … one of them fails with a terminal_reader_busy
//   error"; stripe-node surfaces it as StripeInvalidRequestError). A finished (succeeded/failed) action is
//   simply replaced by the next one.
// - cancel_action clears the in-progress action to `action: null` (the API reference example shows
//   `action: null` after cancel) and leaves the PaymentIntent untouched (it stays requires_payment_method
//   and can be processed again); no webhook is emitted for an API-initiated cancel. With no action in
//   progress it answers 400 (nothing to cancel).
// - A customer pressing "cancel" on the reader (emulator control) fails the action with
//   `failure_code: 'customer_canceled'` and `api_error: null` (docs: customer cancellation → action_failed
//   webhook with failure_code customer_canceled; api_error is null for reader-originated failures).
// - process_payment_intent on a PaymentIntent that is not requires_payment_method → 400 `intent_invalid_state`
//   (docs: "An authorized, captured, or canceled PaymentIntent can't be processed by a reader and results in an
//   intent_invalid_state error").
// - Offline reader → 400 `terminal_reader_offline`; `timeout_next_action` makes the next action request fail
//   with 400 `terminal_reader_timeout` without starting the action (docs: the reader did not acknowledge the
//   command; retry).
// - set_reader_display completes immediately (`status: 'succeeded'`); confirm_payment_intent confirms
//   immediately (no card needs presenting), so its response already shows the outcome.
// - A tip from present_payment_method `amount_tip` is applied only when the reader's effective Terminal
//   Configuration has `tipping` for the payment's currency and `process_config.skip_tipping` is not true.
// Does NOT emulate: physical readers or registration codes other than the simulated ones, process_setup_intent,
// collect_inputs, print_content, offline (store-and-forward) payments, the `card` (MOTO) presentment type,
// or the 2-minute heartbeat that flips real readers offline.

import type Stripe from 'stripe';
import { z } from 'zod';
import { ApiResponse, type EmulatorApi, type RequestContext } from '../core/api.ts';
import { answerJson } from '../core/control.ts';
import { errorEnvelope, invalidRequest, resourceMissing, type StripeError } from '../core/errors.ts';
import { newId, randomToken } from '../core/ids.ts';
import { paginate } from '../core/list.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { p } from '../core/params.ts';
import type { Store } from '../core/store.ts';
import {
  SIMULATED_DEVICE_SW_VERSION,
  SIMULATED_IP_ADDRESS,
  SIMULATED_REGISTRATION_CODES,
  simulatedSerialNumber,
  TERMINAL_ERROR_MESSAGES,
} from './terminal-rules.ts';
import {
  allLive,
  type Location,
  loadAny,
  loadLive,
  type Reader,
  type ReaderSessions,
  readerSim,
  type StoredReader,
  saveReaderSim,
} from './terminal-shared.ts';

type Action = Stripe.Terminal.Reader.Action;

const DEVICE_TYPES = [
  'bbpos_chipper2x',
  'bbpos_wisepad3',
  'bbpos_wisepos_e',
  'mobile_phone_reader',
  'simulated_stripe_s700',
  'simulated_stripe_s710',
  'simulated_stripe_t600',
  'simulated_verifone_m425',
  'simulated_verifone_p630',
  'simulated_verifone_ux700',
  'simulated_verifone_v660p',
  'simulated_wisepos_e',
  'stripe_m2',
  'stripe_s700',
  'stripe_s710',
  'stripe_t600',
  'verifone_P400',
  'verifone_m425',
  'verifone_p630',
  'verifone_ux700',
  'verifone_v660p',
] as const;

export function terminalError(
  code: 'terminal_reader_busy' | 'terminal_reader_offline' | 'terminal_reader_timeout',
): StripeError {
  const message =
    code === 'terminal_reader_busy'
      ? TERMINAL_ERROR_MESSAGES.busy
      : code === 'terminal_reader_offline'
        ? TERMINAL_ERROR_MESSAGES.offline
        : TERMINAL_ERROR_MESSAGES.timeout;
  return invalidRequest(message, { code });
}

export function accountIdFor(ctx: RequestContext): string | null {
  return ctx.isPlatform ? null : ctx.account;
}

export function locationIdOf(reader: Reader): string | null {
  if (reader.location === null) return null;
  return typeof reader.location === 'string' ? reader.location : reader.location.id;
}

export function newAction(
  type: Action['type'],
  extra: Partial<Action>,
  status: Action['status'] = 'in_progress',
): Action {
  return { type, status, failure_code: null, failure_message: null, api_error: null, ...extra };
}

/**
 * Checks that the reader can take a new action now. Offline and busy throw (nothing changes); a pending
 * simulated timeout is consumed and returned as a committed 400 response (so the flag clears).
 */
export function checkReaderAvailable(ctx: RequestContext, reader: Reader): ApiResponse | null {
  const sim = readerSim(ctx.store, reader.id);
  if (sim.offline || reader.status === 'offline') throw terminalError('terminal_reader_offline');
  if (reader.action?.status === 'in_progress') throw terminalError('terminal_reader_busy');
  if (sim.timeoutNextAction) {
    saveReaderSim(ctx.store, reader.id, { ...sim, timeoutNextAction: false });
    return new ApiResponse(400, errorEnvelope(terminalError('terminal_reader_timeout')));
  }
  return null;
}

/**
 * How Stripe reports a reader right now: an online reader heartbeats constantly (Stripe marks a reader offline
 * after 2 minutes without a signal), so its `last_seen_at` is "now"; an offline one keeps its last value.
 */
export function presentReader<T extends StoredReader>(ctx: Pick<RequestContext, 'clock'>, reader: T): T {
  if (reader.deleted === true || (reader as Reader).status !== 'online') return reader;
  return { ...reader, last_seen_at: ctx.clock.nowMs() };
}

export function saveReader(ctx: RequestContext, reader: Reader): Reader {
  const next: Reader = {
    ...reader,
    last_seen_at: reader.status === 'online' ? ctx.clock.nowMs() : reader.last_seen_at,
  };
  ctx.store.update(next);
  return next;
}

const cartParam = () =>
  p.obj({
    currency: p.str(),
    line_items: p.arr(p.obj({ amount: p.int(), description: p.str().max(5000), quantity: p.int() })).min(1),
    tax: p.int().optional(),
    total: p.int(),
  });

type CartParam = z.output<ReturnType<typeof cartParam>>;

export function displayAction(cart: CartParam | null | undefined): Action {
  return newAction(
    'set_reader_display',
    {
      set_reader_display: {
        type: 'cart',
        cart:
          cart === null || cart === undefined
            ? null
            : {
                currency: cart.currency.toLowerCase(),
                line_items: cart.line_items.map((li) => ({
                  amount: li.amount,
                  description: li.description,
                  quantity: li.quantity,
                })),
                tax: cart.tax ?? null,
                total: cart.total,
              },
      },
    },
    'succeeded',
  );
}

/** The account owning a live reader (emulator controls address readers by id alone). */
export function readerAccount(store: Store, id: string): string {
  const account = store.accountOf(id);
  const obj = account === undefined ? undefined : store.find<StoredReader>('terminal.reader', id, account);
  if (account === undefined || obj === undefined || obj.deleted === true)
    throw resourceMissing('terminal.reader', id);
  return account;
}

const stateBody = z.strictObject({
  offline: z.boolean().optional(),
  timeout_next_action: z.boolean().optional(),
});

export function registerTerminalReaders(api: EmulatorApi, sessions: ReaderSessions): void {
  // ---- CRUD ----------------------------------------------------------------------------------------

  api.post(
    '/v1/terminal/readers',
    p.obj({
      registration_code: p.str(),
      label: p.str().max(5000).optional(),
      location: p.str().optional(),
      metadata: p.metadata().optional(),
    }),
    (ctx, params) => {
      const deviceType = SIMULATED_REGISTRATION_CODES[params.registration_code];
      if (deviceType === undefined) {
        throw invalidRequest(
          `Invalid registration_code: '${params.registration_code}' is not a valid registration code. In test mode, use a simulated reader code (simulated-wpe, simulated-s700 or simulated-s710).`,
          { param: 'registration_code' },
        );
      }
      if (params.location !== undefined)
        loadLive<Location>(ctx, 'terminal.location', params.location, 'location');
      const reader: Reader = {
        id: newId('tmr'),
        object: 'terminal.reader',
        action: null,
        device_sw_version: SIMULATED_DEVICE_SW_VERSION,
        device_type: deviceType,
        ip_address: SIMULATED_IP_ADDRESS,
        label: params.label ?? params.registration_code,
        last_seen_at: ctx.clock.nowMs(),
        livemode: false,
        location: params.location ?? null,
        metadata: mergeMetadata({}, params.metadata),
        serial_number: simulatedSerialNumber(params.registration_code, (n) =>
          Uint8Array.from(randomToken(n), (ch) => ch.charCodeAt(0)),
        ),
        status: 'online',
      };
      ctx.store.insert(ctx.account, reader);
      saveReaderSim(ctx.store, reader.id, {
        registrationCode: params.registration_code,
        offline: false,
        timeoutNextAction: false,
      });
      return reader;
    },
  );

  api.get(
    '/v1/terminal/readers',
    p.obj({
      ...p.list,
      device_type: p.enum(DEVICE_TYPES).optional(),
      location: p.str().optional(),
      serial_number: p.str().optional(),
      status: p.enum(['offline', 'online']).optional(),
    }),
    (ctx, params) => {
      const readers = allLive<Reader>(ctx, 'terminal.reader').filter(
        (r) =>
          (params.device_type === undefined || r.device_type === params.device_type) &&
          (params.location === undefined || locationIdOf(r) === params.location) &&
          (params.serial_number === undefined || r.serial_number === params.serial_number) &&
          (params.status === undefined || r.status === params.status),
      );
      return paginate(
        readers.map((r) => presentReader(ctx, r)),
        params,
        '/v1/terminal/readers',
        'terminal.reader',
      );
    },
  );

  api.get('/v1/terminal/readers/:id', p.obj({}), (ctx, _params, path) =>
    presentReader(ctx, loadAny<StoredReader>(ctx, 'terminal.reader', path.id ?? '')),
  );

  api.post(
    '/v1/terminal/readers/:id',
    p.obj({ label: p.emptyable(p.str().max(5000)).optional(), metadata: p.metadata().optional() }),
    (ctx, params, path) => {
      const reader = loadLive<Reader>(ctx, 'terminal.reader', path.id ?? '');
      const next: Reader = { ...reader, metadata: mergeMetadata(reader.metadata, params.metadata) };
      if (params.label !== undefined) {
        // Unsetting the label falls back to the default, the registration code (Stripe's documented default).
        next.label =
          params.label ?? (readerSim(ctx.store, reader.id).registrationCode || reader.serial_number);
      }
      ctx.store.update(next);
      return next;
    },
  );

  api.del('/v1/terminal/readers/:id', p.obj({}), (ctx, _params, path) => {
    const reader = loadLive<Reader>(ctx, 'terminal.reader', path.id ?? '');
    const tombstone: Stripe.Terminal.DeletedReader = {
      id: reader.id,
      object: 'terminal.reader',
      deleted: true,
      device_type: reader.device_type,
      serial_number: reader.serial_number,
    };
    ctx.store.update(tombstone);
    sessions.drop(reader.id, 'deleted');
    return tombstone;
  });

  // ---- server-driven actions -----------------------------------------------------------------------

  api.post(
    '/v1/terminal/readers/:id/set_reader_display',
    p.obj({ type: p.enum(['cart']), cart: cartParam().optional() }),
    (ctx, params, path) => {
      const reader = loadLive<Reader>(ctx, 'terminal.reader', path.id ?? '');
      const blocked = checkReaderAvailable(ctx, reader);
      if (blocked) return blocked;
      const saved = saveReader(ctx, { ...reader, action: displayAction(params.cart) });
      ctx.emit('terminal.reader.action_succeeded', saved);
      return saved;
    },
  );

  api.post('/v1/terminal/readers/:id/cancel_action', p.obj({}), (ctx, _params, path) => {
    const reader = loadLive<Reader>(ctx, 'terminal.reader', path.id ?? '');
    const sim = readerSim(ctx.store, reader.id);
    if (sim.offline || reader.status === 'offline') throw terminalError('terminal_reader_offline');
    if (reader.action?.status !== 'in_progress') {
      throw invalidRequest('This reader has no action in progress to cancel.', { param: 'reader' });
    }
    return saveReader(ctx, { ...reader, action: null });
  });

  // ---- emulator controls ---------------------------------------------------------------------------

  api.hono.post('/_emulator/readers/:id/state', (c) =>
    answerJson(c, async () => {
      const id = c.req.param('id');
      let raw: unknown = {};
      const text = await c.req.text();
      try {
        raw = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        throw invalidRequest('Invalid JSON body');
      }
      const body = stateBody.safeParse(raw);
      if (!body.success) throw invalidRequest(`Invalid body: ${body.error.issues[0]?.message ?? 'invalid'}`);
      const account = readerAccount(api.store, id);
      return api.withContext(account, { origin: new URL(c.req.url).origin }, (ctx) => {
        const reader = loadLive<Reader>(ctx, 'terminal.reader', id);
        const sim = readerSim(ctx.store, id);
        const next = {
          ...sim,
          offline: body.data.offline ?? sim.offline,
          timeoutNextAction: body.data.timeout_next_action ?? sim.timeoutNextAction,
        };
        saveReaderSim(ctx.store, id, next);
        if (next.offline) sessions.drop(id, 'offline');
        const updated: Reader = {
          ...reader,
          status: next.offline ? 'offline' : 'online',
          last_seen_at: next.offline ? reader.last_seen_at : ctx.clock.nowMs(),
        };
        ctx.store.update(updated);
        return updated;
      });
    }),
  );
}
