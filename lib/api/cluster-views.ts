import 'server-only';
import type { ClusterFinding, ClusterSummary, ClustersView, ClusterView, FindingGroupsView, FindingsView, NodeDetailView, SourceKindLabel } from '@/lib/contract/api';
import { SEVERITIES, sortFindings, type Finding, type Severity } from '@/lib/contract/findings';
import { sourceLabel } from '@/lib/adapters';
import { countStatuses } from '@/lib/diagnostics/node-status';
import type { ClusterRuntime, Dashboard } from '@/lib/runtime';
import { clusterGroups, findingsAnswer, groupSummary, type FindingsFilter } from './finding-views';
import { MAX_PAGE_SIZE } from './paging';
import { clusterVersion } from './per-cycle';

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

function lastCycleEnd(cluster: ClusterRuntime): number | null {
  return cluster.lastCycle ? cluster.lastCycle.startedAt + cluster.lastCycle.durationMs : null;
}

export function inCluster(cluster: ClusterRuntime, findings: readonly Finding[]): ClusterFinding[] {
  return findings.map((finding) => ({ ...finding, cluster: cluster.name }));
}

/** `nodes: 'none'` is the header every page polls: counts and cycle without 5,000 node rows. */
export function clusterView(dashboard: Dashboard, cluster: ClusterRuntime, { nodes: which }: { nodes: 'all' | 'none' } = { nodes: 'all' }): ClusterView {
  const all = cluster.nodeSummaries();
  const nodes = which === 'all' ? all : [];
  return {
    cluster: cluster.name,
    mode: dashboard.mode,
    sources: sourcesOf(cluster),
    pollIntervalMs: cluster.config.pollInterval,
    staleAfterMs: cluster.staleAfterMs,
    generatedAt: cluster.now(),
    firstCycleAt: cluster.firstCycleAt,
    lastCycle: cluster.lastCycle
      ? { startedAt: cluster.lastCycle.startedAt, durationMs: cluster.lastCycle.durationMs, polled: cluster.lastCycle.polled }
      : null,
    counts: countStatuses(all),
    nodes,
  };
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
