import { Overview } from '@/components/overview/Overview';
import { clusterFindings } from '@/lib/api/cluster-views';
import { findingsQuery } from '@/lib/client/queries';
import { ClusterPage } from '@/lib/server/cluster-page';

export default function OverviewPage({ params }: { params: Promise<{ cluster: string }> }) {
  return (
    <ClusterPage
      params={params}
      queries={(cluster) => [
        {
          queryKey: findingsQuery(cluster.name, { status: 'all' }, cluster.config.pollInterval).queryKey,
          data: { generatedAt: cluster.now(), findings: clusterFindings(cluster, { status: 'all' }) },
        },
      ]}
    >
      <Overview />
    </ClusterPage>
  );
}
