import type { Metadata } from 'next';
import { SyncDashboard } from '@/components/sync/SyncDashboard';
import { liveSyncPage } from '@/lib/api/sync-page';
import { clusterFindingsView } from '@/lib/api/cluster-views';
import { findingsQuery } from '@/lib/client/queries';
import { SYNC_GROUPS_PAGE_SIZE, syncQuery } from '@/lib/client/sync-queries';
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
          : firstSyncPage(cluster, view)),
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

/** The topology's first page of primaries, as the page first asks for it (none when the request is refused, the browser then asks itself). */
function firstSyncPage(cluster: Parameters<typeof liveSyncPage>[0], view: { primary?: string; link?: string }) {
  const page = liveSyncPage(cluster, view, { limit: SYNC_GROUPS_PAGE_SIZE });
  return page.ok ? [{ queryKey: syncQuery(cluster.name, view, cluster.config.pollInterval).queryKey, data: page.view }] : [];
}
