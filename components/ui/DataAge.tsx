'use client';

import { formatAge, formatDateTime } from '@/lib/client/format';
import { useNow } from '@/lib/client/use-now';

/** "updated 3 s ago" for a panel or the whole page; turns amber past `staleAfterMs`. `at` null = no data yet. */
export function DataAge({ at, prefix = 'updated', staleAfterMs }: { at: number | null; prefix?: string; staleAfterMs?: number }) {
  const now = useNow();
  if (at === null) return <span className="data-age muted">no data yet</span>;
  const old = now !== null && staleAfterMs !== undefined && now - at > staleAfterMs;
  return (
    <span className={old ? 'data-age data-age--old' : 'data-age'} title={`Data from ${formatDateTime(at)}`}>
      {prefix} {now === null ? '…' : formatAge(at, now)}
    </span>
  );
}
