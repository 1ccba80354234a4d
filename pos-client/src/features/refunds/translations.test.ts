// The refunds screen is complete in Japanese: every English key has a Japanese text, and no other key.
import { describe, expect, it } from 'vitest';
import { refundsEn } from './locales/en.ts';
import { refundsJa } from './locales/ja.ts';

function leafKeys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix.replace(/_(one|other)$/, '')];
  return [
    ...new Set(
      Object.entries(tree).flatMap(([key, value]) => leafKeys(value, prefix ? `${prefix}.${key}` : key)),
    ),
  ].sort();
}

describe('refunds translations', () => {
  it('has Japanese for every English string of the refunds screen, and nothing else', () => {
    expect(leafKeys(refundsJa)).toEqual(leafKeys(refundsEn));
  });
});
