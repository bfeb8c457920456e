import { Table } from '@/components/ui/Table';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { formatDuration } from '@/lib/client/format';
import { type LocalTimeFormat, useLocalTime } from '@/lib/client/use-local-time';
import type { FailoverIncidentView, IncidentMember } from '@/lib/diagnostics/failover-view';
import { membersLeftOut } from './member-counts';

function adoptionText(incident: FailoverIncidentView, member: IncidentMember, time: LocalTimeFormat): string {
  switch (member.state) {
    case 'adopted':
      return member.adoptedAt !== null && incident.promotionAt !== null
        ? `adopted at ${time.clock(member.adoptedAt)} (+${formatDuration(Math.max(0, member.adoptedAt - incident.promotionAt))} after promotion)`
        : 'adopted';
    case 'stale':
      return `still on ballot ${incident.oldBallot ?? 'old'} — stale for ${formatDuration(member.staleForMs ?? 0)}, open-ended`;
    case 'waiting':
      return incident.promotionAt === null ? 'waiting for a new primary' : `waiting ${formatDuration(member.staleForMs ?? 0)} (within the grace period)`;
    case 'down':
      return 'not answering: adoption unknown';
    case 'lost_primary':
      return incident.resolution === 'primary_returned' ? 'came back as primary' : 'lost primary';
    default: {
      const unreachable: never = member.state;
      return String(unreachable);
    }
  }
}

/** The timeline as text: each node and client named, whether and when it adopted the new configuration; the rest counted. */
export function IncidentMembersTable({ incident }: { incident: FailoverIncidentView }) {
  const time = useLocalTime();
  const leftOut = incident.memberCount - incident.members.length;
  return (
    <>
      <Table caption={`Adoption of the new configuration after ${incident.oldPrimary} was lost`} dense columns={['Member', 'Role', 'Status', 'New configuration']}>
        <tbody>
          {incident.members.map((member) => (
            <tr key={member.id} className={member.state === 'stale' ? 'row--bad' : undefined} aria-label={`adoption of ${member.id}`} data-state={member.state}>
              <td>{member.id}</td>
              <td>{member.role ?? <span className="muted">unknown</span>}</td>
              <td>
                <StatusBadge status={member.lastStatus} />
              </td>
              <td>{adoptionText(incident, member, time)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      {leftOut > 0 ? (
        <p className="muted">
          {incident.members.length} of {incident.memberCount.toLocaleString('en-US')} members named, those that need a look first; the other {leftOut.toLocaleString('en-US')}:{' '}
          {membersLeftOut(incident, incident.members)}.
        </p>
      ) : null}
    </>
  );
}
