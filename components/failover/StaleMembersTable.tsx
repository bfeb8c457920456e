import { Table } from '@/components/ui/Table';
import { formatDuration } from '@/lib/client/format';
import { type LocalTimeFormat, useLocalTime } from '@/lib/client/use-local-time';
import type { ClientTableLog } from '@/lib/diagnostics/client-refresh-logs';
import type { FailoverView } from '@/lib/diagnostics/failover-view';
import { formatPartitionRanges } from '@/lib/diagnostics/routing-table';

type StaleMember = FailoverView['staleMembers'][number] & { table?: string; refreshLog?: ClientTableLog | null };

/** What a client's own log says about refreshing the table: the trigger line, or that there was none. */
function refreshText(log: ClientTableLog | null, time: LocalTimeFormat): string {
  if (log?.lastTriggerAt) return `refreshed ${time.clock(log.lastTriggerAt)}`;
  const failures = log && log.failuresSinceTrigger > 0 ? `; ${log.failuresSinceTrigger} × ${log.lastFailure ?? 'error'} logged` : '';
  return `no "trigger configuration update" line${failures}`;
}

/** Rows drawn at most: a fleet-wide stale configuration would list every member. */
const ROWS_SHOWN = 100;

/** Past the grace period first, then the longest behind. */
const byUrgency = (a: StaleMember, b: StaleMember) => Number(b.pastGrace) - Number(a.pastGrace) || b.behindForMs - a.behindForMs;

/** Every node or client whose table is on an older ballot than the newest right now, the most urgent first. */
export function StaleMembersTable({ members: all, graceMs }: { members: StaleMember[]; graceMs: number }) {
  const time = useLocalTime();
  const members = [...all].sort(byUrgency).slice(0, ROWS_SHOWN);
  // Sources with many tables (Pegasus) are judged per table: say which one.
  const withTables = members.some((member) => member.table);
  const withLogs = members.some((member) => member.refreshLog !== undefined);
  if (members.length === 0) return <p className="muted">Every answering node and client has the newest ballot of every partition.</p>;
  return (
    <>
      <Table caption="Members on an older ballot" dense>
        <thead>
          <tr>
            <th scope="col">Member</th>
            {withTables ? <th scope="col">Table</th> : null}
            <th scope="col">Role</th>
            <th scope="col">Behind for</th>
            <th scope="col">Ballot (theirs → newest)</th>
            <th scope="col" className="num">
              Partitions
            </th>
            <th scope="col">Still routes to (down)</th>
            {withLogs ? <th scope="col">Client log</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr
              key={`${member.table ?? ''}/${member.member}`}
              className={member.pastGrace ? 'row--bad' : undefined}
              aria-label={member.table ? `stale config of ${member.member} in table ${member.table}` : `stale config of ${member.member}`}
            >
              <td>{member.member}</td>
              {withTables ? <td className="mono">{member.table || <span className="muted">—</span>}</td> : null}
              <td>{member.role ?? <span className="muted">unknown</span>}</td>
              <td>
                {formatDuration(member.behindForMs)}
                {member.pastGrace ? '' : <span className="muted"> (within the {formatDuration(graceMs)} grace)</span>}
              </td>
              <td>
                {member.oldBallot} → {member.newBallot}
              </td>
              <td className="num">
                {member.partitionCount} <span className="mono muted">({formatPartitionRanges(member.partitions)}{member.partitionCount > member.partitions.length ? ', …' : ''})</span>
              </td>
              <td>{member.routesToDown.length ? member.routesToDown.join(', ') : <span className="muted">—</span>}</td>
              {withLogs ? <td>{member.refreshLog === undefined ? <span className="muted">—</span> : refreshText(member.refreshLog, time)}</td> : null}
            </tr>
          ))}
        </tbody>
      </Table>
      {all.length > members.length ? (
        <p className="muted">
          Showing the {members.length} most urgent of {all.length.toLocaleString('en-US')} members on an older ballot (past the grace period first, then the longest behind).
        </p>
      ) : null}
    </>
  );
}
