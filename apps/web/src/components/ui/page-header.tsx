import Link from 'next/link';
import type { ReactNode } from 'react';

/** A page's title, one line on what it is for, breadcrumbs and its main actions. */
export function PageHeader({ title, description, crumbs = [], actions }: { title: ReactNode; description?: ReactNode; crumbs?: { href: string; label: string }[]; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        {crumbs.length > 0 ? (
          <nav className="crumbs" aria-label="Breadcrumb">
            {crumbs.map((c) => (
              <span key={c.href}><Link href={c.href}>{c.label}</Link> /</span>
            ))}
          </nav>
        ) : null}
        <h1>{title}</h1>
        {description ? <p>{description}</p> : null}
      </div>
      {actions ? <div className="actions">{actions}</div> : null}
    </header>
  );
}
