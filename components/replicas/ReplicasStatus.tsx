'use client';

import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '@/components/ui/ErrorState';
import { KeyValue } from '@/components/ui/KeyValue';
import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';
import { Table } from '@/components/ui/Table';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { useLocalTime } from '@/lib/client/use-local-time';
import { DEFAULT_POLL_INTERVAL_MS } from '@/lib/client/queries';
import { replicasQuery } from '@/lib/client/replicas-query';

/** /replicas: which replica collects which cluster, since when and under which term; every live replica. */
export function ReplicasStatus() {
  const time = useLocalTime();
  const query = useQuery(replicasQuery(DEFAULT_POLL_INTERVAL_MS));
  const data = query.data;
  if (!data) {
    return query.isError ? <ErrorState title="Replica status could not be loaded" message={query.error.message} next="The page retries on its own." /> : <Skeleton lines={4} label="Loading replica status…" />;
  }
  return (
    <>
      <h1>Replicas</h1>
      {data.store.state === 'unreachable' ? (
        <div role="alert" className="stale-banner">
          <strong>The shared store is unreachable</strong> since {data.store.since === null ? 'an unknown time' : time.dateTime(data.store.since)}. This replica keeps what it
          collects in memory; what it shows of other replicas&apos; clusters is stale.
        </div>
      ) : null}
      <Panel title="This replica">
        <KeyValue
          items={[
            ['Replica', data.replica],
            ['High availability', data.enabled ? 'on: one collector per cluster, elected through PostgreSQL' : 'off: this process collects every cluster'],
            ['Shared store', data.store.state === 'ok' ? 'reachable' : 'unreachable'],
          ]}
        />
      </Panel>
      <Panel title="Collector of each cluster">
        <Table caption="Collector of each cluster" dense columns={['Cluster', 'Collected by', 'Since', 'Term', 'Last cycle']}>
          <tbody>
            {data.clusters.map((cluster) => (
              <tr key={cluster.cluster} data-cluster={cluster.cluster}>
                <th scope="row">{cluster.cluster}</th>
                <td>{cluster.collector ? `${cluster.collector.replica}${cluster.mine ? ' (this replica)' : ''}` : <span className="muted">no collector right now</span>}</td>
                <td>{cluster.collector ? <TimeAgo at={cluster.collector.since} /> : '—'}</td>
                <td>{cluster.collector ? cluster.collector.term : '—'}</td>
                <td>
                  <TimeAgo at={cluster.lastCycleAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Panel>
      <Panel title="Live replicas">
        <Table caption="Live replicas" dense columns={['Replica', 'Started', 'Last heartbeat', 'Collects']}>
          <tbody>
            {data.replicas.map((replica) => (
              <tr key={replica.id} data-replica={replica.id}>
                <th scope="row">{replica.id}</th>
                <td>{time.dateTime(replica.startedAt)}</td>
                <td>
                  <TimeAgo at={replica.lastSeen} />
                </td>
                <td>{replica.clusters.length > 0 ? replica.clusters.join(', ') : <span className="muted">stands by</span>}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Panel>
    </>
  );
}
