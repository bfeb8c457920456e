import 'server-only';
import type { ClusterFinding, ClusterSummary, ClustersView, ClusterView, NodeDetailView, SourceKindLabel } from '@/lib/contract/api';
import { SEVERITIES, sortFindings, type Finding, type FindingKind, type Severity } from '@/lib/contract/findings';
import { sourceLabel } from '@/lib/adapters';
import { countStatuses } from '@/lib/diagnostics/node-status';
import type { ClusterRuntime, Dashboard } from '@/lib/runtime';
import { withLogGroups } from './logs-view';

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

export function clusterView(dashboard: Dashboard, cluster: ClusterRuntime): ClusterView {
  const nodes = cluster.nodeSummaries();
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
    counts: countStatuses(nodes),
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
    dataAt: lastCycleEnd(cluster),
    firstCycleAt: cluster.firstCycleAt,
  };
}

export function clustersView(dashboard: Dashboard): ClustersView {
  return { mode: dashboard.mode, generatedAt: dashboard.now(), clusters: dashboard.clusters.map(clusterSummary) };
}

export type FindingsFilter = {
  status: 'active' | 'resolved' | 'all';
  kind?: FindingKind;
  node?: string;
};

/** One cluster's findings, filtered, in the one order, with their log groups. */
export function clusterFindings(cluster: ClusterRuntime, { status, kind, node }: FindingsFilter): ClusterFinding[] {
  const { active, resolved } = cluster.findings();
  const chosen = status === 'active' ? active : status === 'resolved' ? resolved : [...active, ...resolved];
  const findings = chosen.filter(
    (finding) =>
      (!kind || finding.kind === kind) &&
      (!node || finding.subject.node === node || (finding.subject.type === 'node' && finding.subject.id === node)),
  );
  return inCluster(cluster, withLogGroups(cluster, sortFindings(findings)));
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
