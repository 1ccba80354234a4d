// How the emulator's own routes (`/_emulator/*`, JSON) answer: the handler's result as JSON (or the Response
// it built), and a thrown StripeError as Stripe's error envelope with its status. Anything else is a bug and
// goes on to the app's onError (a logged 500). `readControlBody` reads and checks a control's JSON body.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { errorEnvelope, invalidRequest, StripeError } from './errors.ts';

/** Stripe's error envelope for a StripeError; rethrows anything else. */
export function stripeErrorResponse(c: Context, err: unknown): Response {
  if (err instanceof StripeError) return c.json(errorEnvelope(err), err.status as ContentfulStatusCode);
  throw err;
}

export async function answerJson(c: Context, handler: () => unknown): Promise<Response> {
  try {
    const result = await handler();
    return result instanceof Response ? result : c.json(result);
  } catch (err) {
    return stripeErrorResponse(c, err);
  }
}

/** A control's JSON body (empty = `{}`) checked against `schema`; a bad body is Stripe's 400 envelope. */
export async function readControlBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      throw invalidRequest('Invalid JSON body');
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidRequest(`Invalid ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
