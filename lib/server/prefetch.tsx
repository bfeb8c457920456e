import 'server-only';
import { dehydrate, HydrationBoundary, QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';

export type PrefetchedQuery = { queryKey: QueryKey; data: unknown };

/**
 * Puts answers the server already built into the page's query cache, under
 * the same keys the client's query options use, so the first HTML carries
 * the data and the client goes on polling from there.
 */
export function Prefetched({ queries, children }: { queries: readonly PrefetchedQuery[]; children: ReactNode }) {
  const client = new QueryClient();
  for (const query of queries) client.setQueryData(query.queryKey, query.data);
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
