/**
 * Wires the web consoles' slice from the app's dependencies: the console repositories (users, audit log,
 * platform extras) over the shared database, the Connect gateway over the app's stripe-node client, and
 * the console auth, platform accounts and platform terminal services.
 */
import type { AppDeps } from '../app.ts';
import { createAuditRepo } from '../db/audit.repo.ts';
import { createPlatformConsoleRepo } from '../db/platform-console.repo.ts';
import { createUsersRepo } from '../db/users.repo.ts';
import { createConnectGateway } from '../stripe/connect-gateway.ts';
import { createConsoleAuthService } from './console-auth.service.ts';
import { createLogMailer } from './mailer.ts';
import { createPlatformAccountsService } from './platform-accounts.service.ts';
import { createPlatformTerminalService } from './platform-terminal.service.ts';

export function createConsoleModule(deps: AppDeps) {
  const repos = {
    ...deps.repos,
    users: createUsersRepo(deps.db),
    audit: createAuditRepo(deps.db),
    console: createPlatformConsoleRepo(deps.db),
  };
  const connect = createConnectGateway(deps.stripe);
  const mailer = deps.mailer ?? createLogMailer(deps.log);
  const consoleAuth = createConsoleAuthService({
    db: deps.db,
    repos,
    clock: deps.clock,
    ids: deps.ids,
    mailer,
    sessionTtlMinutes: deps.config.sessionTtlMinutes,
    publicUrl: deps.config.publicUrl,
  });
  const accounts = createPlatformAccountsService({
    db: deps.db,
    repos,
    connect,
    clock: deps.clock,
    ids: deps.ids,
    publicUrl: deps.config.publicUrl,
  });
  const terminal = createPlatformTerminalService({
    db: deps.db,
    repos,
    connect,
    accounts,
    clock: deps.clock,
    ids: deps.ids,
  });
  return { repos, connect, consoleAuth, accounts, terminal };
}

export type ConsoleModule = ReturnType<typeof createConsoleModule>;
