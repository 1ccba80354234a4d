import { describe, expect, it } from 'vitest';
import { createBufferedLog } from './request-log.ts';

describe(createBufferedLog.name, () => {
  it('writes the lines of one event-loop turn in one chunk, in order, on the next turn', async () => {
    const chunks: string[] = [];
    const log = createBufferedLog((chunk) => chunks.push(chunk));
    log('first');
    log('second');
    expect(chunks).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['first\nsecond\n']);
    log('third');
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['first\nsecond\n', 'third\n']);
  });

  it('flushes pending lines at once when asked (process exit), and writes nothing when empty', () => {
    const chunks: string[] = [];
    const log = createBufferedLog((chunk) => chunks.push(chunk));
    log.flush();
    expect(chunks).toEqual([]);
    log('last words');
    log.flush();
    expect(chunks).toEqual(['last words\n']);
  });
});
