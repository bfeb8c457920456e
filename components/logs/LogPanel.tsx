'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { filterFromSearch, logsHref, logsQuery, type LogFilter } from '@/lib/client/logs-queries';
import { usePollInterval, useStaleAfter } from '@/lib/client/queries';
import type { LogClass } from '@/lib/diagnostics/logs';
import { DataAge } from '@/components/ui/DataAge';
import { ErrorState } from '@/components/ui/ErrorState';
import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';
import { LevelHistogram } from './LevelHistogram';
import { LiveTail } from './LiveTail';
import { LogFilters } from './LogFilters';
import { LogGroupSection } from './LogGroupSection';
import { LogSourcesPanel } from './LogSourcesPanel';
import styles from './logs.module.css';
import { useClusterName } from '@/lib/client/use-cluster';

/** Persistent first: those are the groups an operator has to act on. */
const GROUP_KINDS = ['persistent', 'transient'] as const satisfies readonly LogClass[];

/** /logs: one stream from every node, warnings and errors grouped and split into persistent and transient. */
export function LogPanel() {
  const cluster = useClusterName();
  const pollIntervalMs = usePollInterval(cluster);
  const staleAfterMs = useStaleAfter(cluster);
  const searchParams = useSearchParams();
  const router = useRouter();
  // The URL holds the filter, so a filtered view can be shared and a finding can link to its log groups.
  const filter = useMemo(() => filterFromSearch(searchParams), [searchParams]);
  const onFilter = useCallback((next: LogFilter) => router.replace(logsHref(cluster, next), { scroll: false }), [router, cluster]);
  // A past moment (`at` in the filter) is read once from history and never refreshed.
  const live = filter.at === undefined;
  const result = useQuery(logsQuery(cluster, filter, pollIntervalMs, live));
  const data = result.data;
  const pendingNodes = data ? Object.entries(data.pending).filter(([, more]) => more).map(([node]) => node) : [];

  return (
    <>
      <div className="page-header">
        <h1>Logs</h1>
        {data ? (
          <span className="page-header__meta">
            {live
              ? `${data.retained.toLocaleString('en')} of ${data.retention.toLocaleString('en')} lines retained`
              : `${data.retained.toLocaleString('en')} lines stored in the history window before this moment`}
          </span>
        ) : null}
      </div>

      <LogFilters filter={filter} nodes={data?.nodes ?? []} components={data?.components ?? []} onChange={onFilter} />

      {filter.finding ? (
        <p className={styles.findingNote} role="status">
          Showing only the log groups of finding <code>{filter.finding}</code>
          {data?.finding ? ` (${data.finding.groups.length} related)` : ''}.{' '}
          <button type="button" onClick={() => onFilter({ ...filter, finding: undefined })}>
            Show all logs
          </button>
        </p>
      ) : null}

      {data ? (
        <>
          <p className={styles.stats} aria-label="Log collection">
            <span>
              <strong>{data.matched.toLocaleString('en')}</strong> lines match
            </span>
            <span>
              <strong>{data.groupTotals.persistent}</strong> persistent and <strong>{data.groupTotals.transient}</strong> transient
              groups
            </span>
            <span>
              dropped <strong>{data.dropped.toLocaleString('en')}</strong>
              {data.dropped > 0
                ? ` (${data.droppedByRetention.toLocaleString('en')} past retention, ${data.droppedAtSource.toLocaleString('en')} gone from node buffers before read)`
                : ''}
            </span>
            {pendingNodes.length > 0 ? (
              <span className={styles.pendingNote}>more lines waiting on {pendingNodes.join(', ')} (read over the next polls)</span>
            ) : null}
            <DataAge at={data.generatedAt} staleAfterMs={staleAfterMs} />
          </p>

          <Panel title="Log volume by level">
            <LevelHistogram histogram={data.histogram} />
          </Panel>

          <div className={styles.sections}>
            {GROUP_KINDS.map((kind) => (
              <LogGroupSection
                key={kind}
                kind={kind}
                groups={data.groups[kind]}
                total={data.groupTotals[kind]}
                filter={filter}
                pollIntervalMs={pollIntervalMs}
                live={live}
              />
            ))}
          </div>

          <LiveTail view={data} filter={filter} live={live} />
        </>
      ) : result.isError ? (
        <ErrorState
          title="Logs could not be loaded"
          message={result.error?.message}
          next="The page retries on its own every poll interval; check the filters and that the Clusterscope server is running."
        />
      ) : (
        <Skeleton lines={8} label="Loading logs…" />
      )}

      {/* Its own query: a source that is failing shows even when the lines cannot be loaded. */}
      <LogSourcesPanel />
    </>
  );
}
