import { Hono } from 'hono';

export interface AppDeps {
  stripeMode: 'emulator' | 'stripe';
}

/** Builds the HTTP app from its dependencies; no I/O happens at import time. */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.get('/api/health', (c) => c.json({ ok: true, stripeMode: deps.stripeMode }));
  return app;
}
