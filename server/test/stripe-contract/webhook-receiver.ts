// A local HTTP receiver for webhook deliveries in emulator-only contract tests (real Stripe cannot reach
// 127.0.0.1): every delivery is verified with stripe.webhooks.constructEvent against the secrets it is given.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';

export interface WebhookReceiver {
  url: string;
  /** Verified events received so far, in arrival order. */
  events: Stripe.Event[];
  /** Adds a signing secret (`whsec_…`) deliveries may be signed with. */
  trust(secret: string): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(stripe: Stripe): Promise<WebhookReceiver> {
  const secrets: string[] = [];
  const events: Stripe.Event[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const signature = String(req.headers['stripe-signature'] ?? '');
      for (const secret of secrets) {
        try {
          events.push(stripe.webhooks.constructEvent(body, signature, secret));
          res.writeHead(200).end('ok');
          return;
        } catch {
          // try the next secret
        }
      }
      res.writeHead(400).end('bad signature');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events,
    trust: (secret) => secrets.push(secret),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
