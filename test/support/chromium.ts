/**
 * The Chromium the browser tests drive: CHROMIUM_PATH when set, else the first `chromium` (Debian's
 * package), `chromium-browser` or `google-chrome` on the PATH. Playwright cannot download its own browser
 * here, so a system one is required (`npm test` installs Debian's when it can).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

export function chromiumExecutable(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of NAMES) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new Error(
    'No Chromium found: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH.',
  );
}
