// Emulates /v1/webhook_endpoints (CRUD; `secret` whsec_ only in the create response; `connect: true` endpoints
// receive connected accounts' events) and /v1/events (list with type/types/created filters, retrieve).
// Does NOT emulate `/v1/webhook_endpoints/:id` secret rolling or thin events (v2).
import type Stripe from 'stripe';
import type { EmulatorApi } from '../core/api.ts';
import { resourceMissing } from '../core/errors.ts';
import type { EmulatedEvent } from '../core/events.ts';
import { newId, randomToken } from '../core/ids.ts';
import { paginate, paginateStored } from '../core/list.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { matchesCreated, p } from '../core/params.ts';

type Endpoint = Stripe.WebhookEndpoint & { connect: boolean };

const eventName = p.str().regex(/^[a-z0-9_.*]+$/);

export function registerWebhookEndpoints(api: EmulatorApi): void {
  api.post(
    '/v1/webhook_endpoints',
    p.obj({
      url: p.str().url(),
      enabled_events: p.arr(eventName).min(1),
      connect: p.bool().optional(),
      api_version: p.str().optional(),
      description: p.emptyable(p.str()).optional(),
      metadata: p.metadata().optional(),
    }),
    (ctx, params) => {
      const endpoint: Endpoint = {
        id: newId('we'),
        object: 'webhook_endpoint',
        api_version: params.api_version ?? null,
        application: null,
        created: ctx.now(),
        description: params.description ?? null,
        enabled_events: params.enabled_events,
        livemode: false,
        metadata: mergeMetadata({}, params.metadata),
        secret: `whsec_${randomToken(32)}`,
        status: 'enabled',
        url: params.url,
        connect: params.connect ?? false,
      };
      ctx.store.insert(ctx.account, endpoint);
      return endpoint;
    },
  );

  const hideSecret = (ep: Endpoint): Endpoint => {
    const { secret: _secret, ...rest } = ep;
    return rest as Endpoint;
  };

  api.get('/v1/webhook_endpoints', p.obj({ ...p.list }), (ctx, params) =>
    paginate(
      ctx.store.all<Endpoint>('webhook_endpoint', ctx.account).map(hideSecret),
      params,
      '/v1/webhook_endpoints',
    ),
  );

  const load = (ctx: { store: EmulatorApi['store']; account: string }, id: string): Endpoint => {
    const ep = ctx.store.find<Endpoint>('webhook_endpoint', id, ctx.account);
    if (!ep) throw resourceMissing('webhook_endpoint', id);
    return ep;
  };

  api.get('/v1/webhook_endpoints/:id', p.obj({}), (ctx, _params, path) =>
    hideSecret(load(ctx, path.id ?? '')),
  );

  api.post(
    '/v1/webhook_endpoints/:id',
    p.obj({
      url: p.str().url().optional(),
      enabled_events: p.arr(eventName).min(1).optional(),
      disabled: p.bool().optional(),
      description: p.emptyable(p.str()).optional(),
      metadata: p.metadata().optional(),
    }),
    (ctx, params, path) => {
      const ep = load(ctx, path.id ?? '');
      const metadata = mergeMetadata(ep.metadata, params.metadata);
      const next: Endpoint = {
        ...ep,
        url: params.url ?? ep.url,
        enabled_events: params.enabled_events ?? ep.enabled_events,
        status: params.disabled === undefined ? ep.status : params.disabled ? 'disabled' : 'enabled',
        description: params.description === undefined ? ep.description : params.description,
        metadata,
      };
      ctx.store.update(next);
      return hideSecret(next);
    },
  );

  api.del('/v1/webhook_endpoints/:id', p.obj({}), (ctx, _params, path) => {
    const ep = load(ctx, path.id ?? '');
    ctx.store.delete(ep.id);
    return { id: ep.id, object: 'webhook_endpoint', deleted: true };
  });

  api.get(
    '/v1/events',
    p.obj({
      ...p.list,
      type: p.str().optional(),
      types: p.arr(p.str()).optional(),
      created: p.createdFilter().optional(),
      delivery_success: p.bool().optional(),
    }),
    (ctx, params) => {
      const wildcard = (pattern: string, type: string) =>
        pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
      return paginateStored<EmulatedEvent>(ctx.store, 'event', ctx.account, params, '/v1/events', 'event', {
        filter: (e) =>
          (params.type === undefined || wildcard(params.type, e.type)) &&
          (params.types === undefined || params.types.includes(e.type)) &&
          matchesCreated(e.created, params.created),
      });
    },
  );

  api.get('/v1/events/:id', p.obj({}), (ctx, _params, path) => {
    const evt = ctx.store.find<EmulatedEvent>('event', path.id ?? '', ctx.account);
    if (!evt) throw resourceMissing('event', path.id ?? '');
    return evt;
  });
}
