import type { LogClass, LogGroupView } from '@/lib/diagnostics/logs';
import type { LogFilter } from '@/lib/client/logs-queries';
import { EmptyState } from '@/components/ui/EmptyState';
import { Panel } from '@/components/ui/Panel';
import { LogGroupCard } from './LogGroupCard';
import styles from './logs.module.css';

const EMPTY_TEXT: Record<LogClass, string> = {
  persistent: 'Nothing is recurring now.',
  transient: 'No warning or error has stopped or recovered in the retained lines.',
};

/** The Persistent or the Transient groups, as a titled section. */
export function LogGroupSection({
  kind,
  groups,
  total,
  filter,
  pollIntervalMs,
  live,
}: {
  kind: LogClass;
  groups: readonly LogGroupView[];
  total: number;
  filter: LogFilter;
  pollIntervalMs: number;
  live: boolean;
}) {
  const title = `${kind === 'persistent' ? 'Persistent' : 'Transient'} (${total})`;
  return (
    <Panel title={title} id={`log-groups-${kind}`}>
      {groups.length === 0 ? (
        <EmptyState title={EMPTY_TEXT[kind]} />
      ) : (
        <>
          {total > groups.length ? <p className={styles.hint}>The {groups.length} most recently seen of {total} groups.</p> : null}
          <ul className={styles.groupList} aria-label={`${kind} log groups`}>
            {groups.map((group) => (
              <LogGroupCard key={group.id} group={group} filter={filter} pollIntervalMs={pollIntervalMs} live={live} />
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}
