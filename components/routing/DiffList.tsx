import { Table } from '@/components/ui/Table';
import type { RoutingView } from '@/lib/diagnostics/routing-view';

/** Only the partitions where node views differ, and which nodes say which owner. */
export function DiffList({ diff }: { diff: RoutingView['diff'] }) {
  if (diff.total === 0) return <p className="muted">Every answering node names the same owner for every partition.</p>;
  return (
    <>
      <p className="muted">
        {diff.total} partition{diff.total === 1 ? '' : 's'} differ{diff.total === 1 ? 's' : ''}
        {diff.shown < diff.total ? `; the first ${diff.shown} are listed` : ''}.
      </p>
      <Table caption="Partitions where node views differ" dense>
        <thead>
          <tr>
            <th scope="col" className="num">
              Partition
            </th>
            <th scope="col">Consensus owner</th>
            <th scope="col">Who says what</th>
          </tr>
        </thead>
        <tbody>
          {diff.partitions.map((entry) => (
            <tr key={entry.partition}>
              <td className="num">{entry.partition}</td>
              <td>{entry.consensus ?? 'no owner'}</td>
              <td>
                {entry.says.map((say, index) => (
                  <span key={say.owner ?? '∅'}>
                    {index > 0 ? '; ' : ''}
                    <strong>{say.owner ?? 'no owner'}</strong> according to {say.members.join(', ')}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
