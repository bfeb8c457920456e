'use client';

import { formatClock, formatDuration } from '@/lib/client/format';
import { useNow } from '@/lib/client/use-now';

/** Shown when the browser cannot reach the dashboard's own API; `lastDataAt` is when the shown data was fetched. */
export function StaleBanner({ lastDataAt, message }: { lastDataAt: number | null; message?: string }) {
  const now = useNow();
  return (
    <div className="stale-banner" role="alert">
      <strong>Cannot reach the Clusterscope server</strong>
      {' — '}
      {lastDataAt === null ? (
        'no data has been received yet.'
      ) : (
        <>
          showing data from {formatClock(lastDataAt)}
          {now !== null ? ` (${formatDuration(now - lastDataAt)} old)` : ''}.
        </>
      )}{' '}
      Check that the server is running.
      {message ? <span className="stale-banner__detail"> ({message})</span> : null}
    </div>
  );
}
