import type { Logger } from '../../src/runtime.ts';

/** For code that logs only what went wrong: any line it logs fails the test, with the line. */
export const failOnLog: Logger = (line) => {
  throw new Error(`unexpected log line: ${line}`);
};
