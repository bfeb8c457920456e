import 'server-only';
import type { Finding } from '@/lib/contract/findings';
import { findingsOfView, sortFindings } from '@/lib/contract/findings';
import type { FailoverApiView, RoutingApiView } from '@/lib/contract/views';
import { goquaiPeersAnalyzer } from '@/lib/diagnostics/goquai-peers';
import { buildGoquaiPeersView } from '@/lib/diagnostics/goquai-peers-view';
import { peersAnalyzer } from '@/lib/diagnostics/peers';
import { buildPeersViewSteps, type PeersResponse } from '@/lib/diagnostics/peers-view';
import { clientRefreshLogAnalyzer } from '@/lib/diagnostics/client-refresh-logs';
import { failoverByTable, routingByTable, tableHealthByTable } from '@/lib/diagnostics/registry';
import { routingAnalyzer } from '@/lib/diagnostics/routing';
import { buildFailoverViewByTable, pickTable, projectReports, routingTableSummaries } from '@/lib/diagnostics/routing-tables-view';
import { buildRoutingView } from '@/lib/diagnostics/routing-view';
import { DEFAULT_TABLE, stateOfTable } from '@/lib/diagnostics/tables';
import { syncAnalyzer } from '@/lib/diagnostics/sync';
import { buildSyncViewSteps, type SyncView, type SyncViewParams } from '@/lib/diagnostics/sync-view';
import { runAllSteps, type Steps } from '@/lib/diagnostics/steps';
import type { ClusterRuntime } from '@/lib/runtime';
import { inCluster } from './cluster-views';

/**
 * Each view's answer, from what the last diagnostics cycle decided. The API
 * routes and the pages' server-side prefetch call these same functions.
 */

/** Resolved peer findings returned with the view, newest first. */
const RECENT_RESOLVED = 200;

export type PeersParams = { node?: string; category?: string; q?: string; limit?: number };

export function peersView(cluster: ClusterRuntime, params: PeersParams): PeersResponse {
  return runAllSteps(peersViewSteps(cluster, params));
}

/** peersView as steps: the per-node part pauses between slices of nodes (lib/diagnostics/steps.ts). */
export function* peersViewSteps(cluster: ClusterRuntime, { node, category, q, limit }: PeersParams): Steps<PeersResponse> {
  const view = yield* buildPeersViewSteps(
    cluster.analyzerState(peersAnalyzer),
    cluster.store.latestMap(),
    {
      targetIds: cluster.targets.map((target) => target.id),
      pollIntervalMs: cluster.config.pollInterval,
      statusOf: (id) => cluster.nodeSummary(id)?.status,
      gapTransientPolls: cluster.config.diagnostics.peerGapTransientPolls,
      node,
      category,
      q,
      limit,
    },
    cluster.now(),
  );
  yield;
  const { active, resolved } = cluster.findings();
  const forNode = (finding: Finding) => !node || finding.subject.node === node;
  const findings = sortFindings([
    ...findingsOfView(active, 'peers').filter(forNode),
    ...findingsOfView(resolved, 'peers').filter(forNode).slice(-RECENT_RESOLVED),
  ]);
  yield;
  const goquai = buildGoquaiPeersView(
    cluster.analyzerState(goquaiPeersAnalyzer),
    { targetIds: cluster.targets.map((target) => target.id), statusOf: (id) => cluster.nodeSummary(id)?.status, pollIntervalMs: cluster.config.pollInterval, node },
    cluster.now(),
  );
  return { ...view, goquai, findings: inCluster(cluster, findings) };
}

export function syncView(cluster: ClusterRuntime, params: SyncViewParams): SyncView {
  return runAllSteps(syncViewSteps(cluster, params));
}

/** syncView as steps: pauses between slices of links (lib/diagnostics/steps.ts). */
export function syncViewSteps(cluster: ClusterRuntime, params: SyncViewParams): Steps<SyncView> {
  return buildSyncViewSteps(cluster.analyzerState(syncAnalyzer), cluster.store.latestMap(), params, cluster.now(), (id) => cluster.nodeSummary(id));
}

/** The table a routing request shows ("" = the nodes' one table); null when `asked` names no table of the cluster. */
export function routingTableOf(cluster: ClusterRuntime, asked: string | null): string | null {
  return pickTable(routingTableSummaries(cluster.store.latestMap(), cluster.analyzerState(tableHealthByTable)), asked ?? undefined);
}

/** null when the asked node is not a target of the cluster, or the asked table is not one of its tables. */
export function routingView(cluster: ClusterRuntime, node: string | null, asked: string | null = null): RoutingApiView | null {
  const latest = cluster.store.latestMap();
  const tables = routingTableSummaries(latest, cluster.analyzerState(tableHealthByTable));
  const table = pickTable(tables, asked ?? undefined);
  if (table === null) return null;
  const view = buildRoutingView(
    stateOfTable(cluster.analyzerState(routingByTable), table, routingAnalyzer.initial),
    {
      nodes: cluster.nodeSummaries(),
      latest: projectReports(latest, table),
      lastOk: projectReports(cluster.store.lastOkMap(), table),
      graceMs: cluster.config.diagnostics.routingGrace,
    },
    node ? { view: 'node', node } : { view: 'consensus' },
    cluster.now(),
  );
  if (!view) return null;
  const { active, resolved } = cluster.findings();
  // Findings of the table shown; each named table's findings say their table in the evidence.
  const ofTable = findingsOfView([...active, ...resolved], 'routing').filter((finding) => (finding.evidence.table ?? DEFAULT_TABLE) === table);
  return { ...view, table, tables, findings: inCluster(cluster, sortFindings(ofTable)) };
}

/** Every table's incidents and members on an old ballot, each saying its table. */
export function failoverView(cluster: ClusterRuntime, params: { status: 'active' | 'all' }): FailoverApiView {
  const view = buildFailoverViewByTable(cluster.analyzerState(failoverByTable), cluster.now(), params, cluster.analyzerState(clientRefreshLogAnalyzer));
  const { active, resolved } = cluster.findings();
  return { ...view, findings: inCluster(cluster, sortFindings(findingsOfView([...active, ...resolved], 'failover'))) };
}
