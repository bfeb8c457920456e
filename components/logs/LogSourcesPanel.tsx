'use client';

import { useQuery } from '@tanstack/react-query';
import { logSourcesQuery } from '@/lib/client/logs-queries';
import { usePollInterval, useStaleAfter } from '@/lib/client/queries';
import { useClusterName } from '@/lib/client/use-cluster';
import type { LogSourcesView } from '@/lib/contract/views';
import { formatBytes } from '@/lib/diagnostics/sync-text';
import { DataAge } from '@/components/ui/DataAge';
import { ErrorState } from '@/components/ui/ErrorState';
import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';
import { Table } from '@/components/ui/Table';
import styles from './logs.module.css';

type LogSourceRow = LogSourcesView['sources'][number];

/** Words and an icon per state, so a source reads as ok only when it is (never colour alone). */
const STATE_LOOK: Record<LogSourceRow['state'], { icon: string; text: string; className: string }> = {
  ok: { icon: '✓', text: 'ok', className: styles.sourceOk },
  error: { icon: '✕', text: 'error', className: styles.sourceError },
  starting: { icon: '…', text: 'starting', className: styles.sourcePending },
  stopped: { icon: '■', text: 'stopped', className: styles.sourcePending },
};

function SourceState({ source }: { source: LogSourceRow }) {
  const look = STATE_LOOK[source.state];
  return (
    <>
      <span className={look.className} data-state={source.state}>
        <span aria-hidden="true">{look.icon}</span> {look.text}
      </span>
      {source.reason ? <div className={styles.sourceReason}>{source.reason}</div> : null}
    </>
  );
}

/** Every log source of the cluster: where it reads, for which targets, its state and why not ok, and what it has read. */
export function LogSourcesPanel() {
  const cluster = useClusterName();
  const pollIntervalMs = usePollInterval(cluster);
  const staleAfterMs = useStaleAfter(cluster);
  const result = useQuery(logSourcesQuery(cluster, pollIntervalMs));
  const data = result.data;
  return (
    <Panel title="Log sources" age={data ? <DataAge at={data.generatedAt} staleAfterMs={staleAfterMs} /> : null}>
      {data ? (
        data.sources.length === 0 ? (
          <p className={styles.sourceNone}>No log files or syslog receivers are configured; lines come only from the nodes’ own log APIs.</p>
        ) : (
          <Table caption="Log sources" dense columns={['Type', 'Reads', 'Target', 'State', 'Lines', 'Bytes', 'Refused senders']}>
            <tbody>
              {data.sources.map((source) => (
                <tr key={source.source} data-source-type={source.type}>
                  <td>{source.type}</td>
                  <td>
                    <code>{source.where}</code>
                  </td>
                  <td>{source.targets.length > 0 ? source.targets.join(', ') : 'none (lines are counted and dropped)'}</td>
                  <td>
                    <SourceState source={source} />
                  </td>
                  <td>{source.lines.toLocaleString('en')}</td>
                  <td>{formatBytes(source.bytes)}</td>
                  <td>
                    {source.refused === null ? 'n/a' : source.refused.toLocaleString('en')}
                    {source.refusedFrom.length > 0 ? ` (last: ${source.refusedFrom.join(', ')})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )
      ) : result.isError ? (
        <ErrorState title="Log sources could not be loaded" message={result.error?.message} next="The panel retries every poll interval." />
      ) : (
        <Skeleton lines={2} label="Loading log sources…" />
      )}
    </Panel>
  );
}
