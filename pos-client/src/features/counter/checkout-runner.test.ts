// runCharge: the order of calls for one charge, idempotency keys, and how failures reach the reducer.
import type { Attempt, CreateSaleBody, Sale } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api-client.ts';
import type {
  CollectInput,
  PaymentOutcome,
  SimulatorSettings,
  TerminalDriver,
} from '../../lib/terminal/driver.ts';
import { makeSale } from '../../testing/fake-counter-server.ts';
import { type CheckoutEvent, checkoutReducer, initialCheckout } from './checkout-machine.ts';
import { type ChargeDeps, runCharge } from './checkout-runner.ts';

function setup(
  options: {
    integration?: 'js_sdk' | 'server_driven';
    outcome?: PaymentOutcome;
    createFails?: boolean;
    /** startAttempt answers 409 sale_not_payable; getSale then returns the sale with this status. */
    settledAs?: Sale['status'];
  } = {},
) {
  const calls: string[] = [];
  const events: CheckoutEvent[] = [];
  const created: CreateSaleBody[] = [];
  const attempts: { saleId: string; attemptKey: string; readerId: string }[] = [];
  const collects: CollectInput[] = [];
  const simulators: SimulatorSettings[] = [];
  const sale: Sale = makeSale({ status: 'open', subtotalMinor: 900 });
  const attempt: Attempt = {
    id: 'att_1',
    paymentIntentId: 'pi_1',
    clientSecret: options.integration === 'server_driven' ? null : 'pi_1_secret_abc',
    integration: options.integration ?? 'js_sdk',
  };
  let ids = 0;
  const driver: TerminalDriver = {
    integration: options.integration ?? 'js_sdk',
    connect: async () => ({ ok: true }),
    disconnect: async () => {},
    showCart: async () => {
      calls.push('showCart');
    },
    collectAndProcess: async (input) => {
      calls.push('collectAndProcess');
      collects.push(input);
      return options.outcome ?? { kind: 'approved', sale: { ...sale, status: 'succeeded' } };
    },
    cancel: async () => {},
    onStatus: () => () => {},
    configureSimulator: (settings) => {
      simulators.push(settings);
    },
  };
  const deps: ChargeDeps = {
    api: {
      createSale: async (body) => {
        calls.push('createSale');
        created.push(body);
        if (options.createFails)
          throw new ApiError(
            'account_cannot_charge',
            'Bean Counter Coffee cannot take card payments until Stripe has verified its details. Take cash meanwhile.',
            409,
          );
        return sale;
      },
      startAttempt: async (saleId, body) => {
        calls.push('startAttempt');
        attempts.push({ saleId, ...body });
        if (options.settledAs) throw new ApiError('sale_not_payable', 'This sale is already settled.', 409);
        return { sale: { ...sale, status: 'awaiting_payment' }, attempt };
      },
      getSale: async () => {
        calls.push('getSale');
        return { ...sale, status: options.settledAs ?? sale.status };
      },
    },
    driver,
    readerId: 'rdr_1',
    tippingEnabled: true,
    simulator: null,
    newId: () => `id-${++ids}`,
    dispatch: (event) => events.push(event),
  };
  return { deps, calls, events, created, attempts, collects, simulators, sale };
}

const replay = (events: CheckoutEvent[]) => events.reduce(checkoutReducer, initialCheckout);

describe('runCharge', () => {
  it('creates the sale, shows the cart, starts an attempt on the reader and records the outcome', async () => {
    const t = setup();
    await runCharge(t.deps, initialCheckout, { items: [{ productId: 'p_latte', quantity: 2 }] }, null);
    expect(t.calls).toEqual(['createSale', 'showCart', 'startAttempt', 'collectAndProcess']);
    expect(t.created).toEqual([{ clientSaleId: 'id-1', items: [{ productId: 'p_latte', quantity: 2 }] }]);
    expect(t.attempts).toEqual([{ saleId: 'sale_1', attemptKey: 'id-2', readerId: 'rdr_1' }]);
    expect(t.collects[0]?.tipping).toEqual({ eligibleAmountMinor: 900 });
    expect(t.events.map((event) => event.type)).toEqual(['charge', 'attempt_started', 'finished']);
    expect(replay(t.events).step).toBe('approved');
  });

  it('does not show a cart on a server-driven reader (the server does)', async () => {
    const t = setup({ integration: 'server_driven' });
    await runCharge(t.deps, initialCheckout, { keyedAmountMinor: 1234 }, null);
    expect(t.calls).toEqual(['createSale', 'startAttempt', 'collectAndProcess']);
  });

  it('retries on the existing sale with a new attempt key, keeping the sale idempotency key', async () => {
    const t = setup();
    const declined = {
      ...initialCheckout,
      step: 'declined' as const,
      sale: t.sale,
      clientSaleId: 'sale-key',
    };
    await runCharge(t.deps, declined, { items: [{ productId: 'p_latte', quantity: 1 }] }, null);
    expect(t.calls).not.toContain('createSale');
    expect(t.events[0]).toEqual({ type: 'charge', clientSaleId: 'sale-key' });
    expect(t.attempts[0]?.attemptKey).toBe('id-1');
  });

  it('skips on-reader tipping when the account has tipping off, and passes the simulator settings', async () => {
    const t = setup();
    const simulator = { testPaymentMethod: 'amex', tipAmountMinor: null, customerCancel: false };
    await runCharge(
      { ...t.deps, tippingEnabled: false, simulator },
      initialCheckout,
      { keyedAmountMinor: 500 },
      null,
    );
    expect(t.collects[0]?.tipping).toBeNull();
    expect(t.simulators).toEqual([simulator]);
  });

  it("reports a refused sale as a start failure in the server's words (it names the business and why)", async () => {
    const t = setup({ createFails: true });
    await runCharge(t.deps, initialCheckout, { keyedAmountMinor: 500 }, null);
    expect(t.events.at(-1)).toEqual({
      type: 'start_failed',
      code: 'account_cannot_charge',
      message:
        'Bean Counter Coffee cannot take card payments until Stripe has verified its details. Take cash meanwhile.',
      sale: null,
    });
    const state = replay(t.events);
    expect(state).toMatchObject({ step: 'failed', clientSaleId: 'id-1' });
  });

  it('shows a sale the server reports settled meanwhile as approved instead of a failure', async () => {
    const t = setup({ settledAs: 'succeeded' });
    const failed = { ...initialCheckout, step: 'failed' as const, sale: t.sale, clientSaleId: 'sale-key' };
    await runCharge(t.deps, failed, { keyedAmountMinor: 500 }, null);
    expect(t.calls).toEqual(['showCart', 'startAttempt', 'getSale']);
    expect(t.events.at(-1)).toMatchObject({ type: 'finished', outcome: { kind: 'approved' } });
    expect(t.events.reduce(checkoutReducer, failed)).toMatchObject({
      step: 'approved',
      sale: { status: 'succeeded' },
    });
  });

  it('keeps a refused retry a failure when the server has the sale still unsettled', async () => {
    const t = setup({ settledAs: 'requires_capture' });
    const failed = { ...initialCheckout, step: 'failed' as const, sale: t.sale, clientSaleId: 'sale-key' };
    await runCharge(t.deps, failed, { keyedAmountMinor: 500 }, null);
    expect(t.events.at(-1)).toMatchObject({ type: 'start_failed', code: 'sale_not_payable' });
  });
});
