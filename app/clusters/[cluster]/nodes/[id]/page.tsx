import type { Metadata } from 'next';
import { NodeDetail } from '@/components/node/NodeDetail';
import { nodeDetailView } from '@/lib/api/cluster-views';
import { nodeQuery } from '@/lib/client/queries';
import { ClusterPage } from '@/lib/server/cluster-page';
import { decodeSegment } from '@/lib/server/clusters';

type Props = { params: Promise<{ cluster: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Node ${decodeSegment(id)}` };
}

export default async function NodePage({ params }: Props) {
  // A malformed escape is kept as typed: the API then answers 404 and the page says so.
  const id = decodeSegment((await params).id);
  return (
    <ClusterPage
      params={params}
      queries={(cluster) => {
        const view = nodeDetailView(cluster, id);
        return view ? [{ queryKey: nodeQuery(cluster.name, id, cluster.config.pollInterval).queryKey, data: view }] : [];
      }}
    >
      <NodeDetail id={id} />
    </ClusterPage>
  );
}
