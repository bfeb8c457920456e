import type { RoutingDoc } from '@/lib/contract/admin-v1';
import type { NodeSummary } from '@/lib/contract/api';
import type { NodeReport, NodeStatus } from '@/lib/contract/report';
import type { ComparedCycle, RoutingSample, RoutingState } from './routing';
import {
  NodeIndex,
  UNOWNED,
  compareTables,
  computedOwnedCount,
  countSet,
  listSet,
  ownerTableOf,
  versionKey,
  whoSaysWhat,
  type OwnerArrayCache,
  type OwnerClaim,
} from './routing-table';

/** What GET /api/routing answers: the grid of one view, the diff, the per-node summary and the series. */

/** Differing partitions listed in the diff; `total` always gives the full count. */
export const DIFF_CAP = 500;

export type RoutingViewParams = { view: 'consensus' } | { view: 'node'; node: string };

export type RoutingSources = {
  /** Every configured target, in config order, with its display status. */
  nodes: readonly NodeSummary[];
  latest: ReadonlyMap<string, NodeReport>;
  lastOk: ReadonlyMap<string, NodeReport>;
  graceMs: number;
};

export type RoutingNodeRow = {
  id: string;
  role: string | null;
  isClient: boolean;
  status: NodeStatus;
  /** fresh: this poll's table; stale: the last table from before the node stopped answering; none: never had one. */
  table: 'fresh' | 'stale' | 'none';
  tableFetchedAt: number | null;
  version: string | null;
  atNewestVersion: boolean;
  initialized: boolean | null;
  coordinator: string | null;
  partitionCount: number | null;
  ownedReported: number | null;
  ownedComputed: number | null;
  /** Partitions where this node's table names another owner than the consensus. */
  differsFromConsensus: number | null;
};

export type RoutingGrid = {
  /** Whose table: "consensus" or a target id. */
  source: string;
  stale: boolean;
  fetchedAt: number | null;
  version: string | null;
  partitionCount: number;
  /** Owner names; runs refer to them by index. */
  owners: string[];
  /** Run-length encoded owner per partition: [ownerIndex, length, ownerIndex, length, …]; -1 = no owner. */
  runs: number[];
};

export type RoutingDiffEntry = {
  partition: number;
  consensus: string | null;
  says: OwnerClaim[];
};

export type RoutingView = {
  generatedAt: number;
  view: RoutingViewParams['view'];
  node: string | null;
  partitionCount: number;
  newestVersion: string | null;
  versions: { version: string; nodes: string[] }[];
  versionSkewSince: number | null;
  graceMs: number;
  /** Null when the chosen node has never reported a routing table. */
  grid: RoutingGrid | null;
  diff: { total: number; shown: number; partitions: RoutingDiffEntry[] };
  series: RoutingSample[];
  nodes: RoutingNodeRow[];
};

export function encodeRuns(owners: Int32Array): number[] {
  const runs: number[] = [];
  let p = 0;
  while (p < owners.length) {
    const owner = owners[p];
    let end = p + 1;
    while (end < owners.length && owners[end] === owner) end++;
    runs.push(owner, end - p);
    p = end;
  }
  return runs;
}

export function decodeRuns(runs: readonly number[], partitionCount: number): Int32Array {
  const owners = new Int32Array(partitionCount).fill(UNOWNED);
  let p = 0;
  for (let i = 0; i + 1 < runs.length && p < partitionCount; i += 2) {
    const end = Math.min(partitionCount, p + runs[i + 1]);
    owners.fill(runs[i], p, end);
    p = end;
  }
  return owners;
}

function versionText(version: RoutingDoc['version']): string | null {
  return version === undefined ? null : String(version);
}

/** The table a node is shown with: this poll's when it answered, else its last good one, marked stale. */
function shownReport(id: string, sources: RoutingSources): { report: NodeReport; stale: boolean } | null {
  const latest = sources.latest.get(id);
  if (latest?.status === 'ok' && latest.routing) return { report: latest, stale: false };
  const lastOk = sources.lastOk.get(id);
  if (lastOk?.routing) return { report: lastOk, stale: true };
  return null;
}

/** Returns null when `params.node` is not a configured target. */
/** Before the first cycle: nothing compared, nothing concluded. */
function emptyComparison(targetIds: readonly string[]): ComparedCycle {
  return { nodes: new NodeIndex(targetIds), tables: [], partitionCount: 0, comparison: compareTables([], new Map(), 0) };
}

export function buildRoutingView(state: RoutingState, sources: RoutingSources, params: RoutingViewParams, now: number): RoutingView | null {
  const targetIds = sources.nodes.map((node) => node.id);
  if (params.view === 'node' && !targetIds.includes(params.node)) return null;

  // The verdicts are the last cycle's: the grid, the diff and the findings never disagree mid-cycle.
  const compared = state.lastCompared ?? emptyComparison(targetIds);
  const { tables, partitionCount: viewsPartitionCount, comparison } = compared;
  // A copy of the cycle's index: tables built here for display may add owner names of their own.
  const nodes = new NodeIndex(compared.nodes.ids);
  const shown = new Map(targetIds.map((id) => [id, shownReport(id, sources)] as const));
  let partitionCount = viewsPartitionCount;
  for (const entry of shown.values()) if (entry) partitionCount = Math.max(partitionCount, entry.report.routing!.partitionCount);
  const consensus = new Int32Array(partitionCount).fill(UNOWNED);
  consensus.set(comparison.consensus);
  // Nodes that report the same (shared) partition list get one owner array, and its difference from the consensus is counted once.
  const ownerArrays: OwnerArrayCache = new Map();
  const differsOf = new Map<Int32Array, number>();

  const rows: RoutingNodeRow[] = sources.nodes.map((node) => {
    const entry = shown.get(node.id) ?? null;
    const routing = entry?.report.routing ?? null;
    if (!entry || !routing) {
      return {
        id: node.id,
        role: node.role,
        isClient: node.role === 'client',
        status: node.status,
        table: 'none',
        tableFetchedAt: null,
        version: null,
        atNewestVersion: false,
        initialized: null,
        coordinator: null,
        partitionCount: null,
        ownedReported: null,
        ownedComputed: null,
        differsFromConsensus: null,
      };
    }
    const table = ownerTableOf(entry.report, routing, nodes, partitionCount, ownerArrays);
    let differs = differsOf.get(table.owners);
    if (differs === undefined) {
      differs = 0;
      for (let p = 0; p < viewsPartitionCount; p++) if (table.owners[p] !== consensus[p]) differs++;
      differsOf.set(table.owners, differs);
    }
    return {
      id: node.id,
      role: entry.report.node?.role ?? node.role,
      isClient: table.isClient,
      status: node.status,
      table: entry.stale ? 'stale' : 'fresh',
      tableFetchedAt: entry.report.fetchedAt,
      version: versionText(routing.version),
      atNewestVersion: !entry.stale && versionKey(routing.version) === comparison.newestVersion,
      initialized: routing.initialized,
      coordinator: routing.coordinator ?? null,
      partitionCount: routing.partitionCount,
      ownedReported: table.isClient ? null : (routing.ownedCount ?? null),
      ownedComputed: table.isClient ? null : computedOwnedCount(table),
      differsFromConsensus: tables.length > 0 ? differs : null,
    };
  });

  let grid: RoutingGrid | null;
  if (params.view === 'consensus') {
    const newest = tables.find((table) => table.versionKey === comparison.newestVersion);
    grid = {
      source: 'consensus',
      stale: false,
      fetchedAt: tables.length ? Math.max(...tables.map((table) => table.fetchedAt)) : null,
      version: newest ? versionText(newest.version) : null,
      partitionCount,
      owners: [],
      runs: encodeRuns(consensus),
    };
  } else {
    const entry = shown.get(params.node) ?? null;
    if (entry?.report.routing) {
      const table = ownerTableOf(entry.report, entry.report.routing, nodes, partitionCount, ownerArrays);
      grid = {
        source: params.node,
        stale: entry.stale,
        fetchedAt: entry.report.fetchedAt,
        version: versionText(entry.report.routing.version),
        partitionCount,
        owners: [],
        runs: encodeRuns(table.owners),
      };
    } else {
      grid = null;
    }
  }
  // Owner names last: building the tables above may have interned owners no target is called.
  if (grid) grid.owners = [...nodes.ids];

  const differing = listSet(comparison.differsFromConsensus, DIFF_CAP);
  const diff = {
    total: countSet(comparison.differsFromConsensus),
    shown: differing.length,
    partitions: differing.map((partition) => ({
      partition,
      consensus: nodes.name(consensus[partition]),
      says: whoSaysWhat(tables, partition, nodes),
    })),
  };

  const byVersion = new Map<string, string[]>();
  for (const table of tables) {
    const label = versionText(table.version) ?? 'none';
    const members = byVersion.get(label);
    // Appended in place: copying the list per member was quadratic in the nodes (seconds at 5,000).
    if (members) members.push(table.member);
    else byVersion.set(label, [table.member]);
  }
  const newestLabel = tables.find((table) => table.versionKey === comparison.newestVersion);

  return {
    generatedAt: now,
    view: params.view,
    node: params.view === 'node' ? params.node : null,
    partitionCount,
    newestVersion: newestLabel ? (versionText(newestLabel.version) ?? 'none') : null,
    versions: comparison.versions.map((key) => {
      const table = tables.find((candidate) => candidate.versionKey === key)!;
      const label = versionText(table.version) ?? 'none';
      return { version: label, nodes: byVersion.get(label) ?? [] };
    }),
    versionSkewSince: state.skewSince,
    graceMs: sources.graceMs,
    grid,
    diff,
    series: state.series,
    nodes: rows,
  };
}
