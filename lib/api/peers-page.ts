import 'server-only';
import type { PeersPageView } from '@/lib/contract/views';
import { nodesWithPeers, summarizePeersNodes } from '@/lib/diagnostics/peers-nodes-summary';
import { DEFAULT_PEER_LIMIT, type PeersResponse } from '@/lib/diagnostics/peers-view';
import type { ClusterRuntime } from '@/lib/runtime';
import { pageInfoOf, pageOf, type PageRequest } from './paging';
import { perCycleSteps, type Versioned } from './per-cycle';
import { peersViewSteps, type PeersParams } from './view-builders';

/**
 * The peers answer with its per-node table a page at a time: the summary of
 * every node (category columns, stale and unavailable nodes, the filter's
 * choices, the charted nodes) goes with every page; the table's rows (nodes
 * whose source provides categories) are cut into pages, so no answer
 * serializes a row per node of a 5,000-node cluster.
 */
export type PeersWhole = Omit<PeersResponse, 'nodes'> & { tableNodes: PeersResponse['nodes']; nodeSummary: PeersPageView['nodeSummary'] };

/** Summarizes a whole view once; pages are then cut from it. */
export function peersWhole<View extends PeersResponse>({ nodes, ...rest }: View): Omit<View, 'nodes'> & Pick<PeersWhole, 'tableNodes' | 'nodeSummary'> {
  return { ...rest, tableNodes: nodesWithPeers(nodes), nodeSummary: summarizePeersNodes(nodes) };
}

/** A page of the per-node table, and how many peer rows (most in need of attention first; 0 for a later page of the table). */
export type PeersPageRequest = PageRequest & { peers?: number };

export function peersPage<Whole extends PeersWhole>(
  { tableNodes, peers, ...rest }: Whole,
  request: PeersPageRequest,
  version: string,
): { ok: true; view: Omit<Whole, 'tableNodes' | 'peers'> & Pick<PeersPageView, 'nodes' | 'page' | 'peers'> } | { ok: false; message: string } {
  const cut = pageOf(tableNodes, request, version);
  if (!cut.ok) return cut;
  return { ok: true, view: { ...rest, peers: peers.slice(0, request.peers ?? DEFAULT_PEER_LIMIT), nodes: cut.page.items, page: pageInfoOf(cut.page) } };
}

/**
 * The whole live view, built and summarized once per cycle and filter (in
 * slices after each cycle: lib/api/per-cycle.ts): every page of it is cut
 * from the same build. It holds the default number of peer rows (what the
 * page asks for, and later pages ask for none); a request for more builds its own.
 */
export function livePeersWhole(cluster: ClusterRuntime, filter: PeersFilter, peerRows = DEFAULT_PEER_LIMIT): Versioned<PeersWhole> {
  const rows = Math.max(DEFAULT_PEER_LIMIT, peerRows);
  const key = `peers view\n${filter.node ?? ''}\n${filter.category ?? ''}\n${filter.q ?? ''}\n${rows}`;
  return perCycleSteps(cluster, key, function* () {
    const view = yield* peersViewSteps(cluster, { ...filter, limit: rows });
    yield;
    return peersWhole(view);
  });
}

/** One page of the live view (the route and the page's prefetch), with the cluster version it shows. */
export function livePeersPage(cluster: ClusterRuntime, filter: PeersFilter, request: PeersPageRequest) {
  const whole = livePeersWhole(cluster, filter, request.peers);
  return { ...peersPage(whole.value, request, whole.version), version: whole.version };
}

/** Which peers and nodes the view is about (the URL's filters). */
export type PeersFilter = Omit<PeersParams, 'limit'>;
