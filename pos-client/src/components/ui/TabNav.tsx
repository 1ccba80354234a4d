/**
 * Tabs that are pages: a `nav` of links, each with its own URL, the current one marked
 * `aria-current="page"`. A click moves with the History API (`onNavigate`) instead of reloading; a middle
 * click or a copied link opens the same tab anew (the server answers every non-API path with the app).
 */
import type { MouseEvent } from 'react';

export interface Tab {
  href: string;
  label: string;
  current: boolean;
}

/** A plain left click without modifier keys: the app moves itself; anything else is the browser's. */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export function TabNav({
  label,
  tabs,
  onNavigate,
}: {
  label: string;
  tabs: readonly Tab[];
  onNavigate: (href: string) => void;
}) {
  return (
    <nav className="tab-nav" aria-label={label}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.href}>
            <a
              href={tab.href}
              aria-current={tab.current ? 'page' : undefined}
              onClick={(event) => {
                if (!isPlainClick(event)) return;
                event.preventDefault();
                onNavigate(tab.href);
              }}
            >
              {tab.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
