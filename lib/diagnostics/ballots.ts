import type { RoutingDoc } from '@/lib/contract/admin-v1';
import type { Condition } from '@/lib/contract/findings';
import type { Analyzer } from './types';
import { formatPartitionRanges, isClientReport } from './routing-table';

/**
 * Ballot bookkeeping per storage view: each configuration change of a
 * partition must be the old ballot + 1 (Pegasus, src/meta/server_state.cpp).
 * A view whose ballot goes down is a regression (critical: a meta server
 * serving an older configuration); a jump of more than one between two polls
 * is a gap (changes the dashboard never saw, worth knowing when reading a
 * timeline). Clients are left out: their caches lag by design and are judged
 * as stale configurations instead.
 */

export const BALLOT_EVIDENCE_CAP = 20;

export type BallotJump = { partition: number; from: number; to: number };

/** Compares one view's ballots with the same view's previous ones. */
export function ballotChanges(previous: ReadonlyMap<number, number>, current: ReadonlyMap<number, number>): { regressions: BallotJump[]; gaps: BallotJump[] } {
  const regressions: BallotJump[] = [];
  const gaps: BallotJump[] = [];
  for (const [partition, to] of current) {
    const from = previous.get(partition);
    if (from === undefined) continue;
    if (to < from) regressions.push({ partition, from, to });
    else if (to > from + 1) gaps.push({ partition, from, to });
  }
  return { regressions, gaps };
}

export type BallotState = { byMember: Map<string, ReadonlyMap<number, number>> };

/**
 * Ballots by partition, made once per partition list: the nodes of a cluster
 * share one list while they report the same table (lib/store/shared-partitions.ts),
 * so 5,000 members hold one map instead of a new one each per cycle.
 */
const ballotsByPartitions = new WeakMap<RoutingDoc['partitions'], ReadonlyMap<number, number>>();

function ballotsOf(partitions: RoutingDoc['partitions']): ReadonlyMap<number, number> {
  let ballots = ballotsByPartitions.get(partitions);
  if (!ballots) {
    const made = new Map<number, number>();
    for (const partition of partitions) if (partition.ballot !== undefined) made.set(partition.id, partition.ballot);
    ballots = made;
    ballotsByPartitions.set(partitions, ballots);
  }
  return ballots;
}

function jumpsText(jumps: readonly BallotJump[]): string {
  return jumps
    .slice(0, 5)
    .map((jump) => `${jump.partition}: ${jump.from} → ${jump.to}`)
    .join(', ') + (jumps.length > 5 ? ` +${jumps.length - 5} more` : '');
}

export const ballotAnalyzer: Analyzer<BallotState> = {
  name: 'ballots',
  initial: () => ({ byMember: new Map() }),
  step(state, input) {
    const byMember = new Map(state.byMember);
    const conditions: Condition[] = [];
    for (const report of input.reports.values()) {
      if (report.status !== 'ok' || !report.routing || isClientReport(report)) continue;
      const current = ballotsOf(report.routing.partitions);
      if (current.size === 0) continue;
      const previous = state.byMember.get(report.targetId);
      byMember.set(report.targetId, current);
      if (!previous || previous === current) continue;
      const { regressions, gaps } = ballotChanges(previous, current);
      const member = report.targetId;
      if (regressions.length > 0) {
        const partitions = regressions.map((jump) => jump.partition);
        conditions.push({
          kind: 'failover.ballot_regression',
          severity: 'critical',
          subject: { type: 'node', id: member, node: member },
          summary: `${member} went back to older ballots on ${regressions.length} partition(s) (${jumpsText(regressions)})`,
          evidence: { member, partitionCount: regressions.length, partitions: formatPartitionRanges(partitions.slice(0, BALLOT_EVIDENCE_CAP)), jumps: jumpsText(regressions) },
        });
      }
      if (gaps.length > 0) {
        const partitions = gaps.map((jump) => jump.partition);
        const unseen = gaps.reduce((sum, jump) => sum + (jump.to - jump.from - 1), 0);
        conditions.push({
          kind: 'failover.ballot_gap',
          severity: 'info',
          subject: { type: 'node', id: member, node: member },
          summary: `${member}: ${unseen} configuration change(s) on ${gaps.length} partition(s) happened between two polls (${jumpsText(gaps)})`,
          evidence: { member, partitionCount: gaps.length, unseenChanges: unseen, partitions: formatPartitionRanges(partitions.slice(0, BALLOT_EVIDENCE_CAP)), jumps: jumpsText(gaps) },
          class: 'transient',
        });
      }
    }
    return { state: { byMember }, conditions };
  },
};
