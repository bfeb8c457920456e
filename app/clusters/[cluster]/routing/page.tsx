import type { Metadata } from 'next';
import { RoutingView } from '@/components/routing/RoutingView';
import { liveRoutingPage } from '@/lib/api/routing-page';
import { ROUTING_NODES_PAGE_SIZE, routingQuery } from '@/lib/client/routing-queries';
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
        // The first page of the per-node table, as the page first asks for it.
        const first = liveRoutingPage(cluster, node, table, { limit: ROUTING_NODES_PAGE_SIZE });
        return first?.ok ? [{ queryKey: routingQuery(cluster.name, node, cluster.config.pollInterval, table).queryKey, data: first.view }] : [];
      }}
    >
      <RoutingView initialNode={node} initialTable={table} />
    </ClusterPage>
  );
}
