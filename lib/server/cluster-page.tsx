import 'server-only';
import type { ReactNode } from 'react';
import type { ClusterRuntime } from '@/lib/runtime';
import { clusterForPage } from './clusters';
import { Prefetched, type PrefetchedQuery } from './prefetch';

/** Above this many targets a view's data is not put in the first HTML (megabytes of it would delay the first paint by seconds): the page paints at once and loads it. */
const PREFETCH_MAX_TARGETS = 500;

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
  const prefetched = found === null || found === 'unknown' || found.cluster.targets.length > PREFETCH_MAX_TARGETS ? [] : queries(found.cluster);
  return <Prefetched queries={prefetched}>{children}</Prefetched>;
}
