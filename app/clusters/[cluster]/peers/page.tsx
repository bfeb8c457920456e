import type { Metadata } from 'next';
import { PeersView } from '@/components/peers/PeersView';
import { livePeersPage } from '@/lib/api/peers-page';
import { PEERS_NODES_PAGE_SIZE, peersQuery } from '@/lib/client/peers-queries';
import { ClusterPage } from '@/lib/server/cluster-page';
import { searchOf, type SearchParams } from '@/lib/server/clusters';

export const metadata: Metadata = { title: 'Peers' };

export default async function PeersPage({ params, searchParams }: { params: Promise<{ cluster: string }>; searchParams: SearchParams }) {
  const search = await searchOf(searchParams);
  // The same filter the view reads from the URL.
  const filter = { node: search.get('node') || undefined, category: search.get('category') || undefined, q: search.get('q')?.trim() || undefined };
  return (
    <ClusterPage
      params={params}
      queries={(cluster) => {
        if (filter.node && !cluster.store.has(filter.node)) return [];
        // The first page of the per-node table, as the page first asks for it.
        const first = livePeersPage(cluster, filter, { limit: PEERS_NODES_PAGE_SIZE });
        return first.ok ? [{ queryKey: peersQuery(cluster.name, filter, cluster.config.pollInterval).queryKey, data: first.view }] : [];
      }}
    >
      <PeersView />
    </ClusterPage>
  );
}
