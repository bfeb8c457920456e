'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { LogClassReason, LogGroupView } from '@/lib/diagnostics/logs';
import { logGroupLinesQuery, type LogFilter } from '@/lib/client/logs-queries';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { ErrorState } from '@/components/ui/ErrorState';
import { Skeleton } from '@/components/ui/Skeleton';
import { LevelTag } from './LevelTag';
import { LogLineList } from './LogLineList';
import { RateSparkline } from './RateSparkline';
import styles from './logs.module.css';
import { useClusterName } from '@/lib/client/use-cluster';

const REASON_TEXT: Record<LogClassReason, string> = {
  stopped: 'stopped: no new line for 3 poll intervals (or twice its usual gap)',
  recovered: 'recovered: what it is about came back (finding resolved after its last line)',
  hinted: 'the node marked it retried / recovered',
  recurring: 'still recurring',
  periodic: 'recurs at its own slow pace: its rate has not decayed',
};

const NODES_SHOWN = 6;
const FINDINGS_SHOWN = 4;

/** One group of warnings/errors: how many, how fast, where, since when, an example; expandable to its raw lines. */
export function LogGroupCard({
  group,
  filter,
  pollIntervalMs,
  live,
}: {
  group: LogGroupView;
  filter: LogFilter;
  pollIntervalMs: number;
  live: boolean;
}) {
  const [open, setOpen] = useState(false);
  const linesId = `${group.id}-lines`;
  const nodes = group.nodes.slice(0, NODES_SHOWN);
  return (
    <li
      className={`${styles.group} ${group.class === 'persistent' ? styles.groupPersistent : styles.groupTransient}`}
      aria-label={`${group.class} log group: ${group.fingerprint}`}
      data-group={group.id}
    >
      <div className={styles.groupHead}>
        <span className={styles.count} aria-label={`${group.count} lines`} data-testid="group-count">
          {group.count.toLocaleString('en')}×
        </span>
        <LevelTag level={group.level} />
        <span className={styles.component}>{group.component || '(no component)'}</span>
        <StatusBadge status={group.class} label="class" />
        <RateSparkline rate={group.rate} bucketMs={group.rateBucketMs} color={group.class === 'persistent' ? 'var(--warn)' : 'var(--neutral)'} />
      </div>
      <p className={styles.example} title={`Fingerprint: ${group.fingerprint}`}>
        {group.latest.message}
      </p>
      <div className={styles.meta}>
        <span className={styles.reason}>{REASON_TEXT[group.reason]}</span>
      </div>
      <div className={styles.meta}>
        <span>
          first seen <TimeAgo at={group.firstSeen} />
        </span>
        <span>
          last seen <TimeAgo at={group.lastSeen} />
        </span>
        <span>
          on{' '}
          {nodes.map((node, index) => (
            <span key={node.node}>
              {index > 0 ? ', ' : ''}
              <strong>{node.node}</strong> ({node.count})
            </span>
          ))}
          {group.nodes.length > NODES_SHOWN ? ` and ${group.nodes.length - NODES_SHOWN} more` : ''}
        </span>
        {group.subjectCount > 0 ? (
          <span>
            about{' '}
            {group.subjects.slice(0, 3).map((subject, index) => (
              <span key={subject}>
                {index > 0 ? ', ' : ''}
                <span className={styles.subject} title={subject}>
                  {subject}
                </span>
              </span>
            ))}
            {group.subjectCount > 3 ? ` and ${group.subjectCount - 3} more` : ''}
          </span>
        ) : null}
        {group.hintedCount > 0 ? <span>{group.hintedCount} marked retried/recovered by the node</span> : null}
      </div>
      {group.findings.length > 0 ? (
        <div className={styles.meta}>
          <span>
            related findings:{' '}
            {group.findings.slice(0, FINDINGS_SHOWN).map((id, index) => (
              <span key={id}>
                {index > 0 ? ', ' : ''}
                <code>{id}</code>
              </span>
            ))}
            {group.findingCount > FINDINGS_SHOWN ? ` and ${group.findingCount - FINDINGS_SHOWN} more` : ''}
          </span>
        </div>
      ) : null}
      <div className={styles.groupActions}>
        <button
          type="button"
          className={styles.linkButton}
          aria-expanded={open}
          aria-controls={linesId}
          onClick={() => setOpen((value) => !value)}
        >
          {open ? 'Hide raw lines' : 'Show raw lines'}
        </button>
        <span className={`faint ${styles.exampleNote}`} title={group.example.message}>
          first example, from {group.example.node}: <span className="mono">{group.example.message}</span>
        </span>
      </div>
      {open ? (
        <div id={linesId} style={{ marginTop: '0.5rem' }}>
          <GroupLines group={group} filter={filter} pollIntervalMs={pollIntervalMs} live={live} />
        </div>
      ) : null}
    </li>
  );
}

function GroupLines({ group, filter, pollIntervalMs, live }: { group: LogGroupView; filter: LogFilter; pollIntervalMs: number; live: boolean }) {
  const { data, isError, error } = useQuery(logGroupLinesQuery(useClusterName(), group.id, filter, pollIntervalMs, live));
  if (data) {
    return (
      <>
        <p className={styles.hint}>
          {data.matched.toLocaleString('en')} retained lines{data.matched > data.lines.length ? `, newest ${data.lines.length} shown` : ''}
          {data.matched < group.count ? ` (${(group.count - data.matched).toLocaleString('en')} older lines no longer retained)` : ''}
        </p>
        <LogLineList lines={data.lines} label={`Raw lines of ${group.fingerprint}`} />
      </>
    );
  }
  if (isError) return <ErrorState title="Raw lines could not be loaded" message={error?.message} next="Try again in a moment." />;
  return <Skeleton lines={3} label="Loading raw lines…" />;
}
