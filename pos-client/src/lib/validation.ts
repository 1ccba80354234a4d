/**
 * What the API client validates with, in a chunk of its own: `zod/mini`'s `safeParse`, the error body's
 * schema and the counter's response schemas (`counterResponses`, the `/api/config` one). The client imports
 * it on demand (api-client.ts `loadValidation`), started together with a request's fetch, so zod's core
 * (~18 KB gzipped) is not part of the JavaScript the counter route must load before it runs. Every response
 * is still parsed with the same schemas as before.
 */
import { counterResponses } from '@countertop/shared';
import * as z from 'zod/mini';

export { safeParse } from 'zod/mini';

const AppConfigSchema = z.object({
  stripeMode: z.enum(['emulator', 'stripe']),
  terminalScriptUrl: z.nullable(z.string()),
});

/** The schemas the counter API (counter-api.ts) parses its answers with. */
export const counterSchemas = { ...counterResponses, appConfig: AppConfigSchema };
export type CounterSchemas = typeof counterSchemas;
