import { EmptyState } from '@/components/ui/EmptyState';
import { FindingList } from '@/components/ui/FindingList';
import { formatClock } from '@/lib/client/format';
import type { ClusterFinding } from '@/lib/contract/api';

/**
 * Active findings, or why there are none. "No active findings" is only said once a
 * poll cycle has completed — before that we do not know, and say so.
 */
export function ActiveFindings({ findings, firstCycleAt, asOf }: { findings: readonly ClusterFinding[]; firstCycleAt: number | null; asOf: number }) {
  if (firstCycleAt === null) {
    return (
      <EmptyState title="Waiting for the first poll…">
        No node has been asked yet, so nothing is known about the cluster.
      </EmptyState>
    );
  }
  if (findings.length === 0) {
    return (
      <EmptyState title="No active findings">
        As of {formatClock(asOf)}, no diagnostic reports a problem.
      </EmptyState>
    );
  }
  return <FindingList findings={findings} label="Active findings" />;
}
