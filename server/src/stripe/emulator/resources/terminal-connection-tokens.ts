// Emulates POST /v1/terminal/connection_tokens: `{object: 'terminal.connection_token', secret: 'pst_test_…',
// location?}` on the platform or a connected account (Stripe-Account). An optional `location` must be a live
// Location of the same account; the token is then scoped to that Location's readers. The emulator remembers
// every token (account, location, expiry 10 minutes on the emulator clock) so the browser SDK back end
// (`terminal-sdk.routes.ts`) can authenticate with it. Does NOT emulate retrieve/list (Stripe has none) or
// single-use enforcement (Stripe does not document one; the SDK simply fetches a fresh token per connect).
import type Stripe from 'stripe';
import type { EmulatorApi } from '../core/api.ts';
import { randomToken } from '../core/ids.ts';
import { p } from '../core/params.ts';
import {
  CONNECTION_TOKEN_TTL_MS,
  type Location,
  loadLive,
  rememberConnectionToken,
} from './terminal-shared.ts';

export function registerTerminalConnectionTokens(api: EmulatorApi): void {
  api.post('/v1/terminal/connection_tokens', p.obj({ location: p.str().optional() }), (ctx, params) => {
    if (params.location !== undefined)
      loadLive<Location>(ctx, 'terminal.location', params.location, 'location');
    const secret = `pst_test_${randomToken(24)}`;
    rememberConnectionToken(ctx.store, secret, {
      account: ctx.account,
      location: params.location ?? null,
      expiresAtMs: ctx.clock.nowMs() + CONNECTION_TOKEN_TTL_MS,
    });
    const token: Stripe.Terminal.ConnectionToken = { object: 'terminal.connection_token', secret };
    if (params.location !== undefined) token.location = params.location;
    return token;
  });
}
