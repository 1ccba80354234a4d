// The counter's first render (static markup in node): the cannot-charge banner, why Charge is disabled,
// and the simulated-reader panel only in emulator mode.
import type { CounterSession } from '@countertop/shared';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../lib/api-client.ts';
import { type AppConfig, createCounterApi } from '../../lib/counter-api.ts';
import { CounterScreen } from './CounterScreen.tsx';

const api = createCounterApi(
  new ApiClient({ fetch: () => Promise.reject(new Error('no network in this test')) }),
);

const session: CounterSession = {
  staff: { id: 'stf_1', displayName: 'Ben', role: 'staff', permissions: [] },
  register: { id: 'reg_1', code: 'MISSION-1', name: 'Front counter' },
  location: {
    id: 'loc_1',
    name: 'Mission St',
    timeZone: 'America/Los_Angeles',
    country: 'US',
    stripeLocationId: 'tml_1',
  },
  account: {
    id: 'acc_1',
    businessName: 'Bean Counter Coffee',
    currency: 'usd',
    chargeType: 'direct',
    canCharge: true,
    cannotChargeReason: null,
    tipping: { enabled: true, percentages: [15, 18, 20] },
  },
};

function render(options: { config?: Partial<AppConfig>; account?: Partial<CounterSession['account']> } = {}) {
  const config: AppConfig = {
    stripeMode: 'emulator',
    terminalScriptUrl: '/_emulator/terminal.js',
    ...options.config,
  };
  return renderToStaticMarkup(
    <CounterScreen
      api={api}
      config={config}
      session={{ ...session, account: { ...session.account, ...options.account } }}
      onSignOut={() => {}}
    />,
  );
}

describe('CounterScreen', () => {
  it("shows the server's words for why card payments are off and keeps Charge disabled", () => {
    const reason =
      'Bean Counter Coffee is no longer connected to the platform, so card payments are off. Take cash or ask the owner.';
    const html = render({ account: { canCharge: false, cannotChargeReason: reason } });
    expect(html).toContain(`role="alert">${reason}</div>`);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Charge \$0\.00<\/button>/);
    expect(html).toContain('Card payments are off for this business.');
  });

  it('asks for a reader before charging when the account can take payments', () => {
    const html = render();
    expect(html).not.toContain('card payments are off');
    expect(html).toContain('Connect a card reader to charge.');
    // Not "ready to charge" (the page benchmark's signal) before products, reader and resume check.
    expect(html).toContain('data-ready="false"');
    expect(html).not.toContain('data-ready="true"');
  });

  it('offers the simulated-reader controls only against the emulator', async () => {
    // The panel loads on demand: the first render starts loading it, a later one shows it.
    await vi.waitFor(() => expect(render()).toContain('Simulated reader (emulator)'));
    expect(render({ config: { stripeMode: 'stripe', terminalScriptUrl: null } })).not.toContain(
      'Simulated reader',
    );
  });
});
