// Emulates /v1/terminal/configurations (`tmc_`): create, retrieve (deleted → `{id, object, deleted: true}`),
// update (blocks accept '' to unset), list (filter `is_account_default`) and delete. Each account has one
// account-default Configuration (`is_account_default: true`), created the first time it is needed; it can be
// updated (e.g. to enable tipping account-wide) but not deleted. Per-currency `tipping` (fixed_amounts,
// percentages, smart_tip_threshold) is what the simulated readers use to decide whether an on-reader tip
// applies. Does NOT emulate splash-screen file validation (any `file_` id is accepted), Wi-Fi/cellular
// provisioning effects, or the rule that every currency uses the same tipping keys.
import type Stripe from 'stripe';
import type { EmulatorApi } from '../core/api.ts';
import { invalidRequest } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { paginate } from '../core/list.ts';
import { p } from '../core/params.ts';
import {
  accountDefaultConfiguration,
  allLive,
  type Configuration,
  loadAny,
  loadLive,
  type StoredConfiguration,
} from './terminal-shared.ts';

/** Currencies Stripe accepts in `tipping` (SDK 23 `Configuration.Tipping`). */
const TIPPING_CURRENCIES = [
  'aed',
  'aud',
  'cad',
  'chf',
  'czk',
  'dkk',
  'eur',
  'gbp',
  'gip',
  'hkd',
  'huf',
  'jpy',
  'mxn',
  'myr',
  'nok',
  'nzd',
  'pln',
  'ron',
  'sek',
  'sgd',
  'usd',
] as const;

const currencyTipping = () =>
  p.obj({
    fixed_amounts: p.arr(p.int()).max(3).optional(),
    percentages: p.arr(p.int()).max(3).optional(),
    smart_tip_threshold: p.int().optional(),
  });

const tippingParam = () =>
  p.obj(
    Object.fromEntries(TIPPING_CURRENCIES.map((c) => [c, currencyTipping().optional()])) as Record<
      (typeof TIPPING_CURRENCIES)[number],
      ReturnType<ReturnType<typeof currencyTipping>['optional']>
    >,
  );

const splash = () => p.obj({ splashscreen: p.emptyable(p.str().regex(/^file_/)).optional() });
const DEVICE_BLOCKS = [
  'bbpos_wisepad3',
  'bbpos_wisepos_e',
  'stripe_s700',
  'stripe_s710',
  'stripe_t600',
  'verifone_m425',
  'verifone_p400',
  'verifone_p630',
  'verifone_ux700',
  'verifone_v660p',
] as const;
type DeviceBlock = (typeof DEVICE_BLOCKS)[number];

const fields = (emptyableBlocks: boolean) => {
  const wrap = <T extends ReturnType<typeof splash>>(s: T) => (emptyableBlocks ? p.emptyable(s) : s);
  const devices = Object.fromEntries(DEVICE_BLOCKS.map((d) => [d, wrap(splash()).optional()])) as Record<
    DeviceBlock,
    ReturnType<ReturnType<typeof splash>['optional']>
  >;
  return {
    ...devices,
    name: p.str().max(100).optional(),
    tipping: p.emptyable(tippingParam()).optional(),
    offline: p.emptyable(p.obj({ enabled: p.bool() })).optional(),
    cellular: p.emptyable(p.obj({ enabled: p.bool() })).optional(),
    reboot_window: p.emptyable(p.obj({ start_hour: p.int(), end_hour: p.int() })).optional(),
  };
};

type ConfigParams = {
  name?: string | undefined;
  tipping?:
    | Record<
        string,
        | {
            fixed_amounts?: number[] | undefined;
            percentages?: number[] | undefined;
            smart_tip_threshold?: number | undefined;
          }
        | undefined
      >
    | null
    | undefined;
  offline?: { enabled: boolean } | null | undefined;
  cellular?: { enabled: boolean } | null | undefined;
  reboot_window?: { start_hour: number; end_hour: number } | null | undefined;
} & Partial<Record<DeviceBlock, { splashscreen?: string | null | undefined } | null | undefined>>;

function validate(params: ConfigParams): void {
  for (const [currency, config] of Object.entries(params.tipping ?? {})) {
    for (const [key, values] of [
      ['fixed_amounts', config?.fixed_amounts],
      ['percentages', config?.percentages],
    ] as const) {
      if (values?.some((v) => v < 0)) {
        throw invalidRequest(`Invalid tipping[${currency}][${key}]: values must be non-negative integers`, {
          param: `tipping[${currency}][${key}]`,
        });
      }
    }
    if (config?.percentages?.some((v) => v > 100)) {
      throw invalidRequest(`Invalid tipping[${currency}][percentages]: must be at most 100`, {
        param: `tipping[${currency}][percentages]`,
      });
    }
  }
  const window = params.reboot_window;
  if (window) {
    for (const key of ['start_hour', 'end_hour'] as const) {
      if (window[key] < 0 || window[key] > 23) {
        throw invalidRequest(`Invalid reboot_window[${key}]: must be between 0 and 23`, {
          param: `reboot_window[${key}]`,
        });
      }
    }
    if (window.start_hour === window.end_hour) {
      throw invalidRequest('reboot_window start_hour and end_hour must be different', {
        param: 'reboot_window[end_hour]',
      });
    }
  }
}

/** Writes the given blocks onto a configuration (null = remove the block). */
function applyParams(target: Configuration, params: ConfigParams): Configuration {
  const next = { ...target } as Configuration & Record<string, unknown>;
  if (params.name !== undefined) next.name = params.name;
  for (const device of DEVICE_BLOCKS) {
    const block = params[device];
    if (block === undefined) continue;
    if (block === null || block.splashscreen === null) delete next[device];
    else next[device] = block.splashscreen === undefined ? {} : { splashscreen: block.splashscreen };
  }
  if (params.tipping !== undefined) {
    if (params.tipping === null) delete next.tipping;
    else {
      const tipping: Record<string, Stripe.Terminal.Configuration.Tipping.Usd> = {};
      for (const [currency, config] of Object.entries(params.tipping)) {
        if (config === undefined) continue;
        const entry: Stripe.Terminal.Configuration.Tipping.Usd = {};
        if (config.fixed_amounts !== undefined) entry.fixed_amounts = config.fixed_amounts;
        if (config.percentages !== undefined) entry.percentages = config.percentages;
        if (config.smart_tip_threshold !== undefined) entry.smart_tip_threshold = config.smart_tip_threshold;
        tipping[currency] = entry;
      }
      next.tipping = tipping;
    }
  }
  if (params.offline !== undefined) {
    if (params.offline === null) delete next.offline;
    else next.offline = { enabled: params.offline.enabled };
  }
  if (params.cellular !== undefined) {
    if (params.cellular === null) delete next.cellular;
    else next.cellular = { enabled: params.cellular.enabled };
  }
  if (params.reboot_window !== undefined) {
    if (params.reboot_window === null) delete next.reboot_window;
    else
      next.reboot_window = {
        start_hour: params.reboot_window.start_hour,
        end_hour: params.reboot_window.end_hour,
      };
  }
  return next;
}

export function registerTerminalConfigurations(api: EmulatorApi): void {
  api.post('/v1/terminal/configurations', p.obj(fields(false)), (ctx, params) => {
    validate(params);
    const config = applyParams(
      {
        id: newId('tmc', 14),
        object: 'terminal.configuration',
        is_account_default: false,
        livemode: false,
        name: null,
      },
      params,
    );
    ctx.store.insert(ctx.account, config);
    return config;
  });

  api.get(
    '/v1/terminal/configurations',
    p.obj({ ...p.list, is_account_default: p.bool().optional() }),
    (ctx, params) => {
      accountDefaultConfiguration(ctx);
      const items = allLive<Configuration>(ctx, 'terminal.configuration').filter(
        (c) =>
          params.is_account_default === undefined ||
          (c.is_account_default === true) === params.is_account_default,
      );
      return paginate(items, params, '/v1/terminal/configurations', 'terminal.configuration');
    },
  );

  api.get('/v1/terminal/configurations/:id', p.obj({}), (ctx, _params, path) =>
    loadAny<StoredConfiguration>(ctx, 'terminal.configuration', path.id ?? ''),
  );

  api.post('/v1/terminal/configurations/:id', p.obj(fields(true)), (ctx, params, path) => {
    const current = loadLive<Configuration>(ctx, 'terminal.configuration', path.id ?? '');
    validate(params);
    const next = applyParams(current, params);
    ctx.store.update(next);
    return next;
  });

  api.del('/v1/terminal/configurations/:id', p.obj({}), (ctx, _params, path) => {
    const current = loadLive<Configuration>(ctx, 'terminal.configuration', path.id ?? '');
    if (current.is_account_default === true) {
      throw invalidRequest('You cannot delete the account default Configuration. Update it instead.', {
        param: 'configuration',
      });
    }
    const tombstone: Stripe.Terminal.DeletedConfiguration = {
      id: current.id,
      object: 'terminal.configuration',
      deleted: true,
    };
    ctx.store.update(tombstone);
    return tombstone;
  });
}
