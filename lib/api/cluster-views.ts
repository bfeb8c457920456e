import 'server-only';
import type { ClusterFinding, ClusterSummary, ClustersView, ClusterView, FindingGroupsView, FindingsView, NodeDetailView, NodeSummary, SourceKindLabel } from '@/lib/contract/api';
import type { NodeStatus } from '@/lib/contract/report';
import { SEVERITIES, sortFindings, type Finding, type Severity } from '@/lib/contract/findings';
import { sourceLabel } from '@/lib/adapters';
import { countStatuses } from '@/lib/diagnostics/node-status';
import type { ClusterRuntime, Dashboard } from '@/lib/runtime';
import { clusterGroups, findingsAnswer, groupSummary, type FindingsFilter } from './finding-views';
import { filterNodes } from './node-filter';
import { MAX_PAGE_SIZE, pageInfoOf, pageOf } from './paging';
import { clusterVersion, perCycleWarm } from './per-cycle';

/** How many of a cluster's most severe findings the home page names. */
const TOP_FINDINGS = 3;

/**
 * The answers every page and route share, built from what the last cycle
 * decided. Route handlers and server-side prefetching call these same
 * functions, so the first HTML and the live updates can never disagree.
 */

export function sourcesOf(cluster: ClusterRuntime): SourceKindLabel[] {
  const kinds = [...new Set(cluster.targets.map((target) => target.kind))].sort();
  return kinds.map((kind) => ({ kind, label: sourceLabel(kind) }));
}

/** What every answer about the cluster as a whole starts with, live or as of a past moment. */
export function clusterHead(dashboard: Dashboard, cluster: ClusterRuntime) {
  return {
    cluster: cluster.name,
    mode: dashboard.mode,
    sources: sourcesOf(cluster),
    pollIntervalMs: cluster.config.pollInterval,
    staleAfterMs: cluster.staleAfterMs,
  };
}

function lastCycleEnd(cluster: ClusterRuntime): number | null {
  return cluster.lastCycle ? cluster.lastCycle.startedAt + cluster.lastCycle.durationMs : null;
}

export function inCluster(cluster: ClusterRuntime, findings: readonly Finding[]): ClusterFinding[] {
  return findings.map((finding) => ({ ...finding, cluster: cluster.name }));
}

/** What GET /api/clusters/{cluster} asks of the node list (lib/api/queries.ts clusterQuery). */
export type NodesQuery = {
  nodes: 'all' | 'none';
  status?: NodeStatus;
  q?: string;
  offset?: number;
  limit: number;
  cursor?: string;
};

/**
 * One page of the nodes matching the query, or why the cursor is refused.
 * `filtered` gives the matching list: the live view keeps it per cycle, so
 * each further page of the same filter costs only its own rows.
 */
export function nodesPage(
  query: NodesQuery,
  version: string,
  filtered: (status: NodeStatus | null, text: string) => readonly NodeSummary[],
): { ok: true; nodes: NodeSummary[]; page: ClusterView['page'] } | { ok: false; message: string } {
  if (query.nodes === 'none') return { ok: true, nodes: [], page: null };
  const cut = pageOf(filtered(query.status ?? null, query.q?.trim() ?? ''), query, version);
  return cut.ok ? { ok: true, nodes: cut.page.items, page: pageInfoOf(cut.page) } : cut;
}

/** The matching nodes of this cycle, filtered once per cycle and filter. */
function liveMatching(cluster: ClusterRuntime, status: NodeStatus | null, text: string): readonly NodeSummary[] {
  return perCycleWarm(cluster, `nodes matching\n${status ?? ''}\n${text.toLowerCase()}`, () => filterNodes(cluster.nodeSummaries(), status, text));
}

/**
 * The cluster's header, counts over every node, and one page of the nodes the
 * query asks for. `nodes: 'none'` is the header every page polls: counts and
 * cycle without node rows. An error value (never a throw) for a bad cursor.
 */
export function clusterView(
  dashboard: Dashboard,
  cluster: ClusterRuntime,
  query: NodesQuery,
): { ok: true; view: ClusterView } | { ok: false; message: string } {
  const version = clusterVersion(cluster);
  const page = nodesPage(query, version, (status, text) => liveMatching(cluster, status, text));
  if (!page.ok) return page;
  return {
    ok: true,
    view: {
      ...clusterHead(dashboard, cluster),
      generatedAt: cluster.now(),
      firstCycleAt: cluster.firstCycleAt,
      lastCycle: cluster.lastCycle
        ? { startedAt: cluster.lastCycle.startedAt, durationMs: cluster.lastCycle.durationMs, polled: cluster.lastCycle.polled }
        : null,
      counts: perCycleWarm(cluster, 'node counts', () => countStatuses(cluster.nodeSummaries())),
      nodes: page.nodes,
      page: page.page,
    },
  };
}

/** The cluster's header without node rows (the layout's prefetch; a bad cursor cannot happen without one). */
export function clusterHeaderView(dashboard: Dashboard, cluster: ClusterRuntime): ClusterView {
  const answer = clusterView(dashboard, cluster, { nodes: 'none', limit: 1 });
  if (!answer.ok) throw new Error(`cluster header: ${answer.message}`);
  return answer.view;
}

/** The first page of the node table, as the overview first asks for it (the page's prefetch). */
export function clusterFirstPageView(dashboard: Dashboard, cluster: ClusterRuntime, limit: number): ClusterView {
  const answer = clusterView(dashboard, cluster, { nodes: 'all', limit });
  if (!answer.ok) throw new Error(`cluster nodes: ${answer.message}`);
  return answer.view;
}

export function clusterSummary(cluster: ClusterRuntime): ClusterSummary {
  const { active } = cluster.findings();
  const activeBySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of active) activeBySeverity[finding.severity] += 1;
  return {
    name: cluster.name,
    sources: sourcesOf(cluster),
    pollIntervalMs: cluster.config.pollInterval,
    staleAfterMs: cluster.staleAfterMs,
    nodeCount: cluster.targets.length,
    counts: countStatuses(cluster.nodeSummaries()),
    activeBySeverity,
    topFindings: inCluster(cluster, sortFindings(active).slice(0, TOP_FINDINGS)),
    topGroups: clusterGroups(cluster, { status: 'active' })
      .slice(0, TOP_FINDINGS)
      .map((group) => groupSummary(cluster, group)),
    dataAt: lastCycleEnd(cluster),
    firstCycleAt: cluster.firstCycleAt,
    sharedStoreStaleSince: cluster.sharedStoreStaleSince,
  };
}

export function clustersView(dashboard: Dashboard): ClustersView {
  return { mode: dashboard.mode, generatedAt: dashboard.now(), clusters: dashboard.clusters.map(clusterSummary) };
}

/** One cluster's findings list as GET …/findings answers it (for the pages' prefetch). */
export function clusterFindingsView(cluster: ClusterRuntime, filter: FindingsFilter, limit = MAX_PAGE_SIZE): FindingsView {
  const answer = findingsAnswer([cluster], { ...filter, view: 'list', limit }, clusterVersion(cluster), cluster.now());
  // Without a cursor, paging cannot fail.
  if (!answer.ok || !('findings' in answer.body)) throw new Error(`findings list: ${answer.ok ? 'not a list' : answer.message}`);
  return answer.body;
}

/** The first page of one cluster's finding groups, as GET …/findings?view=groups answers it (for the pages' prefetch). */
export function clusterGroupsView(cluster: ClusterRuntime, status: 'active' | 'resolved', limit: number): FindingGroupsView {
  const answer = findingsAnswer([cluster], { status, view: 'groups', limit }, clusterVersion(cluster), cluster.now());
  if (!answer.ok || !('groups' in answer.body)) throw new Error(`finding groups: ${answer.ok ? 'not groups' : answer.message}`);
  return answer.body;
}

export function nodeDetailView(cluster: ClusterRuntime, id: string): NodeDetailView | null {
  const node = cluster.nodeSummary(id);
  if (!node) return null;
  return {
    generatedAt: cluster.now(),
    pollIntervalMs: cluster.config.pollInterval,
    staleAfterMs: cluster.staleAfterMs,
    node,
    latest: cluster.store.latest(id) ?? null,
    samples: cluster.store.samples(id),
    events: cluster.store.statusEvents(id),
  };
}
