import { KeyValue } from '@/components/ui/KeyValue';
import { LazyDetails } from '@/components/ui/LazyDetails';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { formatDuration } from '@/lib/client/format';
import { useLocalTime } from '@/lib/client/use-local-time';
import type { FailoverIncidentView } from '@/lib/diagnostics/failover-view';
import { IncidentMembersTable } from './IncidentMembersTable';
import { IncidentTimeline } from './IncidentTimeline';
import styles from './failover.module.css';

const duration = (ms: number | null, pending: string) => (ms === null ? <span className="muted">{pending}</span> : formatDuration(ms));

/**
 * One failover: which partitions, old → new primary, ballots, durations, who is still stale, and the timeline
 * (drawn, or behind a click when many incidents are shown at once).
 */
export function IncidentCard({ incident, now, drawTimeline }: { incident: FailoverIncidentView & { table?: string }; now: number; drawTimeline: boolean }) {
  const time = useLocalTime();
  const newPrimary = incident.newPrimaries.length ? incident.newPrimaries.join(', ') : 'no new primary yet';
  const ballots = `${incident.oldBallot ?? '—'} → ${incident.newBallot ?? '?'}`;
  return (
    <article
      className={styles.incident}
      aria-label={incident.table ? `failover incident ${incident.oldPrimary} in table ${incident.table}` : `failover incident ${incident.oldPrimary}`}
      data-status={incident.status}
    >
      <header className={styles.incidentHeader}>
        <StatusBadge status={incident.status} label="incident" />
        <h3 className={styles.incidentTitle}>
          {incident.oldPrimary} → {newPrimary}
        </h3>
        <span className="muted">
          {incident.table ? (
            <>
              table <strong className="mono">{incident.table}</strong> ·{' '}
            </>
          ) : null}
          {incident.partitionCount} partition{incident.partitionCount === 1 ? '' : 's'}: <span className="mono">{incident.partitionRanges}</span>
        </span>
      </header>
      <KeyValue
        compact
        items={[
          ['Crash', `${time.clock(incident.crashAt)} (${incident.crashStatus})`],
          ['Ballot', ballots],
          ['Time to detect', incident.detection.by === null ? `${formatDuration(incident.durations.toDetectMs)} (dashboard poll only)` : formatDuration(incident.durations.toDetectMs)],
          ['Time to elect', duration(incident.durations.toElectMs, 'no promotion seen')],
          ['Time to full adoption', duration(incident.durations.toFullAdoptionMs, 'not everyone has adopted')],
          ['Total', duration(incident.durations.totalMs, 'in progress')],
          [
            'Still stale',
            incident.stillStale.length ? (
              <strong className={styles.stale}>
                {incident.stillStale.join(', ')}
                {incident.memberStates.stale > incident.stillStale.length ? ` and ${(incident.memberStates.stale - incident.stillStale.length).toLocaleString('en-US')} more` : ''}
              </strong>
            ) : (
              <span className="muted">none</span>
            ),
          ],
        ]}
      />
      {drawTimeline ? (
        <IncidentTimeline incident={incident} now={now} />
      ) : (
        <LazyDetails className="collapsible" summary={() => 'Timeline'}>
          {() => (
            <div className="collapsible__body">
              <IncidentTimeline incident={incident} now={now} />
            </div>
          )}
        </LazyDetails>
      )}
      <LazyDetails className="collapsible" summary={() => 'Members as a table'}>
        {() => (
          <div className="collapsible__body">
            <IncidentMembersTable incident={incident} />
          </div>
        )}
      </LazyDetails>
    </article>
  );
}
