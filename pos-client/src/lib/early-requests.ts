/**
 * The counter's first requests, sent as soon as the bundle starts to run: main.tsx imports this module
 * first, so `/api/config` and the session are on the wire while React, i18next and the app's own code are
 * still being evaluated (on a busy till that takes longer than the requests). When the session answers
 * 200, the catalog, the readers and the unfinished-sale check follow at once, still before React has
 * rendered; a device that is not signed in sends nothing more. The API client reads each answer once
 * (`takeEarly`), with the same parsing and errors as its own requests; a second call fetches afresh.
 * The consoles (`/merchant`, `/platform`) send none of these.
 */

export type EarlyRequest = 'config' | 'session' | 'catalog' | 'readers' | 'inFlight';

const PATHS: Record<EarlyRequest, string> = {
  config: '/api/config',
  session: '/api/counter/session',
  catalog: '/api/counter/catalog',
  readers: '/api/counter/readers',
  inFlight: '/api/counter/in-flight',
};

/** The request the API client makes for a GET (api-client.ts `raw`), so the answers are the same. */
const INIT: RequestInit = { method: 'GET', headers: { accept: 'application/json' }, credentials: 'include' };

/** The counter route: everything but the two consoles (main.tsx picks the app the same way). */
export function isCounterRoute(pathname: string): boolean {
  return !pathname.startsWith('/platform') && !pathname.startsWith('/merchant');
}

/** A request's answer, or null when it was not sent (no session) or could not be made (fetch again). */
type Pending = Promise<Response | null>;

const pending = new Map<EarlyRequest, Pending>();

function send(path: string): Pending {
  return fetch(path, INIT).catch(() => null);
}

/** Sends the counter's first requests (as this module runs, first of the bundle: see main.tsx). */
function sendEarlyRequests(): void {
  if (typeof window === 'undefined' || typeof fetch !== 'function') return;
  if (!isCounterRoute(window.location.pathname)) return;
  // What parses the answers (zod and the response schemas, a chunk of its own) loads meanwhile too.
  import('./validation.ts').catch(() => undefined);
  const session = send(PATHS.session);
  pending.set('config', send(PATHS.config));
  pending.set('session', session);
  const signedIn = session.then((response) => response?.ok === true);
  for (const name of ['catalog', 'readers', 'inFlight'] as const) {
    pending.set(
      name,
      signedIn.then((ok) => (ok ? send(PATHS[name]) : null)),
    );
  }
}

/** The early answer to `name`, once (null if it was not sent or was taken already). */
export function takeEarly(name: EarlyRequest): Pending | null {
  const request = pending.get(name) ?? null;
  pending.delete(name);
  return request;
}

sendEarlyRequests();
