import type { ReactNode } from 'react';

export function EmptyState({ icon = '○', title, children, actions }: { icon?: string; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="empty">
      <div className="empty-icon" aria-hidden>{icon}</div>
      <h3>{title}</h3>
      {children ? <div>{children}</div> : null}
      {actions ? <div className="actions">{actions}</div> : null}
    </div>
  );
}
