// How the emulator's own routes (`/_emulator/*`, JSON) answer: the handler's result as JSON (or the Response
// it built), and a thrown StripeError as Stripe's error envelope with its status. Anything else is a bug and
// goes on to the app's onError (a logged 500).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorEnvelope, StripeError } from './errors.ts';

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
