'use client';

import { formatAge } from '@/lib/client/format';
import { useLocalTime } from '@/lib/client/use-local-time';
import { useAsOf } from '@/lib/client/use-as-of';
import { useNow } from '@/lib/client/use-now';

/** "updated 3 s ago" for a panel or the whole page; turns amber past `staleAfterMs`. `at` null = no data yet. */
export function DataAge({ at, prefix = 'updated', staleAfterMs }: { at: number | null; prefix?: string; staleAfterMs?: number }) {
  const time = useLocalTime();
  const now = useNow();
  const past = useAsOf().at;
  // A past view is not old data: it says which moment it shows.
  if (past !== null) return <span className="data-age data-age--past">as of {time.dateTime(past)}</span>;
  if (at === null) return <span className="data-age muted">no data yet</span>;
  const old = now !== null && staleAfterMs !== undefined && now - at > staleAfterMs;
  return (
    <span className={old ? 'data-age data-age--old' : 'data-age'} title={`Data from ${time.dateTime(at)}`}>
      {prefix} {now === null ? '…' : formatAge(at, now)}
    </span>
  );
}
