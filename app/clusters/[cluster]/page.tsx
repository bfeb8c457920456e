import { Overview } from '@/components/overview/Overview';
import { clusterFindingsView, clusterFirstPageView, clusterGroupsView } from '@/lib/api/cluster-views';
import { clusterQuery, findingGroupsQuery, findingsQuery, GROUPS_PAGE_SIZE, NODE_PAGE_SIZE, RESOLVED_SHOWN } from '@/lib/client/queries';
import { ClusterPage } from '@/lib/server/cluster-page';

export default function OverviewPage({ params }: { params: Promise<{ cluster: string }> }) {
  return (
    <ClusterPage
      params={params}
      queries={(cluster, dashboard) => [
        // The node table's first page, unfiltered (further pages load as they scroll into view).
        { queryKey: clusterQuery(cluster.name).queryKey, data: clusterFirstPageView(dashboard, cluster, NODE_PAGE_SIZE) },
        {
          queryKey: findingGroupsQuery(cluster.name, 'active', cluster.config.pollInterval).queryKey,
          data: clusterGroupsView(cluster, 'active', GROUPS_PAGE_SIZE),
        },
        {
          queryKey: findingsQuery(cluster.name, { status: 'resolved', limit: RESOLVED_SHOWN }, cluster.config.pollInterval).queryKey,
          data: clusterFindingsView(cluster, { status: 'resolved' }, RESOLVED_SHOWN),
        },
      ]}
    >
      <Overview />
    </ClusterPage>
  );
}
