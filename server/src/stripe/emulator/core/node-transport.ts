// The /v1 route table and the Node fast path that serves from it. Every /v1 endpoint is registered with Hono
// (the in-process fetch, and whatever the fast path declines) and indexed here by method and segment count,
// in registration order (the first matching route wins, as in Hono). `serveNode` answers a /v1 request
// straight from Node's IncomingMessage, without building WHATWG Request/Response objects: same route, same
// pipeline (`Route.run`), same status, headers and body as through Hono (test/emulator/fast-paths.test.ts
// compares them).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorEnvelope, toStripeError } from './errors.ts';
import { newId } from './ids.ts';

/** A /v1 request as the pipeline sees it, whichever transport (Hono or the Node fast path) carried it. */
export interface ApiRequest {
  readonly requestId: string;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
  readonly path: string;
  /** The query string including its '?', or ''. */
  readonly search: string;
  readonly origin: string;
  readonly params: Record<string, string>;
  /** The raw request body (form-encoded, or multipart for file uploads). */
  body(): Promise<Buffer>;
  /** Destroys the client connection if there is one; false when there is none (in-process fetch). */
  dropConnection(): boolean;
}

export interface ApiReply {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  segments: string[];
  run(req: ApiRequest): Promise<ApiReply>;
}

/** Characters outside those a request target keeps unchanged through WHATWG URL parsing. */
const UNSAFE_TARGET = /[^\w\-.~!$&'()*+,;=:@/?%[\]]/;

/** Path params of `route` for the path split into `parts`, or null when it does not match (Hono semantics). */
function matchRoute(route: Route, parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 1) {
    const want = route.segments[i] as string;
    const got = parts[i] as string;
    if (want.charCodeAt(0) === 58 /* ':' */) {
      if (got === '') return null;
      params[want.slice(1)] = got;
    } else if (want !== got) return null;
  }
  return params;
}

/** A header by lower-case name from Node's parsed headers (repeated headers joined as fetch would). */
export function nodeHeaderReader(
  headers: Record<string, string | string[] | undefined>,
): (name: string) => string | undefined {
  return (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

interface RouteTable {
  add(route: Route): void;
  /**
   * Serves a /v1 request straight from Node's `IncomingMessage` when it matches a registered route; returns
   * false, having done nothing, for anything else (the caller hands it to Hono).
   */
  serveNode(incoming: IncomingMessage, outgoing: ServerResponse): boolean;
}

export function createRouteTable(log: (line: string) => void): RouteTable {
  const routesByShape = new Map<string, Route[]>();
  const origins = new Map<string, string>();

  function serveNode(incoming: IncomingMessage, outgoing: ServerResponse): boolean {
    const method = incoming.method;
    const target = incoming.url ?? '';
    const host = incoming.headers.host;
    // Only plain /v1 targets with a Host header; percent-encoded paths, characters a WHATWG URL would rewrite
    // (non-ASCII, backslash, '#', …), other methods and everything else take Hono's route (its URL parsing,
    // decoding, HEAD/OPTIONS handling and 404s).
    if (
      (method !== 'POST' && method !== 'GET' && method !== 'DELETE') ||
      !target.startsWith('/v1/') ||
      !host ||
      UNSAFE_TARGET.test(target)
    ) {
      return false;
    }
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    if (path.includes('%')) return false;
    const parts = path.split('/');
    const candidates = routesByShape.get(`${method} ${parts.length}`);
    if (!candidates) return false;
    let route: Route | undefined;
    let params: Record<string, string> | null = null;
    for (const candidate of candidates) {
      params = matchRoute(candidate, parts);
      if (params) {
        route = candidate;
        break;
      }
    }
    if (!route || !params) return false;
    let origin = origins.get(host);
    if (origin === undefined) {
      try {
        origin = new URL(`http://${host}`).origin;
      } catch {
        return false;
      }
      // A client sends one Host header; the cache only grows past a handful when something is probing us.
      if (origins.size > 64) origins.clear();
      origins.set(host, origin);
    }
    const requestId = newId('req', 14);
    const send = (reply: ApiReply) => {
      reply.headers['content-length'] = String(Buffer.byteLength(reply.body));
      outgoing.writeHead(reply.status, reply.headers);
      outgoing.end(reply.body);
    };
    route
      .run({
        requestId,
        header: nodeHeaderReader(incoming.headers),
        path,
        search: queryAt === -1 ? '' : target.slice(queryAt),
        origin,
        params,
        body: () =>
          new Promise<Buffer>((resolve, reject) => {
            const chunks: Buffer[] = [];
            incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
            incoming.once('end', () => resolve(Buffer.concat(chunks)));
            incoming.once('error', reject);
          }),
        dropConnection: () => {
          incoming.socket.destroy();
          return true;
        },
      })
      .then(send, (err: unknown) => {
        // What app.ts's onError answers for the same error through Hono.
        const stripeErr = toStripeError(err, log);
        send({
          status: stripeErr.status,
          body: JSON.stringify(errorEnvelope(stripeErr)),
          headers: { 'content-type': 'application/json', 'request-id': requestId },
        });
      })
      .catch((err: unknown) => {
        log(`emulator: writing a response failed: ${String(err)}`);
        outgoing.destroy();
      });
    return true;
  }

  return {
    add(route) {
      const shape = `${route.method} ${route.segments.length}`;
      const sameShape = routesByShape.get(shape);
      if (sameShape) sameShape.push(route);
      else routesByShape.set(shape, [route]);
    },
    serveNode,
  };
}
