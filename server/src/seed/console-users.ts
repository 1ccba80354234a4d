/**
 * Demo console users: a platform admin and one merchant owner per demo account, with fixed passwords
 * that are for the local demo ONLY (printed at start, documented in the README). A real install creates
 * its first admin with `pnpm --filter @countertop/server create-admin --email you@example.com`, which
 * prints a generated password, and invites owners from the platform console.
 */
import type { Database } from '../db/database.ts';
import type { Account } from '../db/repositories/accounts.repo.ts';
import type { ConsoleAuthService } from '../services/console-auth.service.ts';

export const DEMO_ADMIN = { email: 'admin@countertop.test', password: 'countertop-admin' } as const;
export const DEMO_OWNER_PASSWORD = 'countertop-owner';

/** Owner email per demo business name. */
export const DEMO_OWNER_EMAILS: Readonly<Record<string, string>> = {
  'Bean Counter Coffee': 'owner@beancounter.test',
  'Kissa Tanpopo': 'owner@kissa.test',
};

/** What main prints on start. */
export const DEMO_CONSOLE_SIGN_INS = [
  { console: 'platform', email: DEMO_ADMIN.email, password: DEMO_ADMIN.password },
  ...Object.entries(DEMO_OWNER_EMAILS).map(([businessName, email]) => ({
    console: `merchant (${businessName})`,
    email,
    password: DEMO_OWNER_PASSWORD,
  })),
];

/** Creates the demo admin and the owners of the given demo accounts (skips users that exist). */
export async function seedDemoConsoleUsers(
  deps: { database: Database; consoleAuth: ConsoleAuthService },
  accounts: readonly Account[],
): Promise<void> {
  const { users } = deps.database.repos;
  if (!(await users.findByEmail(DEMO_ADMIN.email))) {
    await deps.consoleAuth.createPlatformAdmin(DEMO_ADMIN.email, DEMO_ADMIN.password);
  }
  for (const account of accounts) {
    const email = DEMO_OWNER_EMAILS[account.businessName];
    if (!email || (await users.findByEmail(email))) continue;
    await deps.consoleAuth.createMerchantOwner(email, account.id, DEMO_OWNER_PASSWORD);
  }
}
