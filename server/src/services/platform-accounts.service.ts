/**
 * Platform console, accounts side: create connected accounts (Connect country rules, default currency,
 * charge type → Stripe Dashboard type), list/detail with Stripe's live status in plain words, hosted
 * onboarding links (return/refresh handled on our server), Express Dashboard login links, fee plans
 * (per account and the platform default, with a preview through the same `applicationFeeMinor` the
 * checkout uses), fees earned from the local application fee ledger kept in step with Stripe's fee
 * objects, risk limits, the connected account's payout schedule (read from and set on Stripe), and the
 * audit log.
 * Every configuration change writes an audit entry naming who made it.
 */
import {
  type AuditEntryDto,
  type CreateAccountBody,
  CreateAccountBodySchema,
  countryAvailability,
  defaultCurrencyForCountry,
  type FeePreviewResponse,
  type FeesEarnedResponse,
  type FeesEarnedRow,
  minorUnitDigits,
  type PayoutSchedule,
  type PayoutScheduleBody,
  PayoutScheduleBodySchema,
  type PlatformAccount,
  type RiskLimits,
} from '@countertop/shared';
import type Stripe from 'stripe';
import type { Account } from '../db/accounts.repo.ts';
import type { AuditRepo } from '../db/audit.repo.ts';
import type { Db } from '../db/open.ts';
import { DAY_MS, type PlatformConsoleRepo } from '../db/platform-console.repo.ts';
import type { FoundationRepos } from '../db/repos.ts';
import {
  ACCOUNT_STATUS_WORDS,
  accountStatus,
  disabledReasonInWords,
  plainRequirements,
} from '../domain/account-status.ts';
import { formatMinorAsDecimal, toCsv } from '../domain/csv.ts';
import { applicationFeeMinor, type FeePlan } from '../domain/fees.ts';
import { AppError, invalidRequest } from '../errors.ts';
import type { Clock, IdGenerator } from '../runtime.ts';
import type { ConnectGateway } from '../stripe/connect-gateway.ts';
import { cannotChargeReason } from './auth.service.ts';

/** Who is acting, for the audit log: a console user, or the system (webhooks, redirects). */
export interface Actor {
  id: string | null;
  email: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, email: 'system' };

export interface PlatformServiceDeps {
  db: Db;
  repos: FoundationRepos & { console: PlatformConsoleRepo; audit: AuditRepo };
  connect: ConnectGateway;
  clock: Clock;
  ids: IdGenerator;
  /** Where browsers reach this server (onboarding return/refresh URLs). */
  publicUrl: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Errors of the Connect gateway that mean Stripe could not answer now (not that it refused us). */
const STRIPE_OUTAGE_CODES = new Set(['stripe_unavailable', 'stripe_error']);

/** Each sync re-lists this much before the previous one's end, for fee objects Stripe showed late. */
const SYNC_OVERLAP_MS = 10 * 60_000;

/** Business names sort as `localeCompare` would, with one collator instead of one per comparison. */
const byName = new Intl.Collator();

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stripe's `settings.payouts.schedule` in our API's words. */
export function toPayoutSchedule(account: Stripe.Account): PayoutSchedule {
  const schedule = account.settings?.payouts?.schedule;
  return {
    interval: schedule?.interval ?? 'unknown',
    delayDays: schedule?.delay_days ?? null,
    weeklyAnchor: schedule?.weekly_anchor ?? null,
    monthlyAnchor: schedule?.monthly_anchor ?? null,
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

export function createPlatformAccountsService(deps: PlatformServiceDeps) {
  const { repos, clock, ids, connect } = deps;
  const base = deps.publicUrl.replace(/\/$/, '');

  function audit(
    actor: Actor,
    accountId: string | null,
    action: string,
    target: string,
    details: Record<string, unknown>,
  ) {
    repos.audit.record({
      actorUserId: actor.id,
      actorLabel: actor.email,
      accountId,
      action,
      target,
      details,
      atMs: clock.nowMs(),
    });
  }

  function requireAccount(accountId: string): Account {
    const account = repos.accounts.findById(accountId);
    if (!account) throw new AppError('account_not_found', 'No such merchant account.');
    return account;
  }

  function toPlatformAccount(account: Account): PlatformAccount {
    const extras = repos.console.accountExtras(account.id);
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
      disabledReason: disabledReasonInWords(account.requirements),
      requirements: plainRequirements(account.requirements),
      feePlan: account.feePlan,
      riskLimits: { maxSaleMinor: extras.maxSaleMinor, maxDailyMinor: extras.maxDailyMinor },
      tipping: account.tipping,
      createdAt: iso(account.createdAtMs),
      updatedAt: iso(account.updatedAtMs),
    };
  }

  /** Reads the account from Stripe and stores its status; keeps the stored view if Stripe is unreachable. */
  async function refreshFromStripe(account: Account, tolerateFailure: boolean): Promise<Account> {
    try {
      const live = await connect.retrieveAccount(account.stripeAccountId);
      repos.accounts.updateStripeStatus(
        account.stripeAccountId,
        {
          chargesEnabled: live.charges_enabled ?? false,
          detailsSubmitted: live.details_submitted ?? false,
          payoutsEnabled: live.payouts_enabled ?? false,
          requirements: live.requirements ?? {},
        },
        clock.nowMs(),
      );
      return repos.accounts.findById(account.id) ?? account;
    } catch (error) {
      if (tolerateFailure) return account;
      throw error;
    }
  }

  function onboardingUrls(accountId: string) {
    const query = `account=${encodeURIComponent(accountId)}`;
    return {
      returnUrl: `${base}/api/platform/onboarding/return?${query}`,
      refreshUrl: `${base}/api/platform/onboarding/refresh?${query}`,
    };
  }

  /**
   * Brings Stripe's application fee objects created since the ledger last looked (minus a small overlap for
   * objects that became visible late) into the ledger; the first sync, or a report reaching further back
   * than any sync did, lists from the report's start. Steady state costs one short listing per report.
   */
  async function syncApplicationFees(sinceMs: number): Promise<void> {
    const state = repos.console.feeSyncState();
    const startedAtMs = clock.nowMs();
    const listFromMs =
      state === null || sinceMs < state.fromMs
        ? sinceMs
        : Math.max(sinceMs, state.throughMs - SYNC_OVERLAP_MS);
    const fees = await connect.listApplicationFees(null, listFromMs);
    repos.console.recordStripeFees(fees, {
      fromMs: state === null ? listFromMs : Math.min(state.fromMs, listFromMs),
      throughMs: Math.max(state?.throughMs ?? 0, startedAtMs),
    });
  }

  return {
    toPlatformAccount,
    requireAccount,
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
      const stripeAccount = await connect.createAccount(
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
      );
      const nowMs = clock.nowMs();
      const feePlan = repos.console.defaultFeePlan();
      deps.db.transaction(() => {
        repos.accounts.insert(
          {
            id,
            stripeAccountId: stripeAccount.id,
            businessName: body.businessName,
            country: body.country,
            currency: (stripeAccount.default_currency ?? currency).toLowerCase(),
            chargeType: body.chargeType,
            captureMethod: 'manual',
            feePlan,
            tipping: { enabled: false, percentages: [] },
          },
          nowMs,
        );
        repos.accounts.updateStripeStatus(
          stripeAccount.id,
          {
            chargesEnabled: stripeAccount.charges_enabled ?? false,
            detailsSubmitted: stripeAccount.details_submitted ?? false,
            payoutsEnabled: stripeAccount.payouts_enabled ?? false,
            requirements: stripeAccount.requirements ?? {},
          },
          nowMs,
        );
        repos.console.setAccountExtras(id, { dashboardType: dashboard, capabilities: body.capabilities });
        repos.console.setFeePlan(id, feePlan, actor.id, nowMs);
        audit(actor, id, 'account.created', `account ${id}`, {
          businessName: body.businessName,
          country: body.country,
          currency,
          chargeType: body.chargeType,
          capabilities: body.capabilities,
          stripeAccountId: stripeAccount.id,
          ...(availability === 'preview' ? { previewAcknowledged: true } : {}),
        });
      })();
      return toPlatformAccount(requireAccount(id));
    },

    listAccounts(): PlatformAccount[] {
      return repos.accounts.list().map(toPlatformAccount);
    },

    /** The account with its status freshly read from Stripe (stored view if Stripe is unreachable). */
    async getAccount(accountId: string): Promise<PlatformAccount> {
      return toPlatformAccount(await refreshFromStripe(requireAccount(accountId), true));
    },

    async createOnboardingLink(accountId: string, actor: Actor) {
      const account = requireAccount(accountId);
      const link = await connect.createAccountLink(account.stripeAccountId, onboardingUrls(account.id));
      audit(actor, account.id, 'account.onboarding_link_created', `account ${account.id}`, {});
      return { url: link.url, expiresAt: iso(link.expires_at * 1000) };
    },

    /** Return URL: Stripe sent the browser back; read the account's state now. */
    async handleOnboardingReturn(accountId: string): Promise<string> {
      const account = repos.accounts.findById(accountId);
      if (!account) return '/platform';
      await refreshFromStripe(account, true);
      return `/platform/accounts/${encodeURIComponent(account.id)}?onboarding=returned`;
    },

    /** Refresh URL: the link expired or was used. Admins get a fresh link; others go to the console page. */
    async handleOnboardingRefresh(accountId: string, actor: Actor | null): Promise<string> {
      const account = repos.accounts.findById(accountId);
      if (!account) return '/platform';
      if (!actor) return `/platform/accounts/${encodeURIComponent(account.id)}?onboarding=refresh`;
      const link = await connect.createAccountLink(account.stripeAccountId, onboardingUrls(account.id));
      audit(actor, account.id, 'account.onboarding_link_created', `account ${account.id}`, {
        refreshed: true,
      });
      return link.url;
    },

    async createLoginLink(accountId: string, actor: Actor) {
      const account = requireAccount(accountId);
      if (repos.console.accountExtras(account.id).dashboardType !== 'express') {
        throw invalidRequest(
          `${account.businessName} uses the full Stripe Dashboard: the owner signs in at dashboard.stripe.com with their own Stripe login.`,
        );
      }
      const link = await connect.createLoginLink(account.stripeAccountId);
      audit(actor, account.id, 'account.login_link_created', `account ${account.id}`, {});
      return { url: link.url, expiresAt: null };
    },

    // Fees -----------------------------------------------------------------------------------

    setFeePlan(accountId: string, plan: FeePlan, actor: Actor): PlatformAccount {
      const account = requireAccount(accountId);
      applicationFeeMinor(0, plan); // throws on a malformed plan, like the checkout would
      deps.db.transaction(() => {
        repos.console.setFeePlan(account.id, plan, actor.id, clock.nowMs());
        audit(actor, account.id, 'fee_plan.updated', `account ${account.id}`, {
          before: account.feePlan,
          after: plan,
        });
      })();
      return toPlatformAccount(requireAccount(account.id));
    },

    defaultFeePlan(): FeePlan {
      return repos.console.defaultFeePlan();
    },

    setDefaultFeePlan(plan: FeePlan, actor: Actor): FeePlan {
      applicationFeeMinor(0, plan);
      const before = repos.console.defaultFeePlan();
      deps.db.transaction(() => {
        repos.console.setDefaultFeePlan(plan, actor.id, clock.nowMs());
        audit(actor, null, 'fee_plan.default_updated', 'platform', { before, after: plan });
      })();
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

    /**
     * Fees earned per account and per UTC day or month (collected minus refunded), from the local fee
     * ledger's daily rollups (0006), after an incremental sync of Stripe's application fee objects created
     * since the last one; sales whose recorded fee differs from Stripe's are listed as mismatches.
     */
    async feesEarned(options: {
      accountId?: string;
      period: 'day' | 'month';
      fromDate?: string;
    }): Promise<FeesEarnedResponse> {
      const account = options.accountId ? requireAccount(options.accountId) : null;
      const sinceMs = options.fromDate
        ? Date.parse(`${options.fromDate}T00:00:00Z`)
        : clock.nowMs() - 90 * 24 * 60 * 60_000;
      // Stripe out of reach does not hide the fees our own sales recorded: the report answers from the
      // ledger and says how far it was last checked against Stripe.
      let stripeSyncOk = true;
      try {
        await syncApplicationFees(sinceMs);
      } catch (error) {
        if (!(error instanceof AppError && STRIPE_OUTAGE_CODES.has(error.code))) throw error;
        stripeSyncOk = false;
      }
      const syncState = repos.console.feeSyncState();
      const stripeAccountId = account?.stripeAccountId ?? null;
      const accounts = new Map(repos.accounts.list().map((a) => [a.stripeAccountId, a]));
      const rows = new Map<string, FeesEarnedRow>();
      const dayLabels = new Map<number, string>();
      for (const totals of repos.console.feeTotalsSince(sinceMs, stripeAccountId)) {
        const owner = accounts.get(totals.stripeAccountId);
        let day = dayLabels.get(totals.utcDay);
        if (day === undefined) {
          day = iso(totals.utcDay * DAY_MS).slice(0, 10);
          dayLabels.set(totals.utcDay, day);
        }
        const period = options.period === 'day' ? day : day.slice(0, 7);
        const accountId = owner?.id ?? totals.stripeAccountId;
        const key = `${period}|${accountId}|${totals.currency}`;
        let row = rows.get(key);
        if (row === undefined) {
          row = {
            period,
            accountId,
            businessName: owner?.businessName ?? totals.stripeAccountId,
            currency: totals.currency,
            feesCount: 0,
            collectedMinor: 0,
            refundedMinor: 0,
            netMinor: 0,
          };
          rows.set(key, row);
        }
        row.feesCount += totals.feesCount;
        row.collectedMinor += totals.collectedMinor;
        row.refundedMinor += totals.refundedMinor;
        row.netMinor = row.collectedMinor - row.refundedMinor;
      }
      const sorted = [...rows.values()].sort(
        (a, b) =>
          compareCodeUnits(a.period, b.period) ||
          byName.compare(a.businessName, b.businessName) ||
          compareCodeUnits(a.accountId, b.accountId) ||
          compareCodeUnits(a.currency, b.currency),
      );
      const totals = new Map<string, number>();
      for (const row of sorted) totals.set(row.currency, (totals.get(row.currency) ?? 0) + row.netMinor);
      return {
        period: options.period,
        rows: sorted,
        totals: [...totals.entries()].map(([currency, netMinor]) => ({ currency, netMinor })),
        mismatches: repos.console.feeMismatchesSince(sinceMs, stripeAccountId),
        stripeSync: { ok: stripeSyncOk, checkedThrough: syncState ? iso(syncState.throughMs) : null },
      };
    },

    feesEarnedCsv(report: FeesEarnedResponse): string {
      return toCsv(
        ['period', 'account_id', 'business_name', 'currency', 'fees_count', 'collected', 'refunded', 'net'],
        report.rows.map((row) => [
          row.period,
          row.accountId,
          row.businessName,
          row.currency.toUpperCase(),
          row.feesCount,
          formatMinorAsDecimal(row.collectedMinor, row.currency),
          formatMinorAsDecimal(row.refundedMinor, row.currency),
          formatMinorAsDecimal(row.netMinor, row.currency),
        ]),
        { byteOrderMark: true },
      );
    },

    // Payout schedule ---------------------------------------------------------------------------

    /** The connected account's payout schedule, read live from Stripe. */
    async payoutSchedule(accountId: string): Promise<PayoutSchedule> {
      const account = requireAccount(accountId);
      return toPayoutSchedule(await connect.retrieveAccount(account.stripeAccountId));
    },

    /** Sets the whole payout schedule on Stripe (Stripe checks the delay against the country minimum). */
    async setPayoutSchedule(
      accountId: string,
      input: PayoutScheduleBody,
      actor: Actor,
    ): Promise<PayoutSchedule> {
      const account = requireAccount(accountId);
      const body = PayoutScheduleBodySchema.parse(input);
      const before = toPayoutSchedule(await connect.retrieveAccount(account.stripeAccountId));
      const updated = await connect.updatePayoutSchedule(
        account.stripeAccountId,
        {
          interval: body.interval,
          delay_days: body.delayDays ?? 'minimum',
          ...(body.weeklyAnchor ? { weekly_anchor: body.weeklyAnchor } : {}),
          ...(body.monthlyAnchor ? { monthly_anchor: body.monthlyAnchor } : {}),
        },
        `${account.id}-payout-schedule-${ids.newId('req')}`,
      );
      const after = toPayoutSchedule(updated);
      audit(actor, account.id, 'payout_schedule.updated', `account ${account.id}`, { before, after });
      return after;
    },

    // Risk and audit ---------------------------------------------------------------------------

    setRiskLimits(accountId: string, limits: RiskLimits, actor: Actor): PlatformAccount {
      const account = requireAccount(accountId);
      const extras = repos.console.accountExtras(account.id);
      deps.db.transaction(() => {
        repos.console.setRiskLimits(account.id, limits, clock.nowMs());
        audit(actor, account.id, 'risk_limits.updated', `account ${account.id}`, {
          before: { maxSaleMinor: extras.maxSaleMinor, maxDailyMinor: extras.maxDailyMinor },
          after: limits,
        });
      })();
      return toPlatformAccount(requireAccount(account.id));
    },

    auditLog(accountId?: string): AuditEntryDto[] {
      if (accountId) requireAccount(accountId);
      return repos.audit.list(accountId ? { accountId } : {}).map((entry) => ({
        id: entry.id,
        at: iso(entry.atMs),
        actor: entry.actorLabel,
        accountId: entry.accountId,
        action: entry.action,
        target: entry.target,
        details: entry.details,
      }));
    },
  };
}

export type PlatformAccountsService = ReturnType<typeof createPlatformAccountsService>;
