import type { NodeSummary, StatusCounts } from '@/lib/contract/api';
import { NODE_STATUSES, type NodeReport, type NodeStatus } from '@/lib/contract/report';
import type { TargetMeta } from '@/lib/store/report-store';

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
 * What the dashboard says about one node. Never polled → unknown. Last poll
 * too old for the schedule → stale. Otherwise the last poll's outcome.
 */
export function summarizeNode({ meta, latest, lastOk, nextDueAt, now, pollIntervalMs }: NodeStatusInput): NodeSummary {
  const staleAfter = Math.max(STALE_AFTER_INTERVALS * pollIntervalMs, (nextDueAt ?? 0) - (latest?.fetchedAt ?? 0) + STALE_AFTER_INTERVALS * pollIntervalMs);
  const stale = latest !== undefined && now - latest.fetchedAt > staleAfter;
  const status: NodeStatus = latest === undefined ? 'unknown' : stale ? 'stale' : latest.status;
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
