/**
 * One-time setup command: creates a platform admin for the web console and prints a generated password.
 *   pnpm --filter @countertop/server create-admin --email you@example.com
 * Uses the same database as the server (DATABASE_PATH), applying pending migrations first. The password
 * is printed once and stored only as a scrypt hash; sign in at /platform and keep it somewhere safe.
 */
import { parseArgs } from 'node:util';
import { EmailSchema } from '@countertop/shared';
import { createAuditRepo } from '../db/audit.repo.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { createFoundationRepos } from '../db/repos.ts';
import { createUsersRepo } from '../db/users.repo.ts';
import { loadEnvOrExit } from '../env.ts';
import { isAppError } from '../errors.ts';
import { randomIds, systemClock } from '../runtime.ts';
import { createConsoleAuthService, generatePassword } from '../services/console-auth.service.ts';
import { createLogMailer } from '../services/mailer.ts';

/** Runs the command; returns the process exit code. Exported for tests. */
export async function runCreateAdmin(
  args: string[],
  options: { databasePath: string; print: (line: string) => void },
): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  const email = EmailSchema.safeParse(values.email ?? '');
  if (!email.success) {
    options.print('Usage: create-admin --email you@example.com');
    return 2;
  }
  const db = openDatabase(options.databasePath);
  try {
    migrate(db);
    const repos = createFoundationRepos(db);
    const service = createConsoleAuthService({
      db,
      repos: { users: createUsersRepo(db), accounts: repos.accounts, audit: createAuditRepo(db) },
      clock: systemClock,
      ids: randomIds,
      mailer: createLogMailer(() => {}),
      sessionTtlMinutes: 60,
      publicUrl: 'http://127.0.0.1',
    });
    const password = generatePassword();
    await service.createPlatformAdmin(email.data, password);
    options.print(`Created platform admin ${email.data}`);
    options.print(`Password (shown once): ${password}`);
    return 0;
  } catch (error) {
    options.print(isAppError(error) ? error.message : `Could not create the admin: ${String(error)}`);
    return 1;
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = loadEnvOrExit();
  process.exitCode = await runCreateAdmin(process.argv.slice(2), {
    databasePath: env.databasePath,
    print: (line) => console.log(line),
  });
}
