// What a screen loaded on demand shows when it fails: a chunk that did not arrive reads as the network (the
// messages Chrome, Firefox and Safari give a failed dynamic import), any other error as something that went
// wrong; both offer "Try again". The browser path (a chunk that fails to load) is test/specs/screen-load-failure.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { isChunkLoadError, OnDemand } from './OnDemand.tsx';

/** The boundary's markup once `error` was thrown below it. */
function renderFailed(error: unknown): string {
  const boundary = new OnDemand({ children: <p>screen</p> });
  boundary.state = OnDemand.getDerivedStateFromError(error);
  return renderToStaticMarkup(boundary.render());
}

const chunkErrors = [
  'Failed to fetch dynamically imported module: https://pos.example/assets/drawer-CKeXlIt4.js',
  'error loading dynamically imported module: https://pos.example/assets/drawer-CKeXlIt4.js',
  'Importing a module script failed.',
];

describe('OnDemand', () => {
  it('renders the screen while nothing failed', () => {
    expect(renderToStaticMarkup(<OnDemand>{<p>screen</p>}</OnDemand>)).toBe('<p>screen</p>');
  });

  it.each(chunkErrors)('reads a chunk that did not load as the network: %s', (message) => {
    expect(isChunkLoadError(new TypeError(message))).toBe(true);
    const html = renderFailed(new TypeError(message));
    expect(html).toContain('role="alert"><p>Cannot reach the server. Check the network, then try again.</p>');
    expect(html).toMatch(/<button[^>]*>Try again<\/button>/);
    expect(html).not.toContain('screen</p>');
  });

  it('reads a screen that throws as something that went wrong, not the network', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'amountMinor')");
    expect(isChunkLoadError(bug)).toBe(false);
    expect(isChunkLoadError(new Error('Importing a module script failed.'))).toBe(false);
    const html = renderFailed(bug);
    expect(html).toContain('role="alert"><p>Something went wrong.</p>');
    expect(html).toMatch(/<button[^>]*>Try again<\/button>/);
  });
});
