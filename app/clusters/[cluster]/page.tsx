import { Overview } from '@/components/overview/Overview';
import { clusterFindings } from '@/lib/api/cluster-views';
import { findingsQuery } from '@/lib/client/queries';
import { clusterForPage } from '@/lib/server/clusters';
import { Prefetched } from '@/lib/server/prefetch';

export default async function OverviewPage({ params }: { params: Promise<{ cluster: string }> }) {
  const found = await clusterForPage(params);
  const queries =
    found === null || found === 'unknown'
      ? []
      : [
          {
            queryKey: findingsQuery(found.cluster.name, { status: 'all' }, found.cluster.config.pollInterval).queryKey,
            data: { generatedAt: found.cluster.now(), findings: clusterFindings(found.cluster, { status: 'all' }) },
          },
        ];
  return (
    <Prefetched queries={queries}>
      <Overview />
    </Prefetched>
  );
}
