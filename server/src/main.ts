import { serve } from '@hono/node-server';
import { createApp } from './app.ts';

// Composition root: the only file with process side effects.
const port = Number(process.env.PORT ?? 3000);
const app = createApp({ stripeMode: process.env.STRIPE_SECRET_KEY ? 'stripe' : 'emulator' });
serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info) => {
  console.log(`Countertop listening on http://127.0.0.1:${info.port}`);
});
