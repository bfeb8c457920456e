import type { Metadata } from 'next';
import { FailoverView } from '@/components/failover/FailoverView';
import { failoverView } from '@/lib/api/view-builders';
import { failoverQuery } from '@/lib/client/failover-queries';
import { ClusterPage } from '@/lib/server/cluster-page';
import { searchOf, type SearchParams } from '@/lib/server/clusters';

export const metadata: Metadata = { title: 'Failover' };

export default async function FailoverPage({ params, searchParams }: { params: Promise<{ cluster: string }>; searchParams: SearchParams }) {
  const status = (await searchOf(searchParams)).get('status') === 'active' ? 'active' : 'all';
  return (
    <ClusterPage
      params={params}
      queries={(cluster) => [{ queryKey: failoverQuery(cluster.name, status, cluster.config.pollInterval).queryKey, data: failoverView(cluster, { status }) }]}
    >
      <FailoverView />
    </ClusterPage>
  );
}
