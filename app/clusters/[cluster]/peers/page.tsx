import type { Metadata } from 'next';
import { PeersView } from '@/components/peers/PeersView';
import { peersView } from '@/lib/api/view-builders';
import { peersQuery } from '@/lib/client/peers-queries';
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
      queries={(cluster) =>
        filter.node && !cluster.store.has(filter.node)
          ? []
          : [{ queryKey: peersQuery(cluster.name, filter, cluster.config.pollInterval).queryKey, data: peersView(cluster, filter) }]
      }
    >
      <PeersView />
    </ClusterPage>
  );
}
