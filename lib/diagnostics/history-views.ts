import type { NodeSummary, StatusChange } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import { REASON_CODES, type NodeStatus, type PollReason } from '@/lib/contract/report';
import type { NodeSample, RoutingVersion } from '@/lib/store/persistence/types';
import type { TargetMeta } from '@/lib/store/report-store';
import { nodeStatus } from './node-status';

/**
 * Views of a past moment, built from stored history with the same rules as
 * the live ones. Pure: stored rows and the moment in, view data out.
 */

function reasonOf(sample: NodeSample): PollReason | null {
  if (sample.status === 'ok' || sample.reason === null) return null;
  const code = (REASON_CODES as readonly string[]).includes(sample.reasonCode ?? '') ? (sample.reasonCode as PollReason['code']) : 'network';
  return { code, message: sample.reason };
}

/**
 * Each node as last known at `at`: its newest sample then, judged by the live
 * status rule (a failing node may have been backing off, up to `maxBackoffMs`
 * between polls). No sample at all is `unknown` — a gap is never healthy.
 */
export function nodesAsOf(
  targets: readonly TargetMeta[],
  latest: readonly NodeSample[],
  { at, pollIntervalMs, maxBackoffMs }: { at: number; pollIntervalMs: number; maxBackoffMs: number },
): NodeSummary[] {
  const byNode = new Map(latest.map((sample) => [sample.node, sample]));
  return targets.map((meta) => {
    const sample = byNode.get(meta.id);
    const nextDueAt = sample ? sample.at + (sample.status === 'ok' ? pollIntervalMs : maxBackoffMs) : null;
    const status: NodeStatus = nodeStatus({ latest: sample ? { status: sample.status, fetchedAt: sample.at } : undefined, nextDueAt, now: at, pollIntervalMs });
    return {
      id: meta.id,
      kind: meta.kind,
      // Role and version come from full reports, which history does not keep.
      role: null,
      address: meta.address,
      status,
      lastPollStatus: sample?.status ?? null,
      reason: sample ? reasonOf(sample) : null,
      lastSeen: sample?.status === 'ok' ? sample.at : null,
      lastPolledAt: sample?.at ?? null,
      latencyMs: sample?.latencyMs ?? null,
      version: null,
      stale: status === 'stale',
    };
  });
}

/** A stretch without cycles: Clusterscope was not polling (stopped or restarting). */
export type PollingGap = { from: number; to: number };

/** Cycles may overrun or be late; only a silence longer than this many intervals is a gap. */
const GAP_INTERVALS = 3;

/**
 * The gaps between consecutive stored cycles of a cluster (oldest first).
 * Cycles run every interval whatever the nodes do (backoff only skips nodes),
 * so a missing stretch means the dashboard itself was not running.
 */
export function pollingGaps(cycles: readonly { startedAt: number; durationMs: number }[], pollIntervalMs: number): PollingGap[] {
  const gaps: PollingGap[] = [];
  const sorted = [...cycles].sort((a, b) => a.startedAt - b.startedAt);
  for (let index = 1; index < sorted.length; index++) {
    const endOfPrevious = sorted[index - 1].startedAt + sorted[index - 1].durationMs;
    if (sorted[index].startedAt - endOfPrevious > GAP_INTERVALS * pollIntervalMs) gaps.push({ from: endOfPrevious, to: sorted[index].startedAt });
  }
  return gaps;
}

export type NodeStatusMove = { node: string; from: NodeStatus; to: NodeStatus };
export type PartitionOwnerMove = { partition: number; from: string | null; to: string | null; seenBy: string[]; at: number };

/** What changed between two moments (as TiDB's comparison report does for metrics). */
export type CompareView = {
  from: number;
  to: number;
  newFindings: Finding[];
  resolvedFindings: Finding[];
  nodesChanged: NodeStatusMove[];
  /** Status changes recorded between the moments, for nodes that moved and came back too. */
  statusChanges: StatusChange[];
  partitionsMoved: PartitionOwnerMove[];
};

/**
 * Compares two moments: findings active at `to` but not at `from` (new) and
 * the reverse (resolved); nodes whose status differs; partitions whose owner
 * changed in between, as each node's own table saw it (first owner → last).
 */
export function compareMoments(input: {
  from: number;
  to: number;
  findingsFrom: readonly Finding[];
  findingsTo: readonly Finding[];
  nodesFrom: readonly NodeSummary[];
  nodesTo: readonly NodeSummary[];
  statusChanges: readonly StatusChange[];
  routing: readonly RoutingVersion[];
}): CompareView {
  const activeKey = (finding: Finding) => `${finding.id}\u0000${finding.firstSeen}`;
  const activeFrom = new Map(input.findingsFrom.filter((finding) => finding.status === 'active').map((finding) => [activeKey(finding), finding]));
  const activeTo = new Map(input.findingsTo.filter((finding) => finding.status === 'active').map((finding) => [activeKey(finding), finding]));
  const resolvedTo = new Map(input.findingsTo.map((finding) => [activeKey(finding), finding]));
  const newFindings = [...activeTo].filter(([key]) => !activeFrom.has(key)).map(([, finding]) => finding);
  const resolvedFindings = [...activeFrom]
    .filter(([key]) => !activeTo.has(key))
    .map(([key, finding]) => resolvedTo.get(key) ?? { ...finding, status: 'resolved' as const, resolvedAt: null });
  const before = new Map(input.nodesFrom.map((node) => [node.id, node.status]));
  const nodesChanged = input.nodesTo
    .filter((node) => (before.get(node.id) ?? 'unknown') !== node.status)
    .map((node) => ({ node: node.id, from: before.get(node.id) ?? ('unknown' as const), to: node.status }));

  // Per partition: the owner before the first change and after the last, over every node's view.
  const moves = new Map<number, PartitionOwnerMove>();
  for (const version of [...input.routing].sort((a, b) => a.at - b.at)) {
    for (const change of version.changed) {
      const move = moves.get(change.partition);
      // A base is a node's whole table after a start, not a change: it moves nothing by itself.
      if (version.base) {
        if (move && move.to !== change.to) Object.assign(move, { to: change.to, at: version.at });
        continue;
      }
      if (!move) {
        moves.set(change.partition, { partition: change.partition, from: change.from, to: change.to, seenBy: [version.node], at: version.at });
        continue;
      }
      move.to = change.to;
      move.at = version.at;
      if (!move.seenBy.includes(version.node)) move.seenBy.push(version.node);
    }
  }
  const partitionsMoved = [...moves.values()].filter((move) => move.from !== move.to).sort((a, b) => a.partition - b.partition);
  return { from: input.from, to: input.to, newFindings, resolvedFindings, nodesChanged, statusChanges: [...input.statusChanges], partitionsMoved };
}
