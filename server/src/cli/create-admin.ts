/**
 * One-time setup command: creates a platform admin for the web console and prints a generated password.
 *   pnpm --filter @countertop/server create-admin --email you@example.com
 * Uses the same database as the server (DATABASE_URL, else DATABASE_PATH), applying pending migrations
 * first. The password is printed once and stored only as a scrypt hash; sign in at /platform and keep it somewhere safe.
 */
import { parseArgs } from 'node:util';
import { EmailSchema } from '@countertop/shared';
import { composeConsoleAuth } from '../compose.ts';
import { type DatabaseLocation, openConfiguredDatabase } from '../db/open.ts';
import { loadEnvOrExit } from '../env.ts';
import { isAppError } from '../errors.ts';
import { randomIds, systemClock } from '../runtime.ts';
import { generatePassword } from '../services/console-auth.service.ts';

/** Runs the command; returns the process exit code. Exported for tests. */
export async function runCreateAdmin(
  args: string[],
  options: { database: DatabaseLocation; print: (line: string) => void },
): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  const email = EmailSchema.safeParse(values.email ?? '');
  if (!email.success) {
    options.print('Usage: create-admin --email you@example.com');
    return 2;
  }
  // Opening applies pending migrations.
  const { database } = await openConfiguredDatabase(options.database);
  try {
    const service = composeConsoleAuth({
      database,
      clock: systemClock,
      ids: randomIds,
      log: () => {},
      config: {
        sessionTtlMinutes: 60,
        consoleIdleTimeoutMinutes: 30,
        publicUrl: 'http://127.0.0.1',
        mail: { smtpUrl: null, from: 'Countertop' },
      },
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
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = loadEnvOrExit();
  process.exitCode = await runCreateAdmin(process.argv.slice(2), {
    database: env.databaseUrl ? { url: env.databaseUrl } : { path: env.databasePath },
    print: (line) => console.log(line),
  });
}
