// Registers every emulated resource on the core API: one line per register function.
import type { EmulatorApi } from '../core/api.ts';
import { registerAccountLinks } from './account-links.ts';
import { registerAccountStanding } from './account-standing.ts';
import { registerAccounts } from './accounts.ts';
import { registerApplicationFees } from './application-fees.ts';
import { registerBalance } from './balance.ts';
import { registerCharges } from './charges.ts';
import { registerDisputes } from './disputes.ts';
import { registerFiles } from './files.ts';
import { registerPaymentIntents } from './payment-intents.ts';
import { registerPaymentMethods } from './payment-methods.ts';
import { registerPayouts } from './payouts.ts';
import { registerRefunds } from './refunds.ts';
import { registerTerminalResources } from './terminal-resources.ts';
import { registerTransfers } from './transfers.ts';
import { registerWebhookEndpoints } from './webhook-endpoints.ts';

export function registerResources(api: EmulatorApi): void {
  registerAccounts(api);
  registerAccountLinks(api);
  registerAccountStanding(api);
  registerPaymentIntents(api);
  registerPaymentMethods(api);
  registerCharges(api);
  registerRefunds(api);
  registerFiles(api);
  registerDisputes(api);
  registerApplicationFees(api);
  registerTransfers(api);
  registerBalance(api);
  registerPayouts(api);
  registerWebhookEndpoints(api);
  registerTerminalResources(api);
}
