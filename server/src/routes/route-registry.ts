/**
 * The API's route registry: every route module declares its operations here (method, path, who may
 * call it, request and response schemas). `/api/openapi.json` is generated from it, and tests use it
 * as the authorization matrix (every `counter` route must answer 401 without a session).
 */
import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route: `public` (anyone), `counter` (a signed-in counter session + CSRF on writes),
 * `manager` (a counter session whose staff member is a manager), `stripe` (signed Stripe webhooks),
 * `e2e` (only when E2E_CONTROLS=1).
 */
export type RouteAuth =
  | 'public'
  | 'counter'
  | 'manager'
  | 'stripe'
  | 'e2e'
  // web consoles (`ct_console` cookie + CSRF on writes): any console user, platform admins, merchant owners
  | 'console'
  | 'platform_admin'
  | 'merchant_owner';

export interface RouteResponseSpec {
  description: string;
  /** JSON body schema; omit for empty bodies. */
  schema?: z.ZodType;
  /** Defaults to application/json when a schema is given. */
  contentType?: string;
}

export interface RouteSpec {
  method: HttpMethod;
  /** Hono path syntax, e.g. `/api/counter/sales/:saleId`. */
  path: string;
  auth: RouteAuth;
  summary: string;
  tags: string[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, RouteResponseSpec>;
}

/** Identity helper that keeps literal types and documents intent at the declaration site. */
export function defineRoutes(routes: RouteSpec[]): RouteSpec[] {
  return routes;
}

/** `/api/sales/:saleId` → `/api/sales/{saleId}` (OpenAPI path templating). */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
