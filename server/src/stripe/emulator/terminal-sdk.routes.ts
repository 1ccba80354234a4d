// The back end of the emulated browser Terminal SDK: `/_emulator/terminal-sdk/*`, JSON in and
// out, CORS open, authenticated with a connection-token secret (`Authorization: Bearer pst_test_…`, valid
// 10 minutes on the emulator clock, scoped to its account and optional Location). It plays the part Stripe's
// own servers and the smart reader play for the real JS SDK: discover readers, connect with one session per
// reader (a new session takes the reader over unless `fail_if_in_use`), a status poll that reports
// `taken_over` / `offline` / `deleted`, collect (PaymentIntent → requires_confirmation with a card_present or
// interac_present PaymentMethod and the tip remembered), process (confirm → requires_capture / succeeded, or a
// 402 card_error decline with the PaymentIntent back in requires_payment_method) and the cart display. Card
// presentment goes through the same `collectCardPresent` / `confirmCardPresent` as the server-driven flow, so
// charges, fees and events are identical. Also serves `GET /_emulator/terminal.js` (the browser SDK,
// browser/stripe-terminal.ts transpiled by terminal-script.ts). Does NOT emulate the real SDK's wire protocol, reader software updates,
// setup intents, Interac refunds through the SDK, or collectInputs.
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { EmulatorApi, RequestContext } from './core/api.ts';
import { answerJson } from './core/control.ts';
import { invalidRequest, StripeError, unexpectedState } from './core/errors.ts';
import { collectCardPresent, confirmCardPresent } from './resources/payment-intent-card-present.ts';
import { accountIdFor, displayAction, locationIdOf, presentReader } from './resources/terminal-readers.ts';
import { TERMINAL_ERROR_MESSAGES } from './resources/terminal-rules.ts';
import {
  allLive,
  type ConnectionTokenRecord,
  findConnectionToken,
  isDeleted,
  type Reader,
  type ReaderSessions,
  readerSim,
  type StoredReader,
  simulatedTip,
} from './resources/terminal-shared.ts';
import { emulatedTerminalScript } from './terminal-script.ts';

const connectBody = z.strictObject({ session_id: z.string().min(1), fail_if_in_use: z.boolean().optional() });
const sessionBody = z.strictObject({ session_id: z.string().min(1) });
const collectBody = z.strictObject({
  session_id: z.string().min(1),
  client_secret: z.string().min(1),
  payment_method: z.strictObject({
    type: z.enum(['card_present', 'interac_present']),
    number: z.string().regex(/^\d{12,19}$/),
  }),
  tip_amount: z.number().int().min(0).optional(),
  skip_tipping: z.boolean().optional(),
  tipping_eligible_amount: z.number().int().min(0).optional(),
});
const processBody = z.strictObject({ session_id: z.string().min(1), payment_intent: z.string().min(1) });
const lineItem = z.strictObject({
  description: z.string().min(1),
  amount: z.number().int(),
  quantity: z.number().int().min(1),
});
const displayBody = z.strictObject({
  session_id: z.string().min(1),
  cart: z
    .object({
      currency: z.string().min(3).max(3),
      line_items: z.array(lineItem.passthrough()),
      tax: z.number().int().optional(),
      total: z.number().int(),
    })
    .passthrough()
    .nullable(),
});

/** An error of the SDK back end, without the doc_url that `invalidRequest` adds to coded /v1 errors. */
const sdkError = (status: number, code: string, message: string) =>
  new StripeError(status, { type: 'invalid_request_error', code, message });

async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      throw sdkError(400, 'invalid_argument', 'The request body must be JSON.');
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw sdkError(
      400,
      'invalid_argument',
      `Invalid ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

export function registerTerminalSdkRoutes(api: EmulatorApi, sessions: ReaderSessions): void {
  const hono = api.hono;
  hono.use(
    '/_emulator/terminal-sdk/*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type'],
    }),
  );

  hono.get('/_emulator/terminal.js', (c) => {
    const script = emulatedTerminalScript();
    return c.body(script, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
    });
  });

  const authenticate = (c: Context): ConnectionTokenRecord => {
    const header = c.req.header('authorization') ?? '';
    const secret = header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
    const record = secret.startsWith('pst_') ? findConnectionToken(api.store, secret) : undefined;
    if (record === undefined) {
      throw sdkError(
        401,
        'invalid_connection_token',
        'The connection token is missing or unknown. Fetch a new one.',
      );
    }
    if (api.clock.nowMs() > record.expiresAtMs) {
      throw sdkError(401, 'invalid_connection_token', 'The connection token has expired. Fetch a new one.');
    }
    return record;
  };

  /** Authenticates the connection token, then answers with `fn`'s result (a StripeError as Stripe's envelope). */
  const handle = (c: Context, fn: (token: ConnectionTokenRecord) => unknown): Promise<Response> =>
    answerJson(c, () => fn(authenticate(c)));

  const inContext = <T>(c: Context, token: ConnectionTokenRecord, fn: (ctx: RequestContext) => T): T =>
    api.withContext(token.account, { origin: new URL(c.req.url).origin }, fn);

  /** A live reader visible to this token (its account, and its Location when the token is scoped). */
  const visibleReader = (
    ctx: RequestContext,
    token: ConnectionTokenRecord,
    id: string,
  ): Reader | StoredReader => {
    const reader = ctx.store.find<StoredReader>('terminal.reader', id, token.account);
    if (reader === undefined) throw sdkError(404, 'resource_missing', `No such terminal.reader: '${id}'`);
    if (!isDeleted(reader) && token.location !== null && locationIdOf(reader as Reader) !== token.location) {
      throw sdkError(404, 'resource_missing', `No such terminal.reader: '${id}'`);
    }
    return reader;
  };

  const liveReader = (ctx: RequestContext, token: ConnectionTokenRecord, id: string): Reader => {
    const reader = visibleReader(ctx, token, id);
    if (isDeleted(reader)) throw sdkError(404, 'resource_missing', `No such terminal.reader: '${id}'`);
    return reader as Reader;
  };

  const isOffline = (ctx: RequestContext, reader: Reader) =>
    reader.status === 'offline' || readerSim(ctx.store, reader.id).offline;

  /** The reader, provided `sessionId` holds it; otherwise the error the SDK should surface. */
  const connectedReader = (
    ctx: RequestContext,
    token: ConnectionTokenRecord,
    id: string,
    sessionId: string,
  ): Reader => {
    const reader = liveReader(ctx, token, id);
    if (isOffline(ctx, reader)) {
      sessions.drop(reader.id, 'offline');
      throw sdkError(409, 'terminal_reader_offline', TERMINAL_ERROR_MESSAGES.offline);
    }
    if (sessions.holder(reader.id) !== sessionId) {
      throw sdkError(
        400,
        'no_established_connection',
        'This session is not connected to the reader. Connect first.',
      );
    }
    sessions.touch(reader.id, sessionId, api.clock.nowMs());
    return reader;
  };

  hono.get('/_emulator/terminal-sdk/readers', (c) =>
    handle(c, (token) =>
      inContext(c, token, (ctx) => {
        const location = c.req.query('location');
        const deviceType = c.req.query('device_type');
        const data = allLive<Reader>(ctx, 'terminal.reader').filter(
          (r) =>
            (token.location === null || locationIdOf(r) === token.location) &&
            (location === undefined || location === '' || locationIdOf(r) === location) &&
            (deviceType === undefined || deviceType === '' || r.device_type === deviceType),
        );
        return { data: data.map((r) => presentReader(ctx, r)) };
      }),
    ),
  );

  hono.post('/_emulator/terminal-sdk/readers/:id/connect', (c) =>
    handle(c, async (token) => {
      const body = await readBody(c, connectBody);
      return inContext(c, token, (ctx) => {
        const reader = liveReader(ctx, token, c.req.param('id'));
        if (isOffline(ctx, reader))
          throw sdkError(409, 'terminal_reader_offline', TERMINAL_ERROR_MESSAGES.offline);
        const now = api.clock.nowMs();
        if (body.fail_if_in_use === true && sessions.heldByOther(reader.id, body.session_id, now)) {
          throw sdkError(
            409,
            'terminal_reader_busy',
            'The reader is in use by another register (fail_if_in_use).',
          );
        }
        sessions.connect(reader.id, body.session_id, now);
        return { reader };
      });
    }),
  );

  hono.post('/_emulator/terminal-sdk/readers/:id/disconnect', (c) =>
    handle(c, async (token) => {
      const body = await readBody(c, sessionBody);
      return inContext(c, token, (ctx) => {
        const reader = visibleReader(ctx, token, c.req.param('id'));
        sessions.disconnect(reader.id, body.session_id);
        return {};
      });
    }),
  );

  hono.get('/_emulator/terminal-sdk/readers/:id/session', (c) =>
    handle(c, (token) => {
      const sessionId = c.req.query('session_id') ?? '';
      if (sessionId === '') throw sdkError(400, 'invalid_argument', 'session_id is required');
      return inContext(c, token, (ctx) => {
        const reader = visibleReader(ctx, token, c.req.param('id'));
        if (isDeleted(reader)) return { connected: false, reason: 'deleted', reader };
        const live = reader as Reader;
        if (sessions.holder(live.id) === sessionId && isOffline(ctx, live)) sessions.drop(live.id, 'offline');
        if (sessions.holder(live.id) === sessionId) {
          sessions.touch(live.id, sessionId, api.clock.nowMs());
          return { connected: true, reader: live };
        }
        const reason = sessions.lossReason(sessionId);
        return reason === undefined
          ? { connected: false, reader: live }
          : { connected: false, reason, reader: live };
      });
    }),
  );

  hono.post('/_emulator/terminal-sdk/readers/:id/collect', (c) =>
    handle(c, async (token) => {
      const body = await readBody(c, collectBody);
      return inContext(c, token, (ctx) => {
        const reader = connectedReader(ctx, token, c.req.param('id'), body.session_id);
        if (reader.action?.status === 'in_progress') {
          throw sdkError(409, 'terminal_reader_busy', TERMINAL_ERROR_MESSAGES.busy);
        }
        const piId = body.client_secret.split('_secret_')[0] ?? '';
        const pi = ctx.store.find<Stripe.PaymentIntent>('payment_intent', piId, token.account);
        if (pi === undefined || pi.client_secret !== body.client_secret) {
          throw invalidRequest(
            'The client_secret provided does not match any associated PaymentIntent on this account.',
            {
              code: 'payment_intent_invalid_parameter',
              param: 'client_secret',
            },
          );
        }
        if (pi.status !== 'requires_payment_method') {
          throw unexpectedState(
            `This PaymentIntent's payment method could not be collected because it has a status of ${pi.status}. Only a PaymentIntent with a status of requires_payment_method can collect a payment method.`,
          );
        }
        const tip = simulatedTip(
          ctx,
          reader,
          pi.currency,
          body.tip_amount,
          body.skip_tipping === true,
          api.log,
        );
        const paymentIntent = collectCardPresent(ctx, {
          accountId: accountIdFor(ctx),
          paymentIntentId: pi.id,
          presented: { type: body.payment_method.type, number: body.payment_method.number },
          ...(tip > 0 ? { tipAmount: tip } : {}),
          readerId: reader.id,
          locationId: locationIdOf(reader),
        });
        return { payment_intent: paymentIntent };
      });
    }),
  );

  hono.post('/_emulator/terminal-sdk/readers/:id/process', (c) =>
    handle(c, async (token) => {
      const body = await readBody(c, processBody);
      const outcome = inContext(c, token, (ctx) => {
        connectedReader(ctx, token, c.req.param('id'), body.session_id);
        const pi = ctx.store.find<Stripe.PaymentIntent>('payment_intent', body.payment_intent, token.account);
        if (pi === undefined) {
          throw invalidRequest(`No such payment_intent: '${body.payment_intent}'`, {
            code: 'resource_missing',
            param: 'payment_intent',
          });
        }
        if (pi.status !== 'requires_confirmation') {
          throw unexpectedState(
            `This PaymentIntent could not be processed because it has a status of ${pi.status}. Only a PaymentIntent with a status of requires_confirmation can be processed; collect a payment method first.`,
          );
        }
        return confirmCardPresent(ctx, { accountId: accountIdFor(ctx), paymentIntentId: pi.id });
      });
      if (outcome.error !== undefined) {
        return c.json({ error: { ...outcome.error, payment_intent: outcome.paymentIntent } }, 402);
      }
      return { payment_intent: outcome.paymentIntent };
    }),
  );

  hono.post('/_emulator/terminal-sdk/readers/:id/display', (c) =>
    handle(c, async (token) => {
      const body = await readBody(c, displayBody);
      return inContext(c, token, (ctx) => {
        const reader = connectedReader(ctx, token, c.req.param('id'), body.session_id);
        if (reader.action?.status === 'in_progress') {
          throw sdkError(409, 'terminal_reader_busy', TERMINAL_ERROR_MESSAGES.busy);
        }
        const cart = body.cart;
        const action =
          cart === null
            ? null
            : displayAction({
                currency: cart.currency,
                line_items: cart.line_items.map((li) => ({
                  amount: li.amount,
                  description: li.description,
                  quantity: li.quantity,
                })),
                ...(cart.tax !== undefined ? { tax: cart.tax } : {}),
                total: cart.total,
              });
        ctx.store.update({ ...reader, action });
        return {};
      });
    }),
  );
}
