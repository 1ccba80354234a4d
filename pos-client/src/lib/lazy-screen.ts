/**
 * Screens loaded on demand, with the strings they show: the ones not in the counter's first load
 * (i18n/later.ts, English and Japanese) are in before the screen renders, so no screen opens in English
 * first. `prefetch()` fetches a screen ahead of its first render (a failure is left to that render).
 */
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

/** `module` once the later strings are in. */
export function withLaterStrings<T>(module: Promise<T>): Promise<T> {
  const strings = import('./i18n/later.ts').then((later) => later.laterStrings);
  return Promise.all([module, strings]).then(([loaded]) => loaded);
}

/** The component `load` resolves to, loaded on demand with the later strings. */
export function lazyScreen<Props extends object>(
  load: () => Promise<ComponentType<Props>>,
): LazyExoticComponent<ComponentType<Props>> & { prefetch(): void } {
  const loadWithStrings = () => withLaterStrings(load());
  return Object.assign(
    lazy(() => loadWithStrings().then((component) => ({ default: component }))),
    {
      prefetch: () => {
        loadWithStrings().catch(() => undefined);
      },
    },
  );
}
