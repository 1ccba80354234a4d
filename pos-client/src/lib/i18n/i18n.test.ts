// Japanese is complete: every English key has a Japanese text and no Japanese key is left over (plural
// forms compared by their base key, as Japanese has one form where English has `_one` and `_other`).
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { ja } from './ja.ts';
import { laterEn } from './later-en.ts';
import { laterJa } from './later-ja.ts';

/** Every leaf key of a nested strings object, plural suffixes folded into their base key. */
function leafKeys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null)
    return [prefix.replace(/_(one|other|zero|two|few|many)$/, '')];
  return [
    ...new Set(
      Object.entries(tree).flatMap(([key, value]) => leafKeys(value, prefix ? `${prefix}.${key}` : key)),
    ),
  ].sort();
}

describe('translations', () => {
  it('has Japanese for every English string of the counter and the UI kit, and nothing else', () => {
    expect(leafKeys(ja)).toEqual(leafKeys(en));
  });

  it('has Japanese for every string the counter loads later (later.ts), and nothing else', () => {
    expect(leafKeys(laterJa)).toEqual(leafKeys(laterEn));
  });

  it('keeps each key in one place: the first load or the later strings', () => {
    const first = new Set(leafKeys(en));
    expect(leafKeys(laterEn).filter((key) => first.has(key))).toEqual([]);
  });
});
