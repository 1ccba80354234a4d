/**
 * Demo console users: a platform admin and one merchant owner per demo account, with fixed passwords
 * that are for the local demo ONLY (printed at start, documented in the README). A real install creates
 * its first admin with `pnpm --filter @countertop/server create-admin --email you@example.com`, which
 * prints a generated password, and invites owners from the platform console.
 */
import type { Account } from '../db/accounts.repo.ts';
import { createAuditRepo } from '../db/audit.repo.ts';
import type { Db } from '../db/open.ts';
import type { FoundationRepos } from '../db/repos.ts';
import { createUsersRepo } from '../db/users.repo.ts';
import type { Clock, IdGenerator } from '../runtime.ts';
import { createConsoleAuthService } from '../services/console-auth.service.ts';
import { createLogMailer } from '../services/mailer.ts';

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

export interface ConsoleSeedDeps {
  db: Db;
  repos: FoundationRepos;
  clock: Clock;
  ids: IdGenerator;
}

/** Creates the demo admin and the owners of the given demo accounts (skips users that exist). */
export async function seedDemoConsoleUsers(
  deps: ConsoleSeedDeps,
  accounts: readonly Account[],
): Promise<void> {
  const users = createUsersRepo(deps.db);
  const service = createConsoleAuthService({
    db: deps.db,
    repos: { users, accounts: deps.repos.accounts, audit: createAuditRepo(deps.db) },
    clock: deps.clock,
    ids: deps.ids,
    mailer: createLogMailer(() => {}),
    sessionTtlMinutes: 60,
    publicUrl: 'http://127.0.0.1',
  });
  if (!users.findByEmail(DEMO_ADMIN.email)) {
    await service.createPlatformAdmin(DEMO_ADMIN.email, DEMO_ADMIN.password);
  }
  for (const account of accounts) {
    const email = DEMO_OWNER_EMAILS[account.businessName];
    if (!email || users.findByEmail(email)) continue;
    await service.createMerchantOwner(email, account.id, DEMO_OWNER_PASSWORD);
  }
}
