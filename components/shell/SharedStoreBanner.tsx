'use client';

import { useQuery } from '@tanstack/react-query';
import { useLocalTime } from '@/lib/client/use-local-time';
import { clustersQuery } from '@/lib/client/queries';

/**
 * High availability, on a standby replica: the cluster's data comes from the
 * shared store, and while the store cannot be read it says since when it is stale.
 */
export function SharedStoreBanner({ cluster }: { cluster: string | null }) {
  const time = useLocalTime();
  const { data } = useQuery(clustersQuery());
  if (cluster === null || !data) return null;
  const since = data.clusters.find((summary) => summary.name === cluster)?.sharedStoreStaleSince ?? null;
  if (since === null) return null;
  return (
    <div className="stale-banner" role="alert">
      <strong>Data from the shared store is stale since {time.dateTime(since)}</strong> — this replica cannot read what the collecting replica writes; nodes
      turn stale by the usual rule until it can again.
    </div>
  );
}
