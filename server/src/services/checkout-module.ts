/**
 * Wires the checkout slice (checkout, webhooks, receipts) from the app's dependencies: its repositories
 * over the shared database, the Stripe gateway over the app's stripe-node client (Stripe or the emulator),
 * and the mailer (logs in development unless one is injected).
 */
import type Stripe from 'stripe';
import type { Db } from '../db/open.ts';
import { createPaymentsRepo } from '../db/payments.repo.ts';
import { createProductsRepo } from '../db/products.repo.ts';
import type { FoundationRepos } from '../db/repos.ts';
import { createSalesRepo } from '../db/sales.repo.ts';
import { createWebhookEventsRepo } from '../db/webhook-events.repo.ts';
import type { Clock, IdGenerator, Logger } from '../runtime.ts';
import type { PaymentsGateway } from '../stripe/gateway.ts';
import { createStripeGateway } from '../stripe/stripe-gateway.ts';
import { createCheckoutService } from './checkout.service.ts';
import { createLogMailer, type Mailer } from './mailer.ts';
import { createReceiptsService } from './receipts.service.ts';
import { createWebhooksService } from './webhooks.service.ts';

export interface CheckoutModuleDeps {
  db: Db;
  repos: FoundationRepos;
  stripe: Stripe;
  /** Read at each webhook verification (filled once endpoints are registered). */
  webhookSecrets: readonly string[];
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  /** `emulator` enables presenting test cards on simulated readers through the API. */
  stripeMode?: 'emulator' | 'stripe';
  /** Overrides (tests): a gateway and a mailer. */
  gateway?: PaymentsGateway;
  mailer?: Mailer;
}

export function createCheckoutRepos(db: Db) {
  return {
    sales: createSalesRepo(db),
    payments: createPaymentsRepo(db),
    products: createProductsRepo(db),
    webhookEvents: createWebhookEventsRepo(db),
  };
}

export function createCheckoutModule(deps: CheckoutModuleDeps) {
  const { db, clock, ids, log } = deps;
  const repos = { ...deps.repos, ...createCheckoutRepos(db) };
  const gateway =
    deps.gateway ?? createStripeGateway({ stripe: deps.stripe, webhookSecrets: () => deps.webhookSecrets });
  const checkout = createCheckoutService({
    db,
    repos,
    gateway,
    clock,
    ids,
    log,
    simulatedReaders: deps.stripeMode === 'emulator',
  });
  const webhooks = createWebhooksService({ db, gateway, checkout, repos, clock, log });
  const receipts = createReceiptsService({ repos, mailer: deps.mailer ?? createLogMailer(log), clock });
  return { repos, gateway, checkout, webhooks, receipts };
}

export type CheckoutModule = ReturnType<typeof createCheckoutModule>;
