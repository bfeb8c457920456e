import 'server-only';
import type { RoutingApiView, RoutingPageView } from '@/lib/contract/views';
import { boundMemberLists, summarizeRoutingNodes } from '@/lib/diagnostics/routing-nodes-summary';
import type { ClusterRuntime } from '@/lib/runtime';
import { pageInfoOf, pageOf, type PageRequest } from './paging';
import { clusterVersion, perCycle } from './per-cycle';
import { routingTableOf, routingView } from './view-builders';

/**
 * The routing answer with its per-node table a page at a time: the grid, the
 * diff, the versions, the series, the findings and a summary of every node
 * (answering views, unseen nodes, the picker's choices) go with every page;
 * the per-node rows are cut into pages, so no answer serializes a row per
 * node of a 5,000-node cluster.
 */
export type RoutingWhole = Omit<RoutingPageView, 'nodes' | 'page'> & { tableNodes: RoutingApiView['nodes'] };

/** Summarizes a whole view (live or past, `asOf` kept) once; pages are then cut from it. */
export function routingWhole({ nodes, versions, tables, ...rest }: RoutingApiView): RoutingWhole {
  return { ...rest, ...boundMemberLists(versions, tables), tableNodes: nodes, nodeSummary: summarizeRoutingNodes(nodes) };
}

export function routingPage(
  { tableNodes, ...rest }: RoutingWhole,
  request: PageRequest,
  version: string,
): { ok: true; view: RoutingPageView } | { ok: false; message: string } {
  const cut = pageOf(tableNodes, request, version);
  if (!cut.ok) return cut;
  return { ok: true, view: { ...rest, nodes: cut.page.items, page: pageInfoOf(cut.page) } };
}

/**
 * The whole live view of a table as a node (or the consensus) sees it, built
 * and summarized once per cycle: every page of it is cut from the same build.
 * null when the node is not a target or the table not one of the cluster's.
 */
export function liveRoutingWhole(cluster: ClusterRuntime, node: string | null, table: string | null): RoutingWhole | null {
  return perCycle(cluster, clusterVersion(cluster), `routing view\n${node ?? ''}\n${table ?? ''}`, () => {
    const view = routingView(cluster, node, table);
    return view ? routingWhole(view) : null;
  });
}

/** One page of the live view (the route and the page's prefetch); null as for liveRoutingWhole. */
export function liveRoutingPage(cluster: ClusterRuntime, node: string | null, table: string | null, request: PageRequest) {
  const whole = liveRoutingWhole(cluster, node, table);
  return whole ? routingPage(whole, request, clusterVersion(cluster)) : null;
}

/** The table a live request shows (null: not one of the cluster's), decided once per cycle rather than per request. */
export function liveRoutingTable(cluster: ClusterRuntime, asked: string | null): string | null {
  return perCycle(cluster, clusterVersion(cluster), `routing table\n${asked ?? ''}`, () => routingTableOf(cluster, asked));
}
