/**
 * Wires the merchant-reporting slice from the app's dependencies: its repositories over the shared
 * database, the reporting gateway over the app's stripe-node client, the reports and refunds services
 * (refunds reuse the checkout slice's payments gateway), and `resolveViewer`, which turns the request's
 * console session (merchant owner) or counter session (manager) into a `MerchantViewer`. The `manager`
 * route guard (middleware/guards.ts) calls it after checking the CSRF token of the session in use.
 */
import type Stripe from 'stripe';
import type { Db } from '../db/open.ts';
import { createPaymentsRepo } from '../db/payments.repo.ts';
import { createReportsRepo } from '../db/reports.repo.ts';
import type { FoundationRepos } from '../db/repos.ts';
import { createSalesRepo } from '../db/sales.repo.ts';
import { AppError } from '../errors.ts';
import type { Clock, IdGenerator, Logger } from '../runtime.ts';
import type { PaymentsGateway } from '../stripe/gateway.ts';
import type { ReportingGateway } from '../stripe/reporting.ts';
import { createStripeReportingGateway } from '../stripe/stripe-reporting.ts';
import type { CounterContext } from './auth.service.ts';
import {
  type MerchantViewer,
  viewerForSupport,
  viewerFromCounter,
  viewerFromOwner,
} from './merchant-access.ts';
import { createRefundsService } from './refunds.service.ts';
import { createReportsService } from './reports.service.ts';

export interface MerchantModuleDeps {
  db: Db;
  repos: FoundationRepos;
  stripe: Stripe;
  gateway: PaymentsGateway;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  /** Override (tests). */
  reporting?: ReportingGateway;
}

/** What the request carries: a console user (if signed in there) and a counter session (if any). */
export interface ViewerRequest {
  user: { id: string; email: string; role: string; accountId: string | null } | undefined;
  counter: CounterContext | undefined;
  /** Why a cookie's session was refused, for the 401 message. */
  sessionProblem: string | null;
  /** `?accountId=`: which merchant a platform admin's support view looks at. */
  accountIdQuery: string | undefined;
}

export function createMerchantModule(deps: MerchantModuleDeps) {
  const repos = {
    ...deps.repos,
    reports: createReportsRepo(deps.db),
    sales: createSalesRepo(deps.db),
    payments: createPaymentsRepo(deps.db),
  };
  const reporting = deps.reporting ?? createStripeReportingGateway(deps.stripe);
  const reports = createReportsService({ repos, reporting, clock: deps.clock, log: deps.log });
  const refunds = createRefundsService({
    repos,
    gateway: deps.gateway,
    reporting,
    reportsService: reports,
    clock: deps.clock,
    ids: deps.ids,
    log: deps.log,
  });

  /**
   * A console session wins (a merchant owner: their account; a platform admin: the support view of
   * `?accountId=`); else a manager's counter session (staff get 403).
   */
  function resolveViewer(request: ViewerRequest): MerchantViewer {
    const { user, counter } = request;
    if (user !== undefined) {
      if (user.role === 'platform_admin') {
        return viewerForSupport(repos, { userId: user.id, email: user.email }, request.accountIdQuery);
      }
      if (user.role !== 'merchant_owner' || user.accountId === null) {
        throw new AppError('forbidden', 'Sales reports are for the merchant owner and managers.');
      }
      return viewerFromOwner(repos, { userId: user.id, accountId: user.accountId, name: user.email });
    }
    if (counter !== undefined) return viewerFromCounter(repos, counter);
    throw new AppError('unauthenticated', request.sessionProblem ?? 'Sign in to see sales reports.');
  }

  return { repos, reporting, reports, refunds, resolveViewer };
}

export type MerchantModule = ReturnType<typeof createMerchantModule>;
