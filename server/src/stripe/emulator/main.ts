// Standalone Stripe emulator (`pnpm emulator [--port N] [--db PATH]`); prints its URL once listening (the
// one line for people), and logs problems as JSON lines on stderr.
import pino from 'pino';
import { createServerLog } from '../../logging/logger.ts';
import { startEmulator } from './index.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const port = Number(arg('--port') ?? 12111);
const databasePath = arg('--db');
const running = await startEmulator({
  port,
  ...(databasePath ? { databasePath } : {}),
  // Its problems as JSON lines on stderr; stdout keeps the one readable line below.
  log: createServerLog({ destination: pino.destination({ dest: 2, sync: true }) }),
});
process.stdout.write(`Stripe emulator listening on ${running.url}\n`);
const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
