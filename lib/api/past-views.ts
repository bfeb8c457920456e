import 'server-only';
import type { ClusterView, FindingsView, NodeDetailView } from '@/lib/contract/api';
import { findingsOfView, sortFindings } from '@/lib/contract/findings';
import { compareMoments, nodesAsOf, pollingGaps, type CompareView } from '@/lib/diagnostics/history-views';
import { failoverIncidentSchema, type FailoverApiView } from '@/lib/contract/views';
import { countStatuses } from '@/lib/diagnostics/node-status';
import type { ClusterRuntime, Dashboard } from '@/lib/runtime';
import { historySlot, historyStore } from '@/lib/runtime/history';
import { targetMeta } from '@/lib/runtime/runtime';
import type { HistoryStore, IncidentSnapshot } from '@/lib/store/persistence/types';
import { formatIssuePath } from '@/lib/contract/issue-path';
import { inCluster, sourcesOf } from './cluster-views';
import { apiError } from './respond';

/**
 * The same views as cluster-views.ts, as of a past moment, read from stored
 * history. Every answer carries `asOf`, so a past view can never pass for live.
 */
export type AsOf = { asOf: number };

/** Resolved findings shown beside a moment's active ones, as the live views show recent ones. */
const RESOLVED_LOOKBACK_MS = 3_600_000;

/** The history store for a past view, or the error answer when history is not kept. */
export function historyOr404(): { ok: true; store: HistoryStore } | { ok: false; response: Response } {
  const store = historyStore();
  if (store) return { ok: true, store };
  const why = historySlot().openError;
  return { ok: false, response: apiError('not_found', `no history is kept, so there are no past views${why ? `: ${why}` : ' (storage engine not open)'}; see /storage`) };
}

async function nodesAt(cluster: ClusterRuntime, store: HistoryStore, at: number) {
  const latest = await store.latestSamples(cluster.name, { from: at - cluster.config.historyWindow, to: at });
  return nodesAsOf(cluster.targets.map(targetMeta), latest, { at, pollIntervalMs: cluster.config.pollInterval, maxBackoffMs: cluster.config.maxBackoff });
}

export async function clusterViewAt(dashboard: Dashboard, cluster: ClusterRuntime, store: HistoryStore, at: number): Promise<ClusterView & AsOf> {
  const [nodes, cycle] = await Promise.all([nodesAt(cluster, store, at), store.cycleAt(cluster.name, at)]);
  return {
    cluster: cluster.name,
    mode: dashboard.mode,
    sources: sourcesOf(cluster),
    pollIntervalMs: cluster.config.pollInterval,
    staleAfterMs: cluster.staleAfterMs,
    generatedAt: at,
    firstCycleAt: cycle ? cycle.startedAt : null,
    lastCycle: cycle,
    counts: countStatuses(nodes),
    nodes,
    asOf: at,
  };
}

export type PastFindingsFilter = { status: 'active' | 'resolved' | 'all'; kind?: string; node?: string };

export async function findingsViewAt(cluster: ClusterRuntime, store: HistoryStore, at: number, { status, kind, node }: PastFindingsFilter): Promise<Omit<FindingsView, 'page'> & AsOf> {
  const all = await store.findingsAt(cluster.name, at, RESOLVED_LOOKBACK_MS);
  const findings = all.filter(
    (finding) =>
      (status === 'all' || finding.status === status) &&
      (!kind || finding.kind === kind) &&
      (!node || finding.subject.node === node || (finding.subject.type === 'node' && finding.subject.id === node)),
  );
  return { generatedAt: at, findings: inCluster(cluster, sortFindings(findings)), asOf: at };
}

export async function nodeDetailAt(cluster: ClusterRuntime, store: HistoryStore, id: string, at: number): Promise<(NodeDetailView & AsOf) | null> {
  const meta = cluster.store.meta(id);
  if (!meta) return null;
  const range = { from: at - cluster.config.historyWindow, to: at };
  const [latest, samples, events, cycles] = await Promise.all([
    store.latestSamples(cluster.name, range),
    store.samples(cluster.name, id, range),
    store.statusChanges(cluster.name, range, id),
    store.cycles(cluster.name, range),
  ]);
  const [node] = nodesAsOf([meta], latest, { at, pollIntervalMs: cluster.config.pollInterval, maxBackoffMs: cluster.config.maxBackoff });
  return {
    generatedAt: at,
    pollIntervalMs: cluster.config.pollInterval,
    staleAfterMs: cluster.staleAfterMs,
    node,
    // Full reports are not kept: the past node page shows its samples and changes.
    latest: null,
    samples,
    events,
    gaps: pollingGaps(cycles, cluster.config.pollInterval),
    asOf: at,
  };
}

/**
 * The incidents stored for a moment, read back through the answer's schema. A row
 * written before incidents carried their table is the nodes' one table (""); a row
 * that does not parse is left out and logged, so one bad row costs only itself.
 */
function storedIncidents(cluster: ClusterRuntime, snapshots: readonly IncidentSnapshot[]): FailoverApiView['incidents'] {
  const incidents: FailoverApiView['incidents'] = [];
  for (const snapshot of snapshots) {
    const view = typeof snapshot.view === 'object' && snapshot.view !== null ? { table: '', ...snapshot.view } : snapshot.view;
    const parsed = failoverIncidentSchema.safeParse(view);
    if (parsed.success) incidents.push(parsed.data);
    else console.error(`[clusterscope] ${cluster.name}: stored incident ${snapshot.id} is unreadable: ${formatIssuePath(parsed.error.issues[0].path)}: ${parsed.error.issues[0].message}`);
  }
  return incidents;
}

export async function failoverViewAt(cluster: ClusterRuntime, store: HistoryStore, at: number): Promise<FailoverApiView & AsOf> {
  const [snapshots, findings] = await Promise.all([store.incidentsAt(cluster.name, at), store.findingsAt(cluster.name, at, RESOLVED_LOOKBACK_MS)]);
  return {
    generatedAt: at,
    staleConfigGraceMs: cluster.config.diagnostics.staleConfigGrace,
    incidents: storedIncidents(cluster, snapshots),
    staleMembers: [],
    findings: inCluster(cluster, sortFindings(findingsOfView(findings, 'failover'))),
    asOf: at,
  };
}

export async function compareViewAt(cluster: ClusterRuntime, store: HistoryStore, first: number, second: number): Promise<CompareView & { cluster: string }> {
  const [from, to] = first <= second ? [first, second] : [second, first];
  const [findingsFrom, findingsTo, nodesFrom, nodesTo, statusChanges, routing] = await Promise.all([
    store.findingsAt(cluster.name, from, RESOLVED_LOOKBACK_MS),
    store.findingsAt(cluster.name, to, to - from + RESOLVED_LOOKBACK_MS),
    nodesAt(cluster, store, from),
    nodesAt(cluster, store, to),
    store.statusChanges(cluster.name, { from, to }),
    store.routingVersions(cluster.name, { from, to }),
  ]);
  return { cluster: cluster.name, ...compareMoments({ from, to, findingsFrom, findingsTo, nodesFrom, nodesTo, statusChanges, routing }) };
}

/**
 * A live node page after a restart: what this process has in memory, preceded
 * by what history holds from before it started, so the chart and the status
 * changes continue across the restart (the time it was down stays a gap).
 * If history cannot be read the live view is answered as it is.
 */
export async function withEarlierHistory(view: NodeDetailView, cluster: ClusterRuntime, store: HistoryStore): Promise<NodeDetailView> {
  const memoryFrom = Math.min(cluster.startedAt, view.samples[0]?.at ?? Infinity, view.events[0]?.at ?? Infinity);
  const window = { from: view.generatedAt - cluster.config.historyWindow, to: view.generatedAt };
  const range = { from: window.from, to: memoryFrom - 1 };
  if (range.to <= range.from) return view;
  try {
    const [samples, events, cycles] = await Promise.all([
      store.samples(cluster.name, view.node.id, range),
      store.statusChanges(cluster.name, range, view.node.id),
      store.cycles(cluster.name, window),
    ]);
    return { ...view, samples: [...samples, ...view.samples], events: [...events, ...view.events], gaps: pollingGaps(cycles, cluster.config.pollInterval) };
  } catch (error) {
    console.error(`[clusterscope] ${cluster.name}: reading node history failed:`, error);
    return view;
  }
}
