'use client';

import { formatDuration } from '@/lib/client/format';
import { useLocalTime } from '@/lib/client/use-local-time';
import { useNow } from '@/lib/client/use-now';

/** Shown when the browser cannot reach the dashboard's own API; `lastDataAt` is when the shown data was fetched. */
export function StaleBanner({ lastDataAt, message }: { lastDataAt: number | null; message?: string }) {
  const time = useLocalTime();
  const now = useNow();
  return (
    <div className="stale-banner" role="alert">
      <strong>Cannot reach the Clusterscope server</strong>
      {' — '}
      {lastDataAt === null ? (
        'no data has been received yet.'
      ) : (
        <>
          showing data from {time.clock(lastDataAt)}
          {now !== null ? ` (${formatDuration(now - lastDataAt)} old)` : ''}.
        </>
      )}{' '}
      Check that the server is running.
      {message ? <span className="stale-banner__detail"> ({message})</span> : null}
    </div>
  );
}
