/**
 * The CPU a checkout costs the server before any of our code runs: Node serving the counter's and Stripe's
 * requests (`http_server_cpu_per_request`: a server that only answers, its CPU per request from /proc) and
 * stripe-node making the server's Stripe calls (`stripe_node_cpu_per_call`: this process's CPU per call
 * against that server, with the server's own client settings). Both with 8 requests in flight, as the
 * throughput run has them. A checkout is `INCOMING_PER_CHECKOUT` requests served and
 * `STRIPE_CALLS_PER_CHECKOUT` calls made, so their sum is the floor no server code can go under.
 */
import { createEmulatorStripeClient } from '../../src/stripe/connection.ts';
import { HttpJsonClient } from './http-json.ts';
import { cpuMs, freePort, SERVER_DIR, spawnNode, waitForHttp } from './processes.ts';

/** Counter requests (token, create sale, attempt, sync) and Stripe's two webhook deliveries. */
export const INCOMING_PER_CHECKOUT = 6;
/** Connection token, PaymentIntent create, reader display, process, retrieve, capture. */
export const STRIPE_CALLS_PER_CHECKOUT = 6;
const IN_FLIGHT = 8;

export interface HttpFloor {
  serverCpuPerRequestUs: number;
  stripeNodeCpuPerCallUs: number;
  cpuPerCheckoutMs: number;
}

async function inParallel(total: number, work: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < total) await work(next++);
    }),
  );
}

export async function measureHttpFloor(requests: number): Promise<HttpFloor> {
  const port = await freePort();
  const server = spawnNode('bench/lib/noop-http-server.ts', { cwd: SERVER_DIR, args: [String(port)] });
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/health`, server);
    const counter = new HttpJsonClient(url, { 'x-csrf-token': 'floor' }, IN_FLIGHT);
    const serve = (index: number) =>
      counter.post('/api/counter/sales', {
        clientSaleId: `floor-${index}`,
        items: [{ productId: 'p', quantity: 1 }],
      });
    await inParallel(requests / 2, serve);
    const serverBefore = cpuMs(server.pid);
    await inParallel(requests, serve);
    const serverCpuPerRequestUs = ((cpuMs(server.pid) - serverBefore) * 1000) / requests;

    const stripe = createEmulatorStripeClient(url);
    const call = (index: number) =>
      stripe.paymentIntents.create(
        {
          amount: 1032,
          currency: 'usd',
          allowed_payment_method_types: ['card_present'],
          capture_method: 'manual',
          application_fee_amount: 25,
          metadata: { sale_id: `sale_floor_${index}` },
        },
        { stripeAccount: 'acct_floor', idempotencyKey: `floor-${process.pid}-${index}` },
      );
    await inParallel(requests / 2, call);
    const clientBefore = process.cpuUsage();
    await inParallel(requests, call);
    const client = process.cpuUsage(clientBefore);
    const stripeNodeCpuPerCallUs = (client.user + client.system) / requests;
    return {
      serverCpuPerRequestUs,
      stripeNodeCpuPerCallUs,
      cpuPerCheckoutMs:
        (INCOMING_PER_CHECKOUT * serverCpuPerRequestUs + STRIPE_CALLS_PER_CHECKOUT * stripeNodeCpuPerCallUs) /
        1000,
    };
  } finally {
    await server.stop();
  }
}
