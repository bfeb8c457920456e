import { StatusBadge } from '@/components/ui/StatusBadge';
import { Table } from '@/components/ui/Table';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { useLocalTime } from '@/lib/client/use-local-time';
import type { StatusChange } from '@/lib/contract/api';

/** The node's status changes, newest first. */
export function StatusChangeTable({ events }: { events: readonly StatusChange[] }) {
  const time = useLocalTime();
  const newestFirst = [...events].sort((a, b) => b.at - a.at);
  return (
    <Table caption="Status changes" dense columns={['When', 'From', 'To', 'Reason']}>
      <tbody>
        {newestFirst.map((event) => (
          <tr key={`${event.at}-${event.to}`}>
            <td>
              <span className="mono">{time.clock(event.at)}</span> <span className="muted">(<TimeAgo at={event.at} />)</span>
            </td>
            <td>
              <StatusBadge status={event.from} label="from" />
            </td>
            <td>
              <StatusBadge status={event.to} label="to" />
            </td>
            <td>{event.reason ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
