/**
 * Wires recovery from the app's dependencies and the checkout module the app serves with (the same
 * instance, so the sweeper and live requests share its per-sale locks): the recovery repository, the
 * recovery gateway over the app's stripe-node client, and the sweeper.
 */
import type Stripe from 'stripe';
import type { Db } from '../db/open.ts';
import { createRecoveryRepo } from '../db/recovery.repo.ts';
import type { Clock, IdGenerator, Logger } from '../runtime.ts';
import { createStripeRecoveryGateway, type RecoveryGateway } from '../stripe/recovery-gateway.ts';
import type { CheckoutModule } from './checkout-module.ts';
import { createRecoveryService, type RecoveryOptions } from './recovery.service.ts';

export interface RecoveryModuleDeps {
  db: Db;
  stripe: Stripe;
  checkout: CheckoutModule;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  options?: Partial<RecoveryOptions>;
  /** Override (tests). */
  recoveryGateway?: RecoveryGateway;
}

export function createRecoveryModule(deps: RecoveryModuleDeps) {
  const recoveryRepo = createRecoveryRepo(deps.db);
  const recovery = createRecoveryService({
    repos: { ...deps.checkout.repos, recovery: recoveryRepo },
    gateway: deps.checkout.gateway,
    recoveryGateway: deps.recoveryGateway ?? createStripeRecoveryGateway(deps.stripe),
    checkout: deps.checkout.checkout,
    clock: deps.clock,
    ids: deps.ids,
    log: deps.log,
    ...(deps.options ? { options: deps.options } : {}),
  });
  return { recoveryRepo, recovery };
}

export type RecoveryModule = ReturnType<typeof createRecoveryModule>;
