/** Every Stripe port over one stripe-node client (to Stripe or to the emulator). */
import type Stripe from 'stripe';
import type { Clock } from '../../runtime.ts';
import type { ConnectGateway } from '../connect.port.ts';
import type { DisputesGateway } from '../disputes.port.ts';
import type { StripeHealth } from '../health.port.ts';
import type { PaymentsGateway } from '../payments.port.ts';
import type { RecoveryGateway } from '../recovery.port.ts';
import type { ReportingGateway } from '../reporting.port.ts';
import { createConnectGateway } from './connect.adapter.ts';
import { createDisputesGateway } from './disputes.adapter.ts';
import { createStripeHealthCheck } from './health.adapter.ts';
import { createStripeGateway } from './payments.adapter.ts';
import { createStripeRecoveryGateway } from './recovery.adapter.ts';
import { createStripeReportingGateway } from './reporting.adapter.ts';

export interface StripeGateways {
  payments: PaymentsGateway;
  connect: ConnectGateway;
  reporting: ReportingGateway;
  recovery: RecoveryGateway;
  disputes: DisputesGateway;
  health: StripeHealth;
}

export function createStripeGateways(
  stripe: Stripe,
  options: { webhookSecrets: () => readonly string[]; clock: Clock },
): StripeGateways {
  return {
    payments: createStripeGateway({ stripe, webhookSecrets: options.webhookSecrets }),
    connect: createConnectGateway(stripe),
    reporting: createStripeReportingGateway(stripe),
    recovery: createStripeRecoveryGateway(stripe),
    disputes: createDisputesGateway(stripe),
    health: createStripeHealthCheck(stripe, { clock: options.clock }),
  };
}
