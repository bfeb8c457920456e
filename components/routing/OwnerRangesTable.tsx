import { Table } from '@/components/ui/Table';
import { ownerCounts, rangesByOwner } from './grid-layout';

/** The grid as text: each owner with its partition count and ranges. */
export function OwnerRangesTable({ runs, owners, viewName }: { runs: readonly number[]; owners: readonly string[]; viewName: string }) {
  const counts = [...ownerCounts(runs).entries()].sort((a, b) => b[1] - a[1]);
  const ranges = rangesByOwner(runs);
  return (
    <details className="collapsible">
      <summary>Owners as a table</summary>
      <div className="collapsible__body">
        <Table caption={`Partition owners in ${viewName}`} dense>
          <thead>
            <tr>
              <th scope="col">Owner</th>
              <th scope="col" className="num">
                Partitions
              </th>
              <th scope="col">Ranges</th>
            </tr>
          </thead>
          <tbody>
            {counts.map(([owner, count]) => (
              <tr key={owner} className={owner < 0 ? 'row--bad' : undefined}>
                <td>{owner < 0 ? 'no owner' : (owners[owner] ?? '?')}</td>
                <td className="num">{count}</td>
                <td className="mono">{ranges.get(owner)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </details>
  );
}
