import type { Metadata } from 'next';
import { RoutingView } from '@/components/routing/RoutingView';
import { routingView } from '@/lib/api/view-builders';
import { routingQuery } from '@/lib/client/routing-queries';
import { ClusterPage } from '@/lib/server/cluster-page';
import { searchOf, type SearchParams } from '@/lib/server/clusters';

export const metadata: Metadata = { title: 'Routing' };

export default async function RoutingPage({ params, searchParams }: { params: Promise<{ cluster: string }>; searchParams: SearchParams }) {
  const search = await searchOf(searchParams);
  const node = search.get('view') === 'node' && search.get('node') ? search.get('node') : null;
  const table = search.get('table') || null;
  return (
    <ClusterPage
      params={params}
      queries={(cluster) => {
        const view = routingView(cluster, node, table);
        return view ? [{ queryKey: routingQuery(cluster.name, node, cluster.config.pollInterval, table).queryKey, data: view }] : [];
      }}
    >
      <RoutingView initialNode={node} initialTable={table} />
    </ClusterPage>
  );
}
