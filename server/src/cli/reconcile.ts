/**
 * Reconciliation command: one local day of our sales, refunds and fees against Stripe's charges, refunds,
 * application fees and balance transactions, for every account or one; prints every difference and exits
 * 1 when there is any (0 when all match), so it can run from cron/CI.
 *   pnpm --filter @countertop/server reconcile --date 2026-11-25 [--account acct_…] [--json]
 * `--account` takes our account id or its Stripe account id. Uses the server's database (DATABASE_URL or
 * DATABASE_PATH) and Stripe
 * configuration (STRIPE_SECRET_KEY, STRIPE_API_BASE, or the embedded emulator's file next to the database).
 */
import { parseArgs } from 'node:util';
import { LocalDateSchema } from '@countertop/shared';
import { composeServices } from '../compose.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import type { Repositories } from '../db/repositories/index.ts';
import { loadEnvOrExit } from '../env.ts';
import { isAppError } from '../errors.ts';
import { randomIds, systemClock } from '../runtime.ts';
import type { PlatformReconciliationService } from '../services/platform-reconciliation.service.ts';
import { connectStripe } from '../stripe/connection.ts';

const USAGE = 'Usage: reconcile --date YYYY-MM-DD [--account ACCOUNT_ID] [--json]';

/** Runs the command over the composed reconciliation service; returns the exit code. Exported for tests. */
export async function runReconcile(
  args: string[],
  options: {
    repos: Repositories;
    reconciliation: PlatformReconciliationService;
    print: (line: string) => void;
  },
): Promise<number> {
  let values: { date?: string; account?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { date: { type: 'string' }, account: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    }));
  } catch {
    options.print(USAGE);
    return 2;
  }
  const date = LocalDateSchema.safeParse(values.date ?? '');
  if (!date.success) {
    options.print(USAGE);
    return 2;
  }
  const { repos } = options;
  const account = values.account
    ? ((await repos.accounts.findById(values.account)) ??
      (await repos.accounts.findByStripeAccountId(values.account)))
    : undefined;
  if (values.account && !account) {
    options.print(`No account ${values.account}`);
    return 2;
  }
  try {
    const result = await options.reconciliation.reconcileDay(date.data, account?.id);
    if (values.json) {
      options.print(JSON.stringify(result, null, 2));
    } else {
      for (const entry of result.accounts) {
        options.print(
          `${entry.accountId} ${entry.businessName}: ${entry.matchedSalesCount} sales and ${entry.matchedRefundsCount} refunds matched, ${entry.differences.length} differences`,
        );
        for (const difference of entry.differences)
          options.print(`  ${difference.kind}: ${difference.message}`);
      }
      options.print(
        `${result.date}: ${result.differencesCount} differences in ${result.accounts.length} accounts`,
      );
    }
    return result.differencesCount === 0 ? 0 : 1;
  } catch (error) {
    options.print(isAppError(error) ? error.message : `Reconciliation failed: ${String(error)}`);
    return 3;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = loadEnvOrExit();
  const { database } = await openConfiguredDatabase(
    env.databaseUrl ? { url: env.databaseUrl } : { path: env.databasePath },
  );
  const stripe = await connectStripe(env, () => {});
  try {
    const services = composeServices({
      config: {
        publicUrl: env.publicUrl,
        sessionTtlMinutes: env.sessionTtlMinutes,
        consoleIdleTimeoutMinutes: env.consoleIdleTimeoutMinutes,
        trustProxy: env.trustProxy,
        secureCookies: env.publicUrl.startsWith('https:'),
        e2eControls: false,
        staticRoot: null,
        recovery: env.recovery,
        reconciliationHourUtc: null,
        mail: env.mail,
      },
      database,
      stripe,
      clock: systemClock,
      ids: randomIds,
      log: () => {},
    });
    process.exitCode = await runReconcile(process.argv.slice(2), {
      repos: database.repos,
      reconciliation: services.reconciliation,
      print: (line) => console.log(line),
    });
  } finally {
    await stripe.close();
    await database.close();
  }
}
