'use client';

import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '@/components/ui/ErrorState';
import { KeyValue } from '@/components/ui/KeyValue';
import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';
import { Table } from '@/components/ui/Table';
import { formatDuration } from '@/lib/client/format';
import { useLocalTime } from '@/lib/client/use-local-time';
import { storageQuery } from '@/lib/client/history-queries';
import { DEFAULT_POLL_INTERVAL_MS } from '@/lib/client/queries';
import { HISTORY_KINDS } from '@/lib/store/persistence/types';

const megabytes = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

/** /storage: where history is kept, whether writing it works, how big it is and what retention removed. */
export function StorageStatus() {
  const time = useLocalTime();
  const query = useQuery(storageQuery(DEFAULT_POLL_INTERVAL_MS));
  const data = query.data;
  if (!data) {
    return query.isError ? <ErrorState title="Storage status could not be loaded" message={query.error.message} next="The page retries on its own." /> : <Skeleton lines={4} label="Loading storage status…" />;
  }
  const status = data.status;
  return (
    <>
      <h1>Storage</h1>
      {data.openError ? (
        <div role="alert" className="stale-banner">
          <strong>History is not kept.</strong> {data.openError} Live views work from memory; past views and restarts have nothing to read.
        </div>
      ) : null}
      {status?.state === 'failing' ? (
        <div role="alert" className="stale-banner">
          <strong>Writing history fails.</strong> {status.lastError?.message} (since {status.lastError ? time.dateTime(status.lastError.at) : '?'}). Live views keep working from memory.
        </div>
      ) : null}
      <Panel title="History">
        {status ? (
          <KeyValue
            items={[
              ['Engine', status.engine],
              ['Where', status.location],
              ['State', status.state === 'ok' ? 'writing' : 'failing'],
              ['Schema version', status.schemaVersion ?? 'unknown'],
              ['Cycles written', status.cyclesWritten],
              ['Cycles failed', status.cyclesFailed],
              ['Cycles dropped (queue full)', status.cyclesDropped],
              ['Cycles refused (another replica collects)', status.cyclesFenced],
              ['Waiting to be written', status.queued],
              ['Last write', status.lastWrite ? `${time.dateTime(status.lastWrite.at)} (${status.lastWrite.durationMs.toFixed(1)} ms)` : 'none yet'],
              ['Retention', data.configured ? `${data.configured.retentionDays} days by default` : 'unknown'],
            ]}
          />
        ) : (
          <p className="muted">No history store is open.</p>
        )}
      </Panel>
      {status?.size ? (
        <Panel title={`Disk use: ${megabytes(status.size.bytes)} of ${megabytes(status.maxBytes)}`}>
          <Table caption="Rows kept per kind" dense columns={['Kind', 'Rows', 'Deleted by the last retention pass']}>
            <tbody>
              {HISTORY_KINDS.map((kind) => (
                <tr key={kind}>
                  <th scope="row">{kind}</th>
                  <td>{status.size!.rows[kind]}</td>
                  <td>{status.lastRetention?.result.deleted[kind] ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <p className="muted">
            Measured {time.dateTime(status.size.at)}
            {status.lastRetention ? `; last retention pass ${time.dateTime(status.lastRetention.at)} took ${formatDuration(status.lastRetention.durationMs)} and folded ${status.lastRetention.result.downsampled} samples` : ''}.
          </p>
        </Panel>
      ) : null}
    </>
  );
}
