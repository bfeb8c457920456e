'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { DataAge } from '@/components/ui/DataAge';
import { EmptyState } from '@/components/ui/EmptyState';
import { ErrorState } from '@/components/ui/ErrorState';
import { Panel } from '@/components/ui/Panel';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { badgeLook } from '@/components/ui/badge-status';
import { clusterPath } from '@/lib/client/cluster-paths';
import { clustersQuery } from '@/lib/client/queries';
import type { ClusterSummary } from '@/lib/contract/api';
import { SEVERITIES } from '@/lib/contract/findings';
import { NODE_STATUSES } from '@/lib/contract/report';

/** Every cluster as a row: what it is, its nodes by status, its most severe findings, how old its data is. */
export function ClustersHome() {
  const { data, error } = useQuery(clustersQuery());
  if (!data) {
    return error ? (
      <ErrorState title="Cannot load the clusters" message={error.message} next="The page retries on its own; check that the Clusterscope server is running." />
    ) : (
      <EmptyState title="Connecting to the collector…" />
    );
  }
  return (
    <Panel title="Clusters" id="clusters" age={<DataAge at={data.generatedAt} />}>
      <table className="table clusters-table" aria-label="Clusters">
        <thead>
          <tr>
            <th scope="col">Cluster</th>
            <th scope="col">Sources</th>
            <th scope="col">Nodes</th>
            <th scope="col">Active findings</th>
            <th scope="col">Most severe</th>
            <th scope="col">Data</th>
          </tr>
        </thead>
        <tbody>
          {data.clusters.map((cluster) => (
            <ClusterRow key={cluster.name} cluster={cluster} />
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

function ClusterRow({ cluster }: { cluster: ClusterSummary }) {
  const statuses = NODE_STATUSES.filter((status) => cluster.counts[status] > 0);
  const severities = SEVERITIES.filter((severity) => cluster.activeBySeverity[severity] > 0);
  return (
    <tr data-cluster={cluster.name} aria-label={`cluster ${cluster.name}`}>
      <th scope="row">
        <Link href={clusterPath(cluster.name)}>{cluster.name}</Link>
      </th>
      <td>{cluster.sources.map((source) => source.label).join(', ')}</td>
      <td>
        <span className="muted">{cluster.nodeCount} · </span>
        {statuses.map((status) => (
          <span key={status} className={`cluster-count cluster-count--${badgeLook(status).tone}`} data-status={status}>
            {cluster.counts[status]} {badgeLook(status).text}
          </span>
        ))}
      </td>
      <td data-testid="active-findings">
        {severities.length === 0 ? (
          cluster.firstCycleAt === null ? <span className="muted">not polled yet</span> : <span>none</span>
        ) : (
          severities.map((severity) => (
            <span key={severity} className="cluster-count" data-severity={severity}>
              <StatusBadge status={severity} label="severity" /> {cluster.activeBySeverity[severity]}{' '}
            </span>
          ))
        )}
      </td>
      <td className="clusters-table__most-severe">
        <ul className="plain-list">
          {cluster.topGroups.map((group) => (
            <li key={group.key} data-group={group.key} title={`${group.kind} ${group.title}`}>
              <code>{group.kind}</code> {group.title}
            </li>
          ))}
        </ul>
      </td>
      <td>{cluster.dataAt === null ? <span className="muted">waiting for the first poll…</span> : <DataAge at={cluster.dataAt} prefix="from" staleAfterMs={cluster.staleAfterMs} />}</td>
    </tr>
  );
}
