// Emulates /v1/terminal/locations: create, retrieve (a deleted Location returns `{id, object, deleted: true}`),
// update, list (pagination only, as Stripe) and delete, on the platform or a connected account (Stripe-Account).
// Validates `display_name`, the address fields Stripe requires per country (→ 400 with param
// `address[state]` etc.), `configuration_overrides` (an existing `tmc_` of the same account) and refuses to
// change a Location's country. Does NOT emulate Japanese kana/kanji address validation (stored as given),
// address verification against real postcodes, or blocking deletion of a Location that still has readers
// (Stripe does not document what happens to them; readers keep the id).
import type Stripe from 'stripe';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { invalidRequest, parameterInvalidEmpty, parameterMissing } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { paginate } from '../core/list.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { p } from '../core/params.ts';
import { isCountryCode, missingAddressParam } from './terminal-rules.ts';
import {
  allLive,
  type Configuration,
  type Location,
  loadAny,
  loadLive,
  type StoredLocation,
} from './terminal-shared.ts';

const addressParam = () =>
  p.obj({
    city: p.str().optional(),
    country: p.str().optional(),
    line1: p.str().optional(),
    line2: p.emptyable(p.str()).optional(),
    postal_code: p.str().optional(),
    state: p.str().optional(),
  });

const japanAddressParam = () =>
  p.obj({
    city: p.str().optional(),
    country: p.str().optional(),
    line1: p.str().optional(),
    line2: p.str().optional(),
    postal_code: p.str().optional(),
    state: p.str().optional(),
    town: p.str().optional(),
  });

type AddressParam = {
  city?: string | undefined;
  country?: string | undefined;
  line1?: string | undefined;
  line2?: string | null | undefined;
  postal_code?: string | undefined;
  state?: string | undefined;
};

function toAddress(input: AddressParam): Stripe.Address {
  return {
    city: input.city ?? null,
    country: input.country?.toUpperCase() ?? null,
    line1: input.line1 ?? null,
    line2: input.line2 ?? null,
    postal_code: input.postal_code ?? null,
    state: input.state ?? null,
  };
}

function validateAddress(address: Stripe.Address): void {
  const country = address.country ?? '';
  if (country !== '' && !isCountryCode(country)) {
    throw invalidRequest(
      `Country '${country}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'.`,
      {
        param: 'address[country]',
      },
    );
  }
  const missing = missingAddressParam({
    country: address.country ?? undefined,
    line1: address.line1 ?? undefined,
    city: address.city ?? undefined,
    state: address.state ?? undefined,
    postal_code: address.postal_code ?? undefined,
  });
  if (missing !== null) throw parameterMissing(missing);
}

function checkConfiguration(ctx: RequestContext, id: string): void {
  loadLive<Configuration>(ctx, 'terminal.configuration', id, 'configuration_overrides');
}

const japanAddress = (input: Record<string, string | undefined>): Stripe.Terminal.Location.AddressKana => ({
  city: input.city ?? null,
  country: input.country ?? null,
  line1: input.line1 ?? null,
  line2: input.line2 ?? null,
  postal_code: input.postal_code ?? null,
  state: input.state ?? null,
  town: input.town ?? null,
});

export function registerTerminalLocations(api: EmulatorApi): void {
  api.post(
    '/v1/terminal/locations',
    p.obj({
      address: addressParam().optional(),
      address_kana: japanAddressParam().optional(),
      address_kanji: japanAddressParam().optional(),
      configuration_overrides: p.str().optional(),
      display_name: p.str().max(1000).optional(),
      display_name_kana: p.str().optional(),
      display_name_kanji: p.str().optional(),
      metadata: p.metadata().optional(),
      phone: p.str().optional(),
    }),
    (ctx, params) => {
      const hasJapanese = params.address_kana !== undefined || params.address_kanji !== undefined;
      if (params.address === undefined && !hasJapanese) throw parameterMissing('address');
      const hasJapaneseName =
        params.display_name_kana !== undefined || params.display_name_kanji !== undefined;
      if (params.display_name === undefined && !hasJapaneseName) throw parameterMissing('display_name');
      const address = toAddress(params.address ?? {});
      if (params.address !== undefined) validateAddress(address);
      if (params.configuration_overrides !== undefined)
        checkConfiguration(ctx, params.configuration_overrides);

      const location: Location = {
        id: newId('tml'),
        object: 'terminal.location',
        address,
        display_name: params.display_name ?? '',
        livemode: false,
        metadata: mergeMetadata({}, params.metadata),
      };
      if (params.address_kana !== undefined) location.address_kana = japanAddress(params.address_kana);
      if (params.address_kanji !== undefined) location.address_kanji = japanAddress(params.address_kanji);
      if (params.configuration_overrides !== undefined)
        location.configuration_overrides = params.configuration_overrides;
      if (params.display_name_kana !== undefined) location.display_name_kana = params.display_name_kana;
      if (params.display_name_kanji !== undefined) location.display_name_kanji = params.display_name_kanji;
      if (params.phone !== undefined) location.phone = params.phone;
      ctx.store.insert(ctx.account, location);
      return location;
    },
  );

  api.get('/v1/terminal/locations', p.obj({ ...p.list }), (ctx, params) =>
    paginate(
      allLive<Location>(ctx, 'terminal.location'),
      params,
      '/v1/terminal/locations',
      'terminal.location',
    ),
  );

  api.get('/v1/terminal/locations/:id', p.obj({}), (ctx, _params, path) =>
    loadAny<StoredLocation>(ctx, 'terminal.location', path.id ?? ''),
  );

  api.post(
    '/v1/terminal/locations/:id',
    p.obj({
      address: addressParam().optional(),
      address_kana: japanAddressParam().optional(),
      address_kanji: japanAddressParam().optional(),
      configuration_overrides: p.emptyable(p.str()).optional(),
      display_name: p.emptyable(p.str().max(1000)).optional(),
      display_name_kana: p.emptyable(p.str()).optional(),
      display_name_kanji: p.emptyable(p.str()).optional(),
      metadata: p.metadata().optional(),
      phone: p.emptyable(p.str()).optional(),
    }),
    (ctx, params, path) => {
      const current = loadLive<Location>(ctx, 'terminal.location', path.id ?? '');
      const next: Location = { ...current, metadata: mergeMetadata(current.metadata, params.metadata) };

      if (params.address !== undefined) {
        const merged = toAddress({
          city: params.address.city ?? current.address.city ?? undefined,
          country: params.address.country ?? current.address.country ?? undefined,
          line1: params.address.line1 ?? current.address.line1 ?? undefined,
          line2:
            params.address.line2 === undefined ? (current.address.line2 ?? undefined) : params.address.line2,
          postal_code: params.address.postal_code ?? current.address.postal_code ?? undefined,
          state: params.address.state ?? current.address.state ?? undefined,
        });
        if (current.address.country !== null && merged.country !== current.address.country) {
          throw invalidRequest(
            'You cannot change the country of a Location. Create a new Location in the new country and register your readers to it instead.',
            { param: 'address[country]' },
          );
        }
        validateAddress(merged);
        next.address = merged;
      }
      if (params.display_name !== undefined) {
        if (params.display_name === null) {
          if (current.display_name_kana === undefined && current.display_name_kanji === undefined) {
            throw parameterInvalidEmpty('display_name');
          }
          next.display_name = '';
        } else {
          next.display_name = params.display_name;
        }
      }
      if (params.configuration_overrides !== undefined) {
        if (params.configuration_overrides === null) delete next.configuration_overrides;
        else {
          checkConfiguration(ctx, params.configuration_overrides);
          next.configuration_overrides = params.configuration_overrides;
        }
      }
      if (params.phone !== undefined) {
        if (params.phone === null) delete next.phone;
        else next.phone = params.phone;
      }
      if (params.display_name_kana !== undefined) {
        if (params.display_name_kana === null) delete next.display_name_kana;
        else next.display_name_kana = params.display_name_kana;
      }
      if (params.display_name_kanji !== undefined) {
        if (params.display_name_kanji === null) delete next.display_name_kanji;
        else next.display_name_kanji = params.display_name_kanji;
      }
      if (params.address_kana !== undefined) next.address_kana = japanAddress(params.address_kana);
      if (params.address_kanji !== undefined) next.address_kanji = japanAddress(params.address_kanji);
      ctx.store.update(next);
      return next;
    },
  );

  api.del('/v1/terminal/locations/:id', p.obj({}), (ctx, _params, path) => {
    const current = loadLive<Location>(ctx, 'terminal.location', path.id ?? '');
    const tombstone: Stripe.Terminal.DeletedLocation = {
      id: current.id,
      object: 'terminal.location',
      deleted: true,
    };
    ctx.store.update(tombstone);
    return tombstone;
  });
}
