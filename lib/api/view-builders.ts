import 'server-only';
import type { Finding } from '@/lib/contract/findings';
import { findingsOfView, sortFindings } from '@/lib/contract/findings';
import type { FailoverApiView } from '@/lib/client/failover-queries';
import type { RoutingApiView } from '@/lib/client/routing-queries';
import { failoverAnalyzer } from '@/lib/diagnostics/failover';
import { buildFailoverView } from '@/lib/diagnostics/failover-view';
import { goquaiPeersAnalyzer } from '@/lib/diagnostics/goquai-peers';
import { buildGoquaiPeersView } from '@/lib/diagnostics/goquai-peers-view';
import { peersAnalyzer } from '@/lib/diagnostics/peers';
import { buildPeersView, type PeersResponse } from '@/lib/diagnostics/peers-view';
import { routingAnalyzer } from '@/lib/diagnostics/routing';
import { buildRoutingView } from '@/lib/diagnostics/routing-view';
import { syncAnalyzer } from '@/lib/diagnostics/sync';
import { buildSyncView, type SyncView, type SyncViewParams } from '@/lib/diagnostics/sync-view';
import type { ClusterRuntime } from '@/lib/runtime';
import { inCluster } from './cluster-views';

/**
 * Each view's answer, from what the last diagnostics cycle decided. The API
 * routes and the pages' server-side prefetch call these same functions.
 */

/** Resolved peer findings returned with the view, newest first. */
const RECENT_RESOLVED = 200;

export type PeersParams = { node?: string; category?: string; q?: string; limit?: number };

export function peersView(cluster: ClusterRuntime, { node, category, q, limit }: PeersParams): PeersResponse {
  const view = buildPeersView(
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
  const { active, resolved } = cluster.findings();
  const forNode = (finding: Finding) => !node || finding.subject.node === node;
  const findings = sortFindings([
    ...findingsOfView(active, 'peers').filter(forNode),
    ...findingsOfView(resolved, 'peers').filter(forNode).slice(-RECENT_RESOLVED),
  ]);
  const goquai = buildGoquaiPeersView(
    cluster.analyzerState(goquaiPeersAnalyzer),
    { targetIds: cluster.targets.map((target) => target.id), statusOf: (id) => cluster.nodeSummary(id)?.status, pollIntervalMs: cluster.config.pollInterval, node },
    cluster.now(),
  );
  return { ...view, goquai, findings: inCluster(cluster, findings) };
}

export function syncView(cluster: ClusterRuntime, params: SyncViewParams): SyncView {
  return buildSyncView(cluster.analyzerState(syncAnalyzer), cluster.store.latestMap(), params, cluster.now(), (id) => cluster.nodeSummary(id));
}

/** null when the asked node is not a target of the cluster. */
export function routingView(cluster: ClusterRuntime, node: string | null): RoutingApiView | null {
  const view = buildRoutingView(
    cluster.analyzerState(routingAnalyzer),
    {
      nodes: cluster.nodeSummaries(),
      latest: cluster.store.latestMap(),
      lastOk: cluster.store.lastOkMap(),
      graceMs: cluster.config.diagnostics.routingGrace,
    },
    node ? { view: 'node', node } : { view: 'consensus' },
    cluster.now(),
  );
  if (!view) return null;
  const { active, resolved } = cluster.findings();
  return { ...view, findings: inCluster(cluster, sortFindings(findingsOfView([...active, ...resolved], 'routing'))) };
}

export function failoverView(cluster: ClusterRuntime, params: { status: 'active' | 'all' }): FailoverApiView {
  const view = buildFailoverView(cluster.analyzerState(failoverAnalyzer), cluster.now(), params);
  const { active, resolved } = cluster.findings();
  return { ...view, findings: inCluster(cluster, sortFindings(findingsOfView([...active, ...resolved], 'failover'))) };
}
