/**
 * One definition per API route: method, path, guard (who may call it), request and response schemas,
 * summary, tags and the handler. `defineRoute` wraps @hono/zod-openapi's route config so the handler is
 * typed from the definition (validated params, query and body or form; the declared responses; what the guard
 * established in `c.var`). From the definitions come the Hono mount with the guard's middleware in front
 * (routes/api.ts), request validation, `/api/openapi.json`, and the authorization-matrix and fuzz tests.
 */

import { ApiErrorSchema } from '@countertop/shared';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Handler, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Guard, GuardEnv } from '../middleware/guards.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface MediaType {
  schema: z.ZodType;
}

export interface ResponseDeclaration {
  description: string;
  /** Body by media type; none for empty bodies (204, 202, redirects). */
  content?: Readonly<Record<string, MediaType>>;
}

export interface RouteDeclaration {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/counter/sales/{saleId}`. */
  path: `/api/${string}`;
  /** Who may call the route; its middleware runs before validation and the handler. */
  guard: Guard;
  summary: string;
  tags: readonly string[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** The JSON request body (required when declared). */
  body?: z.ZodType;
  /**
   * A `multipart/form-data` request body instead (file uploads; required when declared): its fields, files as
   * `z.instanceof(File)`. Size limits belong in `middleware` (they must run before the body is read).
   */
  form?: z.ZodObject;
  responses: Readonly<Record<number, ResponseDeclaration>>;
  /** Route middleware that runs after the guard, before validation (e.g. response headers). */
  middleware?: readonly MiddlewareHandler[];
}

/** The @hono/zod-openapi route config a declaration stands for (types only: it types the handler). */
type LibraryRouteConfig<D extends RouteDeclaration> = {
  method: D['method'];
  path: D['path'];
  request: {
    params: D extends { params: infer Params extends z.ZodType } ? Params : undefined;
    query: D extends { query: infer Query extends z.ZodType } ? Query : undefined;
    body: D extends { body: infer Body extends z.ZodType }
      ? { required: true; content: { 'application/json': { schema: Body } } }
      : D extends { form: infer Form extends z.ZodType }
        ? { required: true; content: { 'multipart/form-data': { schema: Form } } }
        : undefined;
  };
  responses: D['responses'];
};

export type DefinedRouteHandler<D extends RouteDeclaration> = RouteHandler<
  LibraryRouteConfig<D>,
  GuardEnv<D['guard']>
>;

export interface ApiRoute extends RouteDeclaration {
  operationId: string;
  /** Typed by `defineRoute`; stored loosely so routes of every guard fit one list. */
  handler: Handler;
}

/**
 * Declares a route. The `guard` is required by the type: a route that says nothing about who may call it
 * does not compile.
 */
export function defineRoute<const D extends RouteDeclaration>(
  declaration: D,
  handler: DefinedRouteHandler<D>,
): ApiRoute {
  return { ...declaration, operationId: operationIdOf(declaration), handler };
}

/** `post /api/counter/sales/{saleId}/sync` → `postApiCounterSalesSaleIdSync` (stable: clients may use it). */
function operationIdOf({ method, path }: RouteDeclaration): string {
  const camel = path
    .replace(/[{}]/g, '')
    .replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase());
  return `${method}${camel}`;
}

// Response helpers ---------------------------------------------------------------------------------------

/** A JSON response with its schema. */
export function jsonResponse<Schema extends z.ZodType>(description: string, schema: Schema) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** An error response: `{ error: { code, message } }`; the description names the codes. */
export function errorResponse(description: string) {
  return jsonResponse(description, ApiErrorSchema);
}

/**
 * Marks a body we do not describe with a schema (CSV, HTML, the OpenAPI document itself): the document
 * lists its media type without a schema (routes/openapi.routes.ts).
 */
export const UNDESCRIBED_BODY = z.unknown();

/** A CSV download. */
export function csvResponse(description: string) {
  return { description, content: { 'text/csv': { schema: UNDESCRIBED_BODY } } } as const;
}

/** A stylesheet or script served as a file. */
export function textResponse(description: string, contentType: 'text/css' | 'text/javascript') {
  return { description, content: { [contentType]: { schema: UNDESCRIBED_BODY } } } as const;
}

/** An HTML page. */
export function htmlResponse(description: string) {
  return { description, content: { 'text/html': { schema: UNDESCRIBED_BODY } } } as const;
}

/** A response without a body (201/202/204 acknowledgements, redirects). */
export function emptyResponse(description: string) {
  return { description };
}
