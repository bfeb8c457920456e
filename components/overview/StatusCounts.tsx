import { StatusBadge } from '@/components/ui/StatusBadge';
import { badgeLook } from '@/components/ui/badge-status';
import type { StatusCounts as Counts } from '@/lib/contract/api';
import { NODE_STATUSES, type NodeStatus } from '@/lib/contract/report';

/** How many nodes are in each status (every status, even at zero); pressing one shows only those nodes. */
export function StatusCounts({
  counts,
  selected,
  onSelect,
}: {
  counts: Counts;
  selected: NodeStatus | null;
  onSelect: (status: NodeStatus | null) => void;
}) {
  return (
    <ul className="status-counts" aria-label="Nodes per status">
      {NODE_STATUSES.map((status) => {
        const text = badgeLook(status).text;
        const pressed = selected === status;
        return (
          <li key={status}>
            <button
              type="button"
              className={counts[status] === 0 ? 'status-count status-count--zero' : 'status-count'}
              aria-pressed={pressed}
              aria-label={`${counts[status]} ${text}`}
              title={pressed ? 'Show every node' : `Show only ${text} nodes`}
              onClick={() => onSelect(pressed ? null : status)}
            >
              <span className="status-count__value">{counts[status].toLocaleString('en-US')}</span>
              <StatusBadge status={status} label="nodes" />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
