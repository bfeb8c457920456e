import type { NodeSummary, StatusCounts } from '@/lib/contract/api';
import { NODE_STATUSES, type NodeReport, type NodeStatus, type PollReason } from '@/lib/contract/report';
import type { TargetMeta } from '@/lib/store/report-store';
import type { CycleInput } from './types';

/** A report older than this many intervals (past its next due poll) is stale: we no longer know. */
export const STALE_AFTER_INTERVALS = 3;

export type NodeStatusInput = {
  meta: TargetMeta;
  latest: NodeReport | undefined;
  lastOk: NodeReport | undefined;
  /** When the collector plans to poll it next (backoff pushes this out). */
  nextDueAt: number | null;
  now: number;
  pollIntervalMs: number;
};

/**
 * Whether a failed poll never reached the node: the dashboard could not open
 * the socket (out of file descriptors). Such a poll says nothing of the node,
 * so nothing may conclude from it that the node is down.
 */
export function notAsked(report: { reason?: Pick<PollReason, 'code'> | null }): boolean {
  return report.reason?.code === 'dashboard_fd_limit';
}

/**
 * The one rule for a node's status, used by every analyzer, view builder and
 * route: never polled → unknown; last poll older than three intervals past its
 * scheduled poll → stale (so a node backing off keeps showing its real
 * failure); a poll the dashboard could not even send (out of file
 * descriptors) → unknown, since the node was not asked; otherwise the last
 * poll's outcome.
 */
export function nodeStatus({
  latest,
  nextDueAt,
  now,
  pollIntervalMs,
}: Pick<NodeStatusInput, 'nextDueAt' | 'now' | 'pollIntervalMs'> & {
  latest: (Pick<NodeReport, 'status' | 'fetchedAt'> & { reason?: Pick<PollReason, 'code'> | null }) | undefined;
}): NodeStatus {
  if (latest === undefined || notAsked(latest)) return 'unknown';
  const staleAfter = Math.max(STALE_AFTER_INTERVALS * pollIntervalMs, (nextDueAt ?? 0) - latest.fetchedAt + STALE_AFTER_INTERVALS * pollIntervalMs);
  return now - latest.fetchedAt > staleAfter ? 'stale' : latest.status;
}

/**
 * A node's status inside an analyzer: what the runtime decided this cycle
 * (with the collector's schedule), or the same rule without a schedule.
 */
export function statusInCycle(input: CycleInput, id: string): NodeStatus {
  return input.nodeStatus?.get(id) ?? nodeStatus({ latest: input.reports.get(id), nextDueAt: null, now: input.now, pollIntervalMs: input.pollIntervalMs });
}

/** What the dashboard says about one node (its status by the one rule, and what else is known of it). */
export function summarizeNode({ meta, latest, lastOk, nextDueAt, now, pollIntervalMs }: NodeStatusInput): NodeSummary {
  const status = nodeStatus({ latest, nextDueAt, now, pollIntervalMs });
  const stale = status === 'stale';
  return {
    id: meta.id,
    kind: meta.kind,
    role: lastOk?.node?.role ?? null,
    address: meta.address,
    status,
    lastPollStatus: latest?.status ?? null,
    reason: latest?.reason ?? null,
    lastSeen: lastOk?.fetchedAt ?? null,
    lastPolledAt: latest?.fetchedAt ?? null,
    latencyMs: latest?.latencyMs ?? null,
    version: lastOk?.node?.version ?? null,
    stale,
  };
}

export function countStatuses(nodes: readonly NodeSummary[]): StatusCounts {
  const counts = Object.fromEntries(NODE_STATUSES.map((status) => [status, 0])) as StatusCounts;
  for (const node of nodes) counts[node.status] += 1;
  return counts;
}
