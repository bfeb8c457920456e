import type { RoutingDoc } from '@/lib/contract/admin-v1';
import type { NodeSummary } from '@/lib/contract/api';
import type { NodeReport } from '@/lib/contract/report';
import type { RoutingVersion } from '@/lib/store/persistence/types';
import { NodeIndex, compareTables, ownerTableOf, partitionCountOf, versionKey, type OwnerArrayCache } from './routing-table';
import { nodeViewsOf, type RoutingState } from './routing';
import { buildRoutingView, type RoutingView, type RoutingViewParams } from './routing-view';

/**
 * The routing view as of a past moment: each node's table replayed from its
 * newest base (its whole table, written first after every start) through the
 * partitions that changed up to `at`, then compared by the live rules
 * (routing-table.ts) and shown by the live builder. A node without a base
 * then has no table ("not known then"), never an empty one. Pure.
 */

/**
 * A node's table as replayed: owners by partition id (null: unowned). Nodes
 * whose tables are the same share one array (copied on a node's first change),
 * so comparing 5,000 equal tables is comparing one.
 */
export type ReplayedTable = { node: string; at: number; version: string | null; owners: readonly (string | null)[] };

/** Each node's table as of the last of `versions` (oldest first, each node's from its base on). */
export function replayTables(versions: readonly RoutingVersion[]): Map<string, ReplayedTable> {
  const tables = new Map<string, ReplayedTable>();
  const shared = new Map<RoutingVersion['changed'], (string | null)[]>();
  for (const version of versions) {
    if (version.base) {
      // The store hands equal bases over as one array: one table for all of them.
      let owners = shared.get(version.changed);
      if (!owners) {
        owners = [];
        for (const change of version.changed) owners[change.partition] = change.to;
        owners = Array.from(owners, (owner) => owner ?? null);
        shared.set(version.changed, owners);
      }
      tables.set(version.node, { node: version.node, at: version.at, version: version.version, owners });
      continue;
    }
    const table = tables.get(version.node);
    // Without a base the node's table is not known: changes alone are never a whole table.
    if (!table) continue;
    // A node's change gives it a table of its own; the shared one stays as it was.
    const owners = [...table.owners];
    for (const change of version.changed) owners[change.partition] = change.to;
    tables.set(version.node, { node: version.node, at: version.at, version: version.version, owners: Array.from(owners, (owner) => owner ?? null) });
  }
  return tables;
}

/** The partitions of one owners array, built once per array so equal tables share them (ownerTableOf caches by it). */
function partitionsOf(owners: readonly (string | null)[], cache: Map<readonly (string | null)[], RoutingDoc['partitions']>): RoutingDoc['partitions'] {
  let partitions = cache.get(owners);
  if (!partitions) {
    partitions = owners.map((owner, id) => ({ id, owners: owner === null ? [] : [owner], backups: [] }));
    cache.set(owners, partitions);
  }
  return partitions;
}

/** A replayed table as the report the live builder reads (only what history keeps: owners and version). */
function reportOf(table: ReplayedTable, summary: NodeSummary, isClient: boolean, partitions: RoutingDoc['partitions']): NodeReport {
  const numeric = table.version !== null && /^-?\d+(\.\d+)?$/.test(table.version) ? Number(table.version) : table.version;
  const routing: RoutingDoc = {
    ...(numeric === null ? {} : { version: numeric }),
    initialized: true,
    partitionCount: Math.max(1, table.owners.length),
    partitions,
  };
  return {
    targetId: summary.id,
    kind: summary.kind,
    address: summary.address,
    status: 'ok',
    reason: null,
    fetchedAt: table.at,
    latencyMs: null,
    // Only a client's role is given: its table is a cache, left out of the consensus as live.
    node: isClient ? { id: summary.id, cluster: '', role: 'client', version: '', startedAt: new Date(table.at).toISOString(), now: new Date(table.at).toISOString() } : null,
    peers: null,
    sync: null,
    routing,
    logs: null,
    unavailable: [],
  };
}

export type PastRoutingInput = {
  at: number;
  graceMs: number;
  nodes: readonly NodeSummary[];
  versions: readonly RoutingVersion[];
  /** Targets known as clients (their tables are caches, not part of the consensus); history keeps no roles. */
  clients: ReadonlySet<string>;
  params: RoutingViewParams;
};

export function routingAsOf(input: PastRoutingInput): RoutingView | null {
  const tables = replayTables(input.versions);
  const byId = new Map(input.nodes.map((node) => [node.id, node]));
  const all = new Map<string, NodeReport>();
  const partitionsCache = new Map<readonly (string | null)[], RoutingDoc['partitions']>();
  for (const [id, table] of tables) {
    const summary = byId.get(id);
    if (summary) all.set(id, reportOf(table, summary, input.clients.has(id), partitionsOf(table.owners, partitionsCache)));
  }
  // As live: only tables of nodes that answered then count; the others are shown as last known (stale).
  const current = new Map([...all].filter(([id]) => byId.get(id)?.status === 'ok'));
  const targetIds = input.nodes.map((node) => node.id);
  const nodes = new NodeIndex(targetIds);
  const views = nodeViewsOf(current.values());
  const partitionCount = partitionCountOf(views.map((report) => report.routing!));
  const ownerArrays: OwnerArrayCache = new Map();
  const ownerTables = views.map((report) => ownerTableOf(report, report.routing!, nodes, partitionCount, ownerArrays));
  // String versions are ordered by when they were first seen: in the replay, that is their first stored row.
  const versionFirstSeen = new Map<string, number>();
  for (const version of input.versions) {
    const key = versionKey(version.version === null ? undefined : version.version);
    if (!versionFirstSeen.has(key)) versionFirstSeen.set(key, version.at);
  }
  const state: RoutingState = {
    versionFirstSeen,
    skewSince: null,
    onset: new Map(),
    series: [],
    lastCycleAt: input.at,
    lastCompared: { nodes, tables: ownerTables, partitionCount, comparison: compareTables(ownerTables, versionFirstSeen, partitionCount) },
  };
  const view = buildRoutingView(state, { nodes: input.nodes, latest: current, lastOk: all, graceMs: input.graceMs }, input.params, input.at);
  if (!view) return null;
  // What only full answers carry is not known then: not "false", not zero.
  return { ...view, nodes: view.nodes.map((row) => ({ ...row, initialized: row.table === 'none' ? row.initialized : null, coordinator: null, ownedReported: null })) };
}
