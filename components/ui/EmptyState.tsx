import type { ReactNode } from 'react';

/** Says plainly that there is nothing to show, and why (only use it when the data is actually known). */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children ? <div className="empty-state__body">{children}</div> : null}
    </div>
  );
}
