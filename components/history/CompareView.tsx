'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/EmptyState';
import { ErrorState } from '@/components/ui/ErrorState';
import { FindingList } from '@/components/ui/FindingList';
import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { Table } from '@/components/ui/Table';
import { nodePath } from '@/lib/client/cluster-paths';
import { useLocalTime } from '@/lib/client/use-local-time';
import { compareQuery } from '@/lib/client/history-queries';
import { useAsOf } from '@/lib/client/use-as-of';
import { useClusterName } from '@/lib/client/use-cluster';
import { sortFindings } from '@/lib/contract/findings';

/** /compare?at=&compare=: what changed between two moments — findings, node statuses, partition owners. */
export function CompareView() {
  const time = useLocalTime();
  const cluster = useClusterName();
  const { at, compare } = useAsOf();
  const query = useQuery({ ...compareQuery(cluster, at ?? 0, compare), enabled: at !== null });
  if (at === null) {
    return (
      <>
        <h1>Compare</h1>
        <EmptyState title="Pick a past moment first">
          <p>Choose a time in the header, then “Compare with now”; or add ?at= and ?compare= to this address.</p>
        </EmptyState>
      </>
    );
  }
  const { data } = query;
  if (!data) {
    return query.isError ? <ErrorState title="The comparison could not be loaded" message={query.error.message} next="Check that history is kept (see Storage)." /> : <Skeleton lines={6} label="Comparing…" />;
  }
  const withCluster = (findings: typeof data.newFindings) => sortFindings(findings).map((finding) => ({ ...finding, cluster }));
  return (
    <>
      <div className="page-header">
        <h1>Compare</h1>
        <span className="page-header__meta">
          {time.dateTime(data.from)} → {time.dateTime(data.to)}
        </span>
      </div>
      <Panel title={`New findings (${data.newFindings.length})`} id="new-findings">
        {data.newFindings.length === 0 ? <p className="muted">None: nothing was found at the second moment that was not there at the first.</p> : <FindingList findings={withCluster(data.newFindings)} label="New findings" />}
      </Panel>
      <Panel title={`Resolved findings (${data.resolvedFindings.length})`} id="resolved-findings">
        {data.resolvedFindings.length === 0 ? <p className="muted">None resolved in between.</p> : <FindingList findings={withCluster(data.resolvedFindings)} label="Resolved findings" />}
      </Panel>
      <Panel title={`Nodes whose status changed (${data.nodesChanged.length})`} id="nodes-changed">
        {data.nodesChanged.length === 0 ? (
          <p className="muted">Every node had the same status at both moments.</p>
        ) : (
          <Table caption="Nodes whose status changed">
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col">At {time.dateTime(data.from)}</th>
                <th scope="col">At {time.dateTime(data.to)}</th>
              </tr>
            </thead>
            <tbody>
              {data.nodesChanged.map((change) => (
                <tr key={change.node}>
                  <th scope="row">
                    <Link href={`${nodePath(cluster, change.node)}?at=${data.to}`}>{change.node}</Link>
                  </th>
                  <td>
                    <StatusBadge status={change.from} />
                  </td>
                  <td>
                    <StatusBadge status={change.to} />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Panel>
      <Panel title={`Partitions whose owner changed (${data.partitionsMoved.length})`} id="partitions-moved">
        {data.partitionsMoved.length === 0 ? (
          <p className="muted">No partition changed owner in between (as the nodes’ own tables said).</p>
        ) : (
          <Table caption="Partitions whose owner changed" dense columns={['Partition', 'Owner before', 'Owner after', 'Seen by']}>
            <tbody>
              {data.partitionsMoved.map((move) => (
                <tr key={move.partition}>
                  <th scope="row">{move.partition}</th>
                  <td>{move.from ?? 'none'}</td>
                  <td>{move.to ?? 'none'}</td>
                  <td>{move.seenBy.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Panel>
    </>
  );
}
