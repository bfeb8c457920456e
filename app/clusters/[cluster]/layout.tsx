import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { clusterHeaderQuery, clustersQuery } from '@/lib/client/queries';
import { clusterHeaderView, clustersView } from '@/lib/api/cluster-views';
import { clusterVersion, dashboardVersion, perCycle } from '@/lib/api/per-cycle';
import { Shell } from '@/components/shell/Shell';
import { clusterForPage, decodeSegment } from '@/lib/server/clusters';
import { Prefetched } from '@/lib/server/prefetch';

/**
 * Every view of a cluster: an unknown cluster is a not-found page; a known
 * one's header data (the cluster, the switcher's list) is in the first HTML.
 */
export default async function ClusterLayout({ children, params }: { children: ReactNode; params: Promise<{ cluster: string }> }) {
  const found = await clusterForPage(params);
  if (found === 'unknown') notFound();
  const queries =
    found === null
      ? []
      : [
          { queryKey: clusterHeaderQuery(found.cluster.name).queryKey, data: perCycle(found.cluster, clusterVersion(found.cluster), 'layout header', () => clusterHeaderView(found.dashboard, found.cluster)) },
          { queryKey: clustersQuery().queryKey, data: perCycle(found.dashboard, dashboardVersion(found.dashboard), 'layout clusters', () => clustersView(found.dashboard)) },
        ];
  return (
    <Prefetched queries={queries}>
      <Shell cluster={decodeSegment((await params).cluster)}>{children}</Shell>
    </Prefetched>
  );
}
