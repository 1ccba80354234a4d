/**
 * Platform console, accounts side: create connected accounts (Connect country rules, default currency,
 * charge type → Stripe Dashboard type), list (stored status) and detail (Stripe's live status in plain
 * words, read without storing it), an explicit refresh that stores Stripe's status, hosted onboarding links
 * (return/refresh handled on our server), Express Dashboard login links, fee plans (per account and the
 * platform default, with a preview through the same `applicationFeeMinor` the checkout uses), fees earned
 * from the local application fee ledger, kept in step with Stripe's fee objects by `syncApplicationFees`
 * (a scheduled job), risk limits, the connected account's payout schedule (read from and set on Stripe),
 * and the audit log.
 * Every configuration change writes an audit entry naming who made it. Stripe is called before a
 * transaction records the outcome, never inside one.
 *
 * Size: onboarding's steps (country rules, Stripe account, links, status) read best in one place.
 */
import {
  type AuditEntryDto,
  type CreateAccountBody,
  CreateAccountBodySchema,
  countryAvailability,
  defaultCurrencyForCountry,
  type FeePreviewResponse,
  minorUnitDigits,
  type PayoutSchedule,
  type PayoutScheduleBody,
  PayoutScheduleBodySchema,
  type PlatformAccount,
  type RiskLimits,
} from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { Account, AccountStripeStatus } from '../db/repositories/accounts.repo.ts';
import type { NewAuditEntry } from '../db/repositories/audit.repo.ts';
import { standingView } from '../domain/account-standing.ts';
import {
  ACCOUNT_STATUS_WORDS,
  accountStatus,
  disabledReasonInWords,
  plainRequirements,
  requirementsDeadline,
} from '../domain/account-status.ts';
import { applicationFeeMinor, type FeePlan } from '../domain/fees.ts';
import { AppError, invalidRequest } from '../errors.ts';
import type { Clock, IdGenerator } from '../runtime.ts';
import type { ConnectedAccountView, ConnectGateway } from '../stripe/connect.port.ts';
import { GatewayError, isGatewayError } from '../stripe/payments.port.ts';
import { createAccountAccess, isAccountDisconnected } from './account-access.ts';
import { cannotChargeReason } from './auth.service.ts';
import { consoleErrorFromGateway, forConsole } from './stripe-errors.ts';

/** Who is acting, for the audit log: a console user, or the system (webhooks, redirects). */
export interface Actor {
  id: string | null;
  email: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, email: 'system' };

export interface PlatformAccountsDeps {
  database: Database;
  connect: ConnectGateway;
  clock: Clock;
  ids: IdGenerator;
  /** Where browsers reach this server (onboarding return/refresh URLs). */
  publicUrl: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const nullableIso = (ms: number | null) => (ms === null ? null : iso(ms));

/** How long a screen waits for Stripe's live state before showing what we have stored instead. */
export const LIVE_READ_TIMEOUT_MS = 3_000;

/**
 * Stripe's answer, or a GatewayError('unavailable') once `LIVE_READ_TIMEOUT_MS` passed without one: a
 * screen showing Stripe's live state does not hang on Stripe.
 */
export async function withinLiveReadTimeout<T>(read: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new GatewayError('unavailable', `Stripe did not answer within ${LIVE_READ_TIMEOUT_MS} ms.`)),
      LIVE_READ_TIMEOUT_MS,
    );
    timer.unref();
  });
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stripe's view of the account as the accounts table stores it. Requirements keep Stripe's field names,
 * the form the account.updated webhook stores and `domain/account-status.ts` reads.
 */
export function storedStripeStatus(live: ConnectedAccountView): AccountStripeStatus {
  return {
    chargesEnabled: live.chargesEnabled,
    detailsSubmitted: live.detailsSubmitted,
    payoutsEnabled: live.payoutsEnabled,
    requirements: {
      past_due: live.requirements.pastDue,
      currently_due: live.requirements.currentlyDue,
      eventually_due: live.requirements.eventuallyDue,
      disabled_reason: live.requirements.disabledReason,
      // Stripe's form: unix seconds.
      current_deadline:
        live.requirements.currentDeadline === null
          ? null
          : Math.floor(live.requirements.currentDeadline / 1000),
    },
  };
}

/** Sample sale totals for the fee preview, by the currency's minor-unit digits. */
export function sampleAmounts(currency: string): number[] {
  const digits = minorUnitDigits(currency);
  const unit = 10 ** digits;
  return digits === 0
    ? [100, 500, 1_000, 5_000, 10_000, 50_000]
    : [1, 5, 10, 25, 100, 500].map((n) => n * unit);
}

export function createPlatformAccountsService(deps: PlatformAccountsDeps) {
  const { database, clock, ids, connect } = deps;
  const { repos } = database;
  const base = deps.publicUrl.replace(/\/$/, '');
  const accountAccess = createAccountAccess({ database, clock });

  /** An audit entry stamped now, to record in a transaction (`tx.audit.record(...)`). */
  function auditEntry(
    actor: Actor,
    accountId: string | null,
    action: string,
    target: string,
    details: Record<string, unknown>,
  ): NewAuditEntry {
    return {
      actorUserId: actor.id,
      actorLabel: actor.email,
      accountId,
      action,
      target,
      details,
      atMs: clock.nowMs(),
    };
  }

  /** Records an audit entry on its own (outside any transaction). */
  async function audit(
    actor: Actor,
    accountId: string | null,
    action: string,
    target: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await repos.audit.record(auditEntry(actor, accountId, action, target, details));
  }

  async function requireAccount(accountId: string): Promise<Account> {
    const account = await repos.accounts.findById(accountId);
    if (!account) throw new AppError('account_not_found', 'No such merchant account.');
    return account;
  }

  async function toPlatformAccount(account: Account): Promise<PlatformAccount> {
    const extras = await repos.console.accountExtras(account.id);
    const status = accountStatus(account);
    return {
      id: account.id,
      stripeAccountId: account.stripeAccountId,
      businessName: account.businessName,
      country: account.country,
      currency: account.currency,
      chargeType: account.chargeType,
      dashboardType: extras.dashboardType,
      status,
      statusText: ACCOUNT_STATUS_WORDS[status],
      chargesEnabled: account.chargesEnabled,
      payoutsEnabled: account.payoutsEnabled,
      detailsSubmitted: account.detailsSubmitted,
      cannotChargeReason: cannotChargeReason(account),
      standing: standingView(account.standing),
      disabledReason: disabledReasonInWords(account.requirements),
      requirements: plainRequirements(account.requirements).map(({ deadlineMs, ...requirement }) => ({
        ...requirement,
        deadline: nullableIso(deadlineMs),
      })),
      currentDeadline: nullableIso(requirementsDeadline(account.requirements)),
      feePlan: account.feePlan,
      riskLimits: { maxSaleMinor: extras.maxSaleMinor, maxDailyMinor: extras.maxDailyMinor },
      tipping: account.tipping,
      createdAt: iso(account.createdAtMs),
      updatedAt: iso(account.updatedAtMs),
    };
  }

  /** Reads the account from Stripe and stores its status (so the counter sees it too). */
  async function storeStatusFromStripe(account: Account): Promise<Account> {
    const live = await connect.retrieveAccount(account.stripeAccountId);
    await repos.accounts.updateStripeStatus(account.stripeAccountId, storedStripeStatus(live), clock.nowMs());
    return (await repos.accounts.findById(account.id)) ?? account;
  }

  function onboardingUrls(accountId: string) {
    const query = `account=${encodeURIComponent(accountId)}`;
    return {
      returnUrl: `${base}/api/platform/onboarding/return?${query}`,
      refreshUrl: `${base}/api/platform/onboarding/refresh?${query}`,
    };
  }

  return {
    toPlatformAccount,
    requireAccount,
    auditEntry,
    audit,

    async createAccount(input: CreateAccountBody, actor: Actor): Promise<PlatformAccount> {
      const body = CreateAccountBodySchema.parse(input);
      const availability = countryAvailability(body.country);
      if (availability === 'unsupported') {
        throw invalidRequest(
          `Stripe Connect accounts cannot be created in ${body.country}. Choose one of the listed countries.`,
        );
      }
      if (availability === 'preview' && !body.previewAcknowledged) {
        throw invalidRequest(
          `Connect is in preview in ${body.country}: confirm that you accept the preview terms to create an account there.`,
        );
      }
      const currency = body.currency ?? defaultCurrencyForCountry(body.country) ?? 'usd';
      const dashboard = body.chargeType === 'destination' ? 'express' : 'full';
      const id = ids.newId('acc');
      const stripeAccount = await forConsole(
        connect.createAccount(
          {
            businessName: body.businessName,
            country: body.country,
            currency,
            email: body.email ?? null,
            dashboard,
            capabilities: body.capabilities,
            metadata: { countertop_account_id: id },
          },
          `${id}-create-account`,
        ),
      );
      const nowMs = clock.nowMs();
      await database.transaction(async (tx) => {
        const feePlan = await tx.console.defaultFeePlan();
        await tx.accounts.insert(
          {
            id,
            stripeAccountId: stripeAccount.id,
            businessName: body.businessName,
            country: body.country,
            currency: stripeAccount.defaultCurrency ?? currency.toLowerCase(),
            chargeType: body.chargeType,
            captureMethod: 'manual',
            feePlan,
            tipping: { enabled: false, percentages: [] },
          },
          nowMs,
        );
        await tx.accounts.updateStripeStatus(stripeAccount.id, storedStripeStatus(stripeAccount), nowMs);
        await tx.console.setAccountExtras(id, { dashboardType: dashboard, capabilities: body.capabilities });
        await tx.console.setFeePlan(id, feePlan, actor.id, nowMs);
        await tx.audit.record(
          auditEntry(actor, id, 'account.created', `account ${id}`, {
            businessName: body.businessName,
            country: body.country,
            currency,
            chargeType: body.chargeType,
            capabilities: body.capabilities,
            stripeAccountId: stripeAccount.id,
            ...(availability === 'preview' ? { previewAcknowledged: true } : {}),
          }),
        );
      });
      return toPlatformAccount(await requireAccount(id));
    },

    /** Every account with its stored status (kept current by account.updated webhooks). */
    async listAccounts(): Promise<PlatformAccount[]> {
      const accounts = await repos.accounts.list();
      const listed: PlatformAccount[] = [];
      for (const account of accounts) listed.push(await toPlatformAccount(account));
      return listed;
    },

    /**
     * The account with Stripe's live status, read now and not stored (webhooks and `refreshAccountStatus`
     * store it); the stored status when Stripe fails or does not answer within `LIVE_READ_TIMEOUT_MS`.
     */
    async getAccount(accountId: string): Promise<PlatformAccount> {
      const account = await requireAccount(accountId);
      try {
        const live = await withinLiveReadTimeout(connect.retrieveAccount(account.stripeAccountId));
        return toPlatformAccount({ ...account, ...storedStripeStatus(live) });
      } catch (error) {
        if (!isGatewayError(error)) throw error;
        return toPlatformAccount(account);
      }
    },

    /** Reads the account's status from Stripe and stores it (for a missed webhook); the explicit refresh. */
    async refreshAccountStatus(accountId: string): Promise<PlatformAccount> {
      const account = await requireAccount(accountId);
      try {
        return toPlatformAccount(await storeStatusFromStripe(account));
      } catch (error) {
        // Stripe refuses access: that is the account's status now (recorded, and shown on its page).
        if (!isAccountDisconnected(error))
          throw isGatewayError(error) ? consoleErrorFromGateway(error) : error;
        await accountAccess.recordLost(account);
        return toPlatformAccount(await requireAccount(accountId));
      }
    },

    async createOnboardingLink(accountId: string, actor: Actor) {
      const account = await requireAccount(accountId);
      const link = await forConsole(
        connect.createAccountLink(account.stripeAccountId, onboardingUrls(account.id)),
      );
      await audit(actor, account.id, 'account.onboarding_link_created', `account ${account.id}`, {});
      return { url: link.url, expiresAt: iso(link.expiresAtMs) };
    },

    async createLoginLink(accountId: string, actor: Actor) {
      const account = await requireAccount(accountId);
      if ((await repos.console.accountExtras(account.id)).dashboardType !== 'express') {
        throw invalidRequest(
          `${account.businessName} uses the full Stripe Dashboard: the owner signs in at dashboard.stripe.com with their own Stripe login.`,
        );
      }
      const link = await forConsole(connect.createLoginLink(account.stripeAccountId));
      await audit(actor, account.id, 'account.login_link_created', `account ${account.id}`, {});
      return { url: link.url, expiresAt: null };
    },

    // Fees -----------------------------------------------------------------------------------

    async setFeePlan(accountId: string, plan: FeePlan, actor: Actor): Promise<PlatformAccount> {
      const account = await requireAccount(accountId);
      applicationFeeMinor(0, plan); // throws on a malformed plan, like the checkout would
      await database.transaction(async (tx) => {
        await tx.console.setFeePlan(account.id, plan, actor.id, clock.nowMs());
        await tx.audit.record(
          auditEntry(actor, account.id, 'fee_plan.updated', `account ${account.id}`, {
            before: account.feePlan,
            after: plan,
          }),
        );
      });
      return toPlatformAccount(await requireAccount(account.id));
    },

    defaultFeePlan(): Promise<FeePlan> {
      return repos.console.defaultFeePlan();
    },

    async setDefaultFeePlan(plan: FeePlan, actor: Actor): Promise<FeePlan> {
      applicationFeeMinor(0, plan);
      await database.transaction(async (tx) => {
        const before = await tx.console.defaultFeePlan();
        await tx.console.setDefaultFeePlan(plan, actor.id, clock.nowMs());
        await tx.audit.record(
          auditEntry(actor, null, 'fee_plan.default_updated', 'platform', { before, after: plan }),
        );
      });
      return repos.console.defaultFeePlan();
    },

    previewFees(plan: FeePlan, currency: string, amountsMinor?: number[]): FeePreviewResponse {
      const amounts = amountsMinor && amountsMinor.length > 0 ? amountsMinor : sampleAmounts(currency);
      return {
        currency: currency.toLowerCase(),
        rows: amounts.map((amountMinor) => ({
          amountMinor,
          feeMinor: applicationFeeMinor(amountMinor, plan),
        })),
      };
    },

    // Payout schedule ---------------------------------------------------------------------------

    /** The connected account's payout schedule, read live from Stripe (nothing stored to fall back on). */
    async payoutSchedule(accountId: string): Promise<PayoutSchedule> {
      const account = await requireAccount(accountId);
      const live = await forConsole(withinLiveReadTimeout(connect.retrieveAccount(account.stripeAccountId)));
      return live.payoutSchedule;
    },

    /** Sets the whole payout schedule on Stripe (Stripe checks the delay against the country minimum). */
    async setPayoutSchedule(
      accountId: string,
      input: PayoutScheduleBody,
      actor: Actor,
    ): Promise<PayoutSchedule> {
      const account = await requireAccount(accountId);
      const body = PayoutScheduleBodySchema.parse(input);
      const before = (await forConsole(connect.retrieveAccount(account.stripeAccountId))).payoutSchedule;
      const after = await forConsole(
        connect.updatePayoutSchedule(
          account.stripeAccountId,
          {
            interval: body.interval,
            delayDays: body.delayDays ?? 'minimum',
            weeklyAnchor: body.weeklyAnchor ?? null,
            monthlyAnchor: body.monthlyAnchor ?? null,
          },
          `${account.id}-payout-schedule-${ids.newId('req')}`,
        ),
      );
      await audit(actor, account.id, 'payout_schedule.updated', `account ${account.id}`, { before, after });
      return after;
    },

    // Risk and audit ---------------------------------------------------------------------------

    async setRiskLimits(accountId: string, limits: RiskLimits, actor: Actor): Promise<PlatformAccount> {
      const account = await requireAccount(accountId);
      const extras = await repos.console.accountExtras(account.id);
      await database.transaction(async (tx) => {
        await tx.console.setRiskLimits(account.id, limits, clock.nowMs());
        await tx.audit.record(
          auditEntry(actor, account.id, 'risk_limits.updated', `account ${account.id}`, {
            before: { maxSaleMinor: extras.maxSaleMinor, maxDailyMinor: extras.maxDailyMinor },
            after: limits,
          }),
        );
      });
      return toPlatformAccount(await requireAccount(account.id));
    },

    /**
     * Newest first, with names resolved for people (`actorName`, `accountName`, `targetName`): the
     * console user's e-mail (Countertop or Stripe for automatic changes), the business, and what was
     * changed as it is named now — or, once removed, as the entry recorded it.
     */
    async auditLog(accountId?: string): Promise<AuditEntryDto[]> {
      if (accountId) await requireAccount(accountId);
      const entries = await repos.audit.list(accountId ? { accountId } : {});
      const cache = new Map<string, Promise<string | null>>();
      const cached = (key: string, load: () => Promise<string | null>) => {
        let found = cache.get(key);
        if (!found) {
          found = load().catch(() => null);
          cache.set(key, found);
        }
        return found;
      };
      const accountName = (id: string) =>
        cached(`account ${id}`, async () => (await repos.accounts.findById(id))?.businessName ?? null);
      const targetName = (target: string, details: Record<string, unknown>): Promise<string | null> => {
        const [kind = '', id = ''] = target.split(' ');
        const recorded = [
          details.label,
          details.displayName,
          details.name,
          details.email,
          details.businessName,
        ].find((value): value is string => typeof value === 'string' && value !== '');
        const orRecorded = async (load: () => Promise<string | null | undefined>) =>
          (await cached(target, async () => (await load()) ?? null)) ?? recorded ?? null;
        switch (kind) {
          case 'account':
            return orRecorded(() => accountName(id));
          case 'location':
            return orRecorded(async () => (await repos.locations.findById(id))?.name);
          case 'reader':
            return orRecorded(async () => (await repos.readers.findById(id))?.label);
          case 'register':
            return orRecorded(async () => {
              const register = await repos.registers.findById(id);
              return register ? `${register.code} ${register.name}` : null;
            });
          case 'staff':
            return orRecorded(async () => (await repos.staff.findById(id))?.displayName);
          case 'user':
            return orRecorded(async () => (await repos.users.findById(id))?.email);
          default:
            return Promise.resolve(recorded ?? null);
        }
      };
      const actorName = (label: string) =>
        label === 'system' ? 'Countertop' : label === 'stripe' ? 'Stripe' : label;
      return Promise.all(
        entries.map(async (entry) => ({
          id: entry.id,
          at: iso(entry.atMs),
          actor: entry.actorLabel,
          actorName: actorName(entry.actorLabel),
          accountId: entry.accountId,
          accountName: entry.accountId ? await accountName(entry.accountId) : null,
          action: entry.action,
          target: entry.target,
          targetName: await targetName(entry.target, entry.details),
          details: entry.details,
        })),
      );
    },
  };
}

export type PlatformAccountsService = ReturnType<typeof createPlatformAccountsService>;
