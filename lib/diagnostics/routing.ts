import type { Condition, FindingClass } from '@/lib/contract/findings';
import type { NodeReport } from '@/lib/contract/report';
import type { Analyzer, CycleInput } from './types';
import {
  NodeIndex,
  compareTables,
  computedOwnedCount,
  ownedPartitionsDiff,
  countSet,
  formatPartitionRanges,
  listSet,
  ownerTableOf,
  partitionCountOf,
  membersText,
  whoSaysWhat,
  type OwnerArrayCache,
  type OwnerClaim,
  type OwnerTable,
} from './routing-table';

/**
 * Routing diagnostics: every node believes its own table, so compare the
 * tables. Raises routing.divergence, routing.unowned, routing.multi_owner and
 * routing.owned_count_mismatch. Only this cycle's ok reports count as views;
 * a client's cache is judged by the failover analyzer, not here.
 */

/** Partitions listed in a finding's evidence; the count is always given in full. */
export const EVIDENCE_PARTITION_CAP = 20;
/** Samples of the divergent-partition series kept (a bounded ring). */
export const SERIES_LIMIT = 720;

export type RoutingSample = {
  at: number;
  /** Partitions where any two node views name different current owners. */
  divergent: number;
  unowned: number;
  multiOwner: number;
  /** Distinct table versions among the node views. */
  versions: number;
  views: number;
};

export type RoutingState = {
  /** When the dashboard first saw each version still present (orders string versions). */
  versionFirstSeen: Map<string, number>;
  /** Since when node views have been on more than one version; null when they agree. */
  skewSince: number | null;
  /** When each active condition's underlying problem began (keyed by condition key). */
  onset: Map<string, number>;
  series: RoutingSample[];
  lastCycleAt: number | null;
  /** What the last cycle compared and concluded: the view shows this, never a comparison of its own. */
  lastCompared: ComparedCycle | null;
};

export type ComparedCycle = ViewTables & { comparison: ReturnType<typeof compareTables> };

export const ROUTING_SUBJECT = { type: 'cluster', id: 'routing' } as const;

/** The node views that count this cycle: ok reports with a table, clients left out. */
export function nodeViewsOf(reports: Iterable<NodeReport>): NodeReport[] {
  const views: NodeReport[] = [];
  for (const report of reports) {
    if (report.status === 'ok' && report.routing && report.node?.role !== 'client') views.push(report);
  }
  return views;
}

export type ViewTables = {
  nodes: NodeIndex;
  tables: OwnerTable[];
  partitionCount: number;
};

/** Owner arrays for the given views, node indexes in `nodeOrder` first (stable colours). */
export function tablesOf(views: readonly NodeReport[], nodeOrder: readonly string[]): ViewTables {
  const nodes = new NodeIndex(nodeOrder);
  const docs = views.flatMap((report) => (report.routing ? [report.routing] : []));
  const partitionCount = partitionCountOf(docs);
  const cache: OwnerArrayCache = new Map();
  const tables = views.flatMap((report) => (report.routing ? [ownerTableOf(report, report.routing, nodes, partitionCount, cache)] : []));
  return { nodes, tables, partitionCount };
}

/** Adds this cycle's versions to the first-seen map (dropping versions nobody reports any more). */
export function updateVersionFirstSeen(tables: readonly OwnerTable[], previous: ReadonlyMap<string, number>, now: number) {
  const firstSeen = new Map<string, number>();
  for (const table of tables) firstSeen.set(table.versionKey, previous.get(table.versionKey) ?? now);
  return firstSeen;
}

function classFor(since: number, now: number, grace: number): FindingClass {
  return now - since > grace ? 'persistent' : 'transient';
}

function versionLabel(table: OwnerTable): string {
  return table.version === undefined ? 'none' : String(table.version);
}

/** "98: node-3 (node-1, node-4) vs node-2 (node-2)" — who names which owner, as the operator reads it. */
export function whoSaysWhatText(partition: number, says: OwnerClaim[]): string {
  return `${partition}: ${says.map((entry) => `${entry.owner ?? 'no owner'} (${membersText(entry)})`).join(' vs ')}`;
}

function partitionEvidence(flags: Uint8Array, compared: ViewTables, tables: readonly OwnerTable[]) {
  const partitions = listSet(flags, EVIDENCE_PARTITION_CAP);
  return {
    partitionCount: countSet(flags),
    partitions,
    whoSaysWhat: partitions.map((partition) => whoSaysWhatText(partition, whoSaysWhat(tables, partition, compared.nodes))),
  };
}

export const routingAnalyzer: Analyzer<RoutingState> = {
  name: 'routing',
  initial: () => ({ versionFirstSeen: new Map(), skewSince: null, onset: new Map(), series: [], lastCycleAt: null, lastCompared: null }),
  step(state, input) {
    return stepRouting(state, input);
  },
};

export function stepRouting(state: RoutingState, input: CycleInput): { state: RoutingState; conditions: Condition[] } {
  const { now, config } = input;
  const grace = config.routingGrace;
  const views = nodeViewsOf(input.reports.values());

  const compared = tablesOf(views, input.targetIds);
  const { tables } = compared;
  const versionFirstSeen = updateVersionFirstSeen(tables, state.versionFirstSeen, now);
  const comparison = compareTables(tables, versionFirstSeen, compared.partitionCount);

  const skewed = comparison.versions.length > 1;
  const skewSince = skewed ? (state.skewSince ?? now) : null;
  const skewPastGrace = skewSince !== null && now - skewSince > grace;

  const onset = new Map<string, number>();
  const conditions: Condition[] = [];
  const raise = (key: string, condition: Omit<Condition, 'class' | 'since'>, problemSince?: number) => {
    const since = Math.min(state.onset.get(key) ?? now, problemSince ?? now);
    onset.set(key, since);
    conditions.push({ ...condition, since, class: classFor(since, now, grace) });
  };

  const versionsByNode = tables.map((table) => `${table.member}: ${versionLabel(table)}`).join(', ');

  // routing.divergence: same-version disagreement at once; version skew only past the grace period.
  const divergent = new Uint8Array(comparison.partitionCount);
  for (let p = 0; p < divergent.length; p++) {
    divergent[p] = comparison.sameVersionConflict[p] | (skewPastGrace ? comparison.differsFromConsensus[p] : 0);
  }
  const divergentCount = countSet(divergent);
  if (divergentCount > 0 || skewPastGrace) {
    const evidence = partitionEvidence(divergent, compared, tables);
    const sameVersion = countSet(comparison.sameVersionConflict);
    const reasons: string[] = [];
    if (sameVersion > 0) reasons.push(`${sameVersion} partition(s) have different owners in nodes at the same version`);
    if (skewPastGrace && skewSince !== null) {
      reasons.push(`nodes have been on ${comparison.versions.length} table versions for ${Math.round((now - skewSince) / 1000)} s`);
    }
    raise(
      'divergence',
      {
        kind: 'routing.divergence',
        severity: 'warning',
        subject: ROUTING_SUBJECT,
        summary: `Routing views diverge: ${reasons.join('; ')}`,
        evidence: {
          ...evidence,
          sameVersionConflicts: sameVersion,
          versionsByNode,
          versionSkewSince: skewSince === null ? null : new Date(skewSince).toISOString(),
          graceMs: grace,
        },
      },
      skewPastGrace && skewSince !== null ? skewSince : undefined,
    );
  }

  const atNewest = tables.filter((table) => table.versionKey === comparison.newestVersion);
  const newestLabel = atNewest[0] ? versionLabel(atNewest[0]) : 'none';

  const unownedCount = countSet(comparison.unownedAtNewest);
  if (unownedCount > 0) {
    const evidence = partitionEvidence(comparison.unownedAtNewest, compared, atNewest);
    raise('unowned', {
      kind: 'routing.unowned',
      severity: 'critical',
      subject: ROUTING_SUBJECT,
      summary: `${unownedCount} partition(s) have no owner at version ${newestLabel}: ${formatPartitionRanges(evidence.partitions)}`,
      evidence: { ...evidence, version: newestLabel },
    });
  }

  const multiOwnerCount = countSet(comparison.multiOwnerAtNewest);
  if (multiOwnerCount > 0) {
    const evidence = partitionEvidence(comparison.multiOwnerAtNewest, compared, atNewest);
    raise('multi_owner', {
      kind: 'routing.multi_owner',
      severity: 'critical',
      subject: ROUTING_SUBJECT,
      summary: `${multiOwnerCount} partition(s) have more than one owner at version ${newestLabel}: ${formatPartitionRanges(evidence.partitions)}`,
      evidence: { ...evidence, version: newestLabel },
    });
  }

  for (const table of tables) {
    if (table.ownedCount === null) continue;
    const computed = computedOwnedCount(table);
    const diff = table.ownedPartitions === null ? null : ownedPartitionsDiff(table, table.ownedPartitions);
    const setsDiffer = diff !== null && (diff.claimedNotInTable.length > 0 || diff.inTableNotClaimed.length > 0);
    if (computed === table.ownedCount && !setsDiffer) continue;
    const tableOf = table.tableOf === null || table.tableOf === table.member ? 'its own table' : `the table it relays from ${table.tableOf}`;
    raise(`owned_count:${table.member}`, {
      kind: 'routing.owned_count_mismatch',
      severity: 'warning',
      subject: { type: 'node', id: table.member, node: table.member },
      summary:
        computed === table.ownedCount
          ? `${table.member} reports owning ${table.ownedCount} partitions and ${tableOf} gives it as many, but not the same ones`
          : `${table.member} reports owning ${table.ownedCount} partitions, but ${tableOf} gives it ${computed}`,
      evidence: {
        reported: table.ownedCount,
        computed,
        version: versionLabel(table),
        ...(table.tableOf === null ? {} : { tableOf: table.tableOf }),
        ...(diff === null
          ? {}
          : {
              claimedNotInTable: diff.claimedNotInTable.slice(0, EVIDENCE_PARTITION_CAP),
              claimedNotInTableCount: diff.claimedNotInTable.length,
              inTableNotClaimed: diff.inTableNotClaimed.slice(0, EVIDENCE_PARTITION_CAP),
              inTableNotClaimedCount: diff.inTableNotClaimed.length,
            }),
      },
    });
  }

  const sample: RoutingSample = {
    at: now,
    divergent: countSet(comparison.differsFromConsensus),
    unowned: unownedCount,
    multiOwner: multiOwnerCount,
    versions: comparison.versions.length,
    views: tables.length,
  };
  const series = [...state.series.slice(-(SERIES_LIMIT - 1)), sample];

  return {
    state: { versionFirstSeen, skewSince, onset, series, lastCycleAt: now, lastCompared: { ...compared, comparison } },
    conditions,
  };
}
