import type { Metadata } from 'next';
import { SyncDashboard } from '@/components/sync/SyncDashboard';
import { syncView } from '@/lib/api/view-builders';
import { clusterFindingsView } from '@/lib/api/cluster-views';
import { findingsQuery } from '@/lib/client/queries';
import { syncQuery } from '@/lib/client/sync-queries';
import { ClusterPage } from '@/lib/server/cluster-page';
import { searchOf, type SearchParams } from '@/lib/server/clusters';

export const metadata: Metadata = { title: 'Sync' };

export default async function SyncPage({ params, searchParams }: { params: Promise<{ cluster: string }>; searchParams: SearchParams }) {
  const search = await searchOf(searchParams);
  const view = { primary: search.get('primary') ?? undefined, link: search.get('link') ?? undefined };
  return (
    <ClusterPage
      params={params}
      queries={(cluster) => [
        ...(view.primary && !cluster.store.has(view.primary)
          ? []
          : [{ queryKey: syncQuery(cluster.name, view, cluster.config.pollInterval).queryKey, data: syncView(cluster, view) }]),
        {
          queryKey: findingsQuery(cluster.name, { status: 'all' }, cluster.config.pollInterval).queryKey,
          data: clusterFindingsView(cluster, { status: 'all' }),
        },
      ]}
    >
      <SyncDashboard />
    </ClusterPage>
  );
}
