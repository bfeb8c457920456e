import { Table } from '@/components/ui/Table';
import { formatDuration } from '@/lib/client/format';
import type { FailoverView } from '@/lib/diagnostics/failover-view';

/** Every node or client whose table is on an older ballot than the newest right now. */
export function StaleMembersTable({ members, graceMs }: { members: FailoverView['staleMembers']; graceMs: number }) {
  if (members.length === 0) return <p className="muted">Every answering node and client has the newest ballot of every partition.</p>;
  return (
    <Table caption="Members on an older ballot" dense>
      <thead>
        <tr>
          <th scope="col">Member</th>
          <th scope="col">Role</th>
          <th scope="col">Behind for</th>
          <th scope="col">Ballot (theirs → newest)</th>
          <th scope="col" className="num">
            Partitions
          </th>
          <th scope="col">Still routes to (down)</th>
        </tr>
      </thead>
      <tbody>
        {members.map((member) => (
          <tr key={member.member} className={member.pastGrace ? 'row--bad' : undefined} aria-label={`stale config of ${member.member}`}>
            <td>{member.member}</td>
            <td>{member.role ?? <span className="muted">unknown</span>}</td>
            <td>
              {formatDuration(member.behindForMs)}
              {member.pastGrace ? '' : <span className="muted"> (within the {formatDuration(graceMs)} grace)</span>}
            </td>
            <td>
              {member.oldBallot} → {member.newBallot}
            </td>
            <td className="num">{member.partitionCount}</td>
            <td>{member.routesToDown.length ? member.routesToDown.join(', ') : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
