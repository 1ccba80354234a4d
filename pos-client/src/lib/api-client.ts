/**
 * JSON over fetch for the counter API: sends the session cookie, adds `x-csrf-token` to mutations,
 * parses successful bodies with the shared zod schemas, and turns every failure into `ApiError(code)`
 * (`network_error` when the server could not be reached, `invalid_response` when a body breaks the contract).
 * Parsing goes through `zod/mini`'s `safeParse`, which takes classic and mini schemas alike: the counter's
 * bundle passes the mini ones (`counterResponses`, loaded on demand with zod: `SchemaRef`), the consoles
 * the classic ones.
 */
import { CSRF_HEADER } from '@countertop/shared';
import type { $ZodType, output } from 'zod/v4/core';

/** zod and the counter's schemas, loaded on first use (see validation.ts). */
export const loadValidation = () => import('./validation.ts');

/**
 * A response schema, or a schema to load on demand (`{ lazy }`): the counter's come from validation.ts so
 * that zod is not in its first load; the consoles, which bundle zod anyway, pass theirs directly.
 */
export type SchemaRef<T extends $ZodType> = T | { readonly lazy: () => Promise<T> };

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** A 429's `Retry-After`: the seconds until the next attempt may be made (null when not given). */
    readonly retryAfterSeconds: number | null = null,
    /** The error's other fields, e.g. a CSV import's `rows` (null when none). */
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

/** The error object's fields beyond `code` and `message` (e.g. `rows`), or null. */
function detailsOf(payload: unknown): Record<string, unknown> | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const error = (payload as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { code: _code, message: _message, ...rest } = error as Record<string, unknown>;
  return Object.keys(rest).length > 0 ? rest : null;
}

/** The `Retry-After` header in seconds (its delta-seconds form, the only one the server sends). */
function retryAfterOf(response: Response): number | null {
  const value = response.headers.get('retry-after');
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}

interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** Called when any request finds the session gone (401 `unauthenticated`), e.g. to show the sign-in screen. */
type UnauthenticatedHandler = (path: string) => void;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class ApiClient {
  private csrfToken: string | null = null;
  private unauthenticatedHandler: UnauthenticatedHandler | null = null;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  setCsrfToken(token: string | null) {
    this.csrfToken = token;
  }

  onUnauthenticated(handler: UnauthenticatedHandler | null) {
    this.unauthenticatedHandler = handler;
  }

  /**
   * `early`: the answer to this same GET already on its way (early-requests.ts), read instead of asking
   * again; when it resolves to null (not sent, or the network failed) the request is made as usual.
   */
  get<T extends $ZodType>(
    path: string,
    schema: SchemaRef<T>,
    early?: Promise<Response | null> | null,
  ): Promise<output<T>> {
    return this.request('GET', path, undefined, schema, early);
  }

  post<T extends $ZodType>(path: string, body: unknown, schema: SchemaRef<T>): Promise<output<T>> {
    return this.request('POST', path, body, schema);
  }

  /** A mutation whose answer has no body worth reading (204, 202). */
  async send(method: Method, path: string, body?: unknown): Promise<void> {
    await this.raw(method, path, body);
  }

  async request<T extends $ZodType>(
    method: Method,
    path: string,
    body: unknown,
    schema: SchemaRef<T>,
    early?: Promise<Response | null> | null,
  ): Promise<output<T>> {
    // Loading the validator (a cached module after the first time) runs alongside the request.
    const validator = Promise.all([
      loadValidation(),
      '_zod' in schema ? Promise.resolve(schema) : schema.lazy(),
    ]);
    validator.catch(() => undefined);
    const response = await this.raw(method, path, body, early);
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new ApiError(
        'invalid_response',
        `The server sent a response that is not JSON (${path}).`,
        response.status,
      );
    }
    const [{ safeParse }, resolved] = await validator;
    const parsed = safeParse(resolved, json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown';
      throw new ApiError('invalid_response', `Unexpected response from ${path} (${where}).`, response.status);
    }
    return parsed.data;
  }

  private async raw(
    method: Method,
    path: string,
    body: unknown,
    early?: Promise<Response | null> | null,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    // A FormData body (a file upload) sets its own multipart content type with the boundary.
    const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
    if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers[CSRF_HEADER] = this.csrfToken;
    let response: Response;
    try {
      response =
        (early ? await early : null) ??
        (await this.fetchImpl(`${this.baseUrl}${path}`, {
          method,
          headers,
          credentials: 'include',
          ...(body === undefined ? {} : { body: isForm ? body : JSON.stringify(body) }),
        }));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new ApiError('network_error', `Could not reach the server (${detail}).`, 0);
    }
    if (response.ok) return response;
    let payload: unknown = null;
    try {
      payload = await response.json();
    } catch {
      // not JSON: fall through to a generic error for the status
    }
    const { safeParse, counterSchemas } = await loadValidation();
    const parsed = safeParse(counterSchemas.apiError, payload);
    if (parsed.success) {
      if (parsed.data.error.code === 'unauthenticated') this.unauthenticatedHandler?.(path);
      throw new ApiError(
        parsed.data.error.code,
        parsed.data.error.message,
        response.status,
        retryAfterOf(response),
        detailsOf(payload),
      );
    }
    throw new ApiError(
      response.status >= 500 ? 'internal_error' : 'http_error',
      `The server answered ${response.status}.`,
      response.status,
    );
  }
}
