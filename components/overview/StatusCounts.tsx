import { StatusBadge } from '@/components/ui/StatusBadge';
import type { StatusCounts as Counts } from '@/lib/contract/api';
import { NODE_STATUSES } from '@/lib/contract/report';

/** How many nodes are in each status, every status listed even at zero. */
export function StatusCounts({ counts }: { counts: Counts }) {
  return (
    <ul className="status-counts" aria-label="Nodes per status">
      {NODE_STATUSES.map((status) => (
        <li key={status} className={counts[status] === 0 ? 'status-count status-count--zero' : 'status-count'} aria-label={`${counts[status]} ${status.replace('_', ' ')}`}>
          <span className="status-count__value">{counts[status]}</span>
          <StatusBadge status={status} label="nodes" />
        </li>
      ))}
    </ul>
  );
}
