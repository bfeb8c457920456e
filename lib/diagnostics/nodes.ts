import type { Condition, FindingKind } from '@/lib/contract/findings';
import type { NodeReport, PollStatus } from '@/lib/contract/report';
import type { Analyzer } from './types';
import { notAsked } from './node-status';

const KIND_BY_STATUS: Record<Exclude<PollStatus, 'ok'>, FindingKind> = {
  unreachable: 'node.unreachable',
  timeout: 'node.timeout',
  bad_response: 'node.bad_response',
};

const WHAT_TO_DO: Record<Exclude<PollStatus, 'ok'>, string> = {
  unreachable: 'Check that the process is running and listening, and that this server can reach it.',
  timeout: 'The node accepted the connection but did not answer in time: it may be overloaded, paused or stuck.',
  bad_response: 'The node answered, but not with a valid admin API v1 report: check its version and endpoint.',
};

/** The node.* conditions: one per node whose latest poll failed. */
export function nodeConditions(reports: ReadonlyMap<string, NodeReport>): Condition[] {
  const conditions: Condition[] = [];
  for (const report of reports.values()) {
    if (report.status === 'ok') continue;
    const reason = report.reason;
    // The dashboard's own trouble: the node was not asked, so nothing is said against it (the message says what to do).
    const ours = notAsked(report);
    conditions.push({
      kind: KIND_BY_STATUS[report.status],
      severity: ours ? 'warning' : 'critical',
      subject: { type: 'node', id: report.targetId },
      summary: ours ? `${report.targetId}: ${reason?.message}` : `${report.targetId} (${report.address}): ${reason?.message ?? report.status}. ${WHAT_TO_DO[report.status]}`,
      evidence: {
        address: report.address,
        reason: reason?.code ?? null,
        message: reason?.message ?? null,
        ...(reason?.path ? { path: reason.path } : {}),
        polledAt: new Date(report.fetchedAt).toISOString(),
      },
    });
  }
  return conditions;
}

export const nodesAnalyzer: Analyzer<null> = {
  name: 'nodes',
  initial: () => null,
  step: (state, input) => ({ state, conditions: nodeConditions(input.reports) }),
};
