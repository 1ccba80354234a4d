/**
 * A server that does no work: every request gets the same ~1 KB JSON object (the size of a counter sale or
 * a PaymentIntent) once its body is read. The HTTP floor of the checkout bench measures Node's own cost
 * of serving and of calling with stripe-node against it. Usage: `tsx noop-http-server.ts <port>`.
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const body = JSON.stringify({
  id: 'pi_floor',
  object: 'payment_intent',
  status: 'requires_capture',
  amount: 1032,
  currency: 'usd',
  metadata: { sale_id: 'sale_floor' },
  padding: 'x'.repeat(800),
});
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_floor' });
    response.end(body);
  });
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
