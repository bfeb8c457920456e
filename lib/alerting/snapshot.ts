import type { NodeSummary } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import type { PollStatus } from '@/lib/contract/report';

/**
 * What alerting needs from one cluster after a collector cycle. Kept small
 * and independent of the runtime, so one notifier can be fed by any number
 * of clusters.
 */
export type ClusterSnapshot = {
  cluster: string;
  /** When the snapshot was taken (ms since epoch). */
  at: number;
  pollIntervalMs: number;
  nodes: readonly NodeSummary[];
  active: readonly Finding[];
  resolved: readonly Finding[];
  lastCycle: CycleFacts | null;
  /** False on a standby replica (high availability): it pushes to Alertmanager, which deduplicates, but sends no webhooks. */
  collecting?: boolean;
};

export type CycleFacts = {
  startedAt: number;
  durationMs: number;
  /** How the polls of this cycle ended, by outcome. */
  polls: Partial<Record<PollStatus, number>>;
};

/** Poll outcomes of the nodes polled in the cycle that started at `startedAt`. */
export function pollOutcomes(nodes: readonly NodeSummary[], startedAt: number): Partial<Record<PollStatus, number>> {
  const outcomes: Partial<Record<PollStatus, number>> = {};
  for (const node of nodes) {
    if (node.lastPollStatus === null || node.lastPolledAt === null || node.lastPolledAt < startedAt) continue;
    outcomes[node.lastPollStatus] = (outcomes[node.lastPollStatus] ?? 0) + 1;
  }
  return outcomes;
}
