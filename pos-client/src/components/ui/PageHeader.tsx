/** A screen's heading: its title (the page's `h1`), an optional line under it, and its actions on the right. */
import type { ReactNode } from 'react';

export function PageHeader({
  title,
  subtitle,
  actions,
  level = 1,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** 2 inside an app whose header already holds the `h1`. */
  level?: 1 | 2;
}) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <header className="page-header">
      <div>
        <Heading>{title}</Heading>
        {subtitle ? <p className="muted page-subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}
