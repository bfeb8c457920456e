import 'server-only';
import type { ClusterView, FindingsView, NodeDetailView } from '@/lib/contract/api';
import { findingsOfView, sortFindings, type Finding } from '@/lib/contract/findings';
import type { LogQuery, LogsView } from '@/lib/diagnostics/logs';
import { logsAsOf } from '@/lib/diagnostics/past-logs';
import { peersAsOf } from '@/lib/diagnostics/past-peers';
import { routingAsOf } from '@/lib/diagnostics/past-routing';
import { chartSample, syncAsOf } from '@/lib/diagnostics/past-sync';
import type { PeersResponse } from '@/lib/diagnostics/peers-view';
import type { SyncView, SyncViewParams } from '@/lib/diagnostics/sync-view';
import { DEFAULT_TABLE } from '@/lib/diagnostics/tables';
import { LINK_HEARTBEAT_MS } from '@/lib/store/persistence/cycle-batch';
import { compareMoments, nodesAsOf, pollingGaps, type CompareView } from '@/lib/diagnostics/history-views';
import { failoverIncidentSchema, type FailoverApiView, type RoutingApiView } from '@/lib/contract/views';
import { countStatuses } from '@/lib/diagnostics/node-status';
import type { ClusterRuntime, Dashboard } from '@/lib/runtime';
import { historySlot, historyStore } from '@/lib/runtime/history';
import { targetMeta } from '@/lib/runtime/runtime';
import type { HistoryStore, IncidentSnapshot } from '@/lib/store/persistence/types';
import { formatIssuePath } from '@/lib/contract/issue-path';
import { clusterHead, inCluster, nodesPage, type NodesQuery } from './cluster-views';
import { filterNodes } from './node-filter';
import { recoveriesFrom } from './logs-view';
import type { PeersParams } from './view-builders';
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

/** The cluster as of `at`: counts over every node and the page of nodes the query asks for (its cursor is tied to that moment). */
export async function clusterViewAt(
  dashboard: Dashboard,
  cluster: ClusterRuntime,
  store: HistoryStore,
  at: number,
  query: NodesQuery,
): Promise<{ ok: true; view: ClusterView & AsOf } | { ok: false; message: string }> {
  const [nodes, cycle] = await Promise.all([nodesAt(cluster, store, at), store.cycleAt(cluster.name, at)]);
  const page = nodesPage(query, `at-${at}`, (status, text) => filterNodes(nodes, status, text));
  if (!page.ok) return page;
  return {
    ok: true,
    view: {
      ...clusterHead(dashboard, cluster),
      generatedAt: at,
      firstCycleAt: cycle ? cycle.startedAt : null,
      lastCycle: cycle,
      counts: countStatuses(nodes),
      nodes: page.nodes,
      page: page.page,
      asOf: at,
    },
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

// ── peers, sync, routing, logs as of a past moment ─────────────────────────

/** Lines of the logs view read from history at most (newest first). */
export const PAST_LOG_LINES = 20_000;

export async function peersViewAt(cluster: ClusterRuntime, store: HistoryStore, at: number, filter: PeersParams): Promise<PeersResponse & AsOf> {
  const [nodes, { bases, moves }, findings] = await Promise.all([
    nodesAt(cluster, store, at),
    store.peersAt(cluster.name, at),
    store.findingsAt(cluster.name, at, RESOLVED_LOOKBACK_MS),
  ]);
  const peerFindings = findingsOfView(findings, 'peers');
  const view = peersAsOf({
    at,
    pollIntervalMs: cluster.config.pollInterval,
    gapTransientPolls: cluster.config.diagnostics.peerGapTransientPolls,
    nodes,
    bases,
    moves,
    findings: peerFindings,
    filter,
  });
  const forNode = (finding: Finding) => !filter.node || finding.subject.node === filter.node;
  // go-quai's categories come from its log rounds, which history does not keep.
  return { ...view, goquai: { nodes: [] }, findings: inCluster(cluster, sortFindings(peerFindings.filter(forNode))), asOf: at };
}

export async function syncViewAt(cluster: ClusterRuntime, store: HistoryStore, at: number, params: SyncViewParams): Promise<SyncView & AsOf> {
  const windowMs = cluster.config.historyWindow;
  const [nodes, latest, findings] = await Promise.all([
    nodesAt(cluster, store, at),
    // Twice the window: a link last sampled before the window is shown as unknown, not left out.
    store.latestLinkSamples(cluster.name, { from: at - 2 * windowMs, to: at }),
    store.findingsAt(cluster.name, at, RESOLVED_LOOKBACK_MS),
  ]);
  const input = { at, pollIntervalMs: cluster.config.pollInterval, historyWindowMs: windowMs, heartbeatMs: LINK_HEARTBEAT_MS, nodes, latest, selectedSamples: [], findings, params };
  const view = syncAsOf(input);
  if (!view.selected) return { ...view, asOf: at };
  const row = view.groups.flatMap((group) => group.links).find((link) => link.id === view.selected?.id);
  const samples = (await store.linkSamples(cluster.name, { from: at - windowMs, to: at }, view.selected.id)).filter((sample) => !row?.reportedBy || sample.node === row.reportedBy);
  return { ...view, selected: { ...view.selected, samples: samples.map(chartSample) }, asOf: at };
}

/** null when the node is not a target; named tables (many-table sources) are not kept in history. */
export async function routingViewAt(cluster: ClusterRuntime, store: HistoryStore, at: number, node: string | null): Promise<(RoutingApiView & AsOf) | null> {
  const [nodes, versions, findings] = await Promise.all([nodesAt(cluster, store, at), store.routingAt(cluster.name, at), store.findingsAt(cluster.name, at, RESOLVED_LOOKBACK_MS)]);
  // History keeps no roles: a target the live view knows as a client is taken as one then too.
  const clients = new Set(cluster.nodeSummaries().filter((summary) => summary.role === 'client').map((summary) => summary.id));
  const view = routingAsOf({ at, graceMs: cluster.config.diagnostics.routingGrace, nodes, versions, clients, params: node ? { view: 'node', node } : { view: 'consensus' } });
  if (!view) return null;
  const ofTable = findingsOfView(findings, 'routing').filter((finding) => (finding.evidence.table ?? DEFAULT_TABLE) === DEFAULT_TABLE);
  const table = {
    name: DEFAULT_TABLE,
    partitionCount: view.partitionCount,
    reportedBy: view.nodes.filter((row) => row.table !== 'none').map((row) => row.id),
    unhealthy: null,
    writeUnhealthy: null,
    readUnhealthy: null,
  };
  return { ...view, table: DEFAULT_TABLE, tables: [table], findings: inCluster(cluster, sortFindings(ofTable)), asOf: at };
}

export type PastLogsRequest = Omit<LogQuery, 'groups'> & { group?: string; finding?: string };

/** null when the asked finding did not exist then. */
export async function logsViewAt(cluster: ClusterRuntime, store: HistoryStore, at: number, request: PastLogsRequest): Promise<(LogsView & AsOf) | null> {
  const range = { from: request.since ?? at - cluster.config.historyWindow, to: Math.min(request.until ?? at, at) };
  const [lines, groups, findings] = await Promise.all([
    store.logLines(cluster.name, range, PAST_LOG_LINES),
    store.logGroupsAt(cluster.name, at),
    store.findingsAt(cluster.name, at, RESOLVED_LOOKBACK_MS),
  ]);
  const active = findings.filter((finding) => finding.status === 'active');
  const resolved = findings.filter((finding) => finding.status === 'resolved');
  const view = logsAsOf({
    at,
    pollIntervalMs: cluster.config.pollInterval,
    lines,
    groups,
    findings,
    recoveries: recoveriesFrom(resolved, active),
    targets: cluster.targets.map((target) => target.id),
    query: request,
    lineLimit: PAST_LOG_LINES,
  });
  return view ? { ...view, asOf: at } : null;
}
