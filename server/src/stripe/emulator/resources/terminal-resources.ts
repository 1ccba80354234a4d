// Registers the whole Stripe Terminal slice of the emulator: locations, configurations, connection tokens,
// readers (CRUD, server-driven actions, test helpers, emulator reader controls) and the browser SDK back end
// (`/_emulator/terminal-sdk/*`, `/_emulator/terminal.js`). Owns the per-instance browser SDK session table,
// cleared on `/_emulator/reset`.
import type { EmulatorApi } from '../core/api.ts';
import { registerTerminalSdkRoutes } from '../terminal-sdk.routes.ts';
import { registerTerminalConfigurations } from './terminal-configurations.ts';
import { registerTerminalConnectionTokens } from './terminal-connection-tokens.ts';
import { registerTerminalLocations } from './terminal-locations.ts';
import { registerTerminalReaderActions } from './terminal-reader-actions.ts';
import { registerTerminalReaders } from './terminal-readers.ts';
import { ReaderSessions } from './terminal-shared.ts';

export function registerTerminalResources(api: EmulatorApi): void {
  const sessions = new ReaderSessions();
  api.onReset(() => sessions.clear());
  registerTerminalLocations(api);
  registerTerminalConfigurations(api);
  registerTerminalConnectionTokens(api);
  registerTerminalReaders(api, sessions);
  registerTerminalReaderActions(api);
  registerTerminalSdkRoutes(api, sessions);
}
