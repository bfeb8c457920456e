import type { ClusterFinding } from '@/lib/contract/api';
import { FindingCard } from './FindingCard';

/** Findings in the order given (sort with lib/client/findings-order first); `label` names the list for screen readers. */
export function FindingList({ findings, label }: { findings: readonly ClusterFinding[]; label: string }) {
  return (
    <ul className="finding-list" aria-label={label}>
      {findings.map((finding) => (
        <li key={finding.id}>
          <FindingCard finding={finding} />
        </li>
      ))}
    </ul>
  );
}
