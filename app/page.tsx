import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ClustersHome } from '@/components/home/ClustersHome';
import { Shell } from '@/components/shell/Shell';
import { clustersView } from '@/lib/api/cluster-views';
import { clustersQuery } from '@/lib/client/queries';
import { dashboardForPage } from '@/lib/server/clusters';
import { Prefetched } from '@/lib/server/prefetch';

export const metadata: Metadata = { title: 'Clusters' };

/** Every cluster at a glance; with exactly one cluster configured, that cluster's overview. */
export default async function HomePage() {
  const dashboard = await dashboardForPage();
  if (dashboard?.clusters.length === 1) redirect(`/clusters/${encodeURIComponent(dashboard.clusters[0].name)}`);
  return (
    <Prefetched queries={dashboard ? [{ queryKey: clustersQuery().queryKey, data: clustersView(dashboard) }] : []}>
      <Shell cluster={null}>
        <h1>Clusters</h1>
        <ClustersHome />
      </Shell>
    </Prefetched>
  );
}
