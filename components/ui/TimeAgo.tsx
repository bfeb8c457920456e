'use client';

import { formatAge } from '@/lib/client/format';
import { useLocalTime } from '@/lib/client/use-local-time';
import { useNow } from '@/lib/client/use-now';

/** "12 s ago", ticking every second, with the absolute time in the tooltip; `null` time reads "never". */
export function TimeAgo({ at, never = 'never' }: { at: number | null; never?: string }) {
  const time = useLocalTime();
  const now = useNow();
  if (at === null) return <span className="muted">{never}</span>;
  // A time outside the Date range (a node's bad clock) is not known, and must not throw in toISOString.
  if (!Number.isFinite(new Date(at).getTime())) return <span className="muted">unknown</span>;
  return (
    <time dateTime={new Date(at).toISOString()} title={time.dateTime(at)}>
      {now === null ? '…' : formatAge(at, now)}
    </time>
  );
}
