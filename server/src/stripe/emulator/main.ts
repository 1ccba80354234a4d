// Standalone Stripe emulator (`pnpm emulator [--port N] [--db PATH]`); prints its URL once listening.
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
  log: (line) => console.error(line),
});
console.log(`Stripe emulator listening on ${running.url}`);
const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
