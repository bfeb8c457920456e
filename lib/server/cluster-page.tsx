import 'server-only';
import type { ReactNode } from 'react';
import type { ClusterRuntime } from '@/lib/runtime';
import { clusterForPage } from './clusters';
import { Prefetched, type PrefetchedQuery } from './prefetch';

/**
 * A view of one cluster with its data already in the first HTML: `queries`
 * builds the answers under the keys the view's client queries use. While the
 * dashboard starts (or for an unknown cluster, which the layout turns into a
 * 404) nothing is prefetched and the view loads as usual.
 */
export async function ClusterPage({
  params,
  queries,
  children,
}: {
  params: Promise<{ cluster: string }>;
  queries: (cluster: ClusterRuntime) => PrefetchedQuery[];
  children: ReactNode;
}) {
  const found = await clusterForPage(params);
  const prefetched = found === null || found === 'unknown' ? [] : queries(found.cluster);
  return <Prefetched queries={prefetched}>{children}</Prefetched>;
}
