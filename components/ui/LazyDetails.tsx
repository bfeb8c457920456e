'use client';

import { useState, type ReactNode } from 'react';

/**
 * A `<details>` whose body is rendered only while it is open: a closed one
 * costs its summary alone, however long the list behind it.
 */
export function LazyDetails({ summary, className, children }: { summary: (open: boolean) => ReactNode; className?: string; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className={className} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary(open)}</summary>
      {open ? children() : null}
    </details>
  );
}
