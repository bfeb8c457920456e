'use client';

import { useQuery } from '@tanstack/react-query';
import { DataAge } from '@/components/ui/DataAge';
import { clusterQuery } from '@/lib/client/queries';

/** Cluster name, demo/config mode and how old the last poll cycle is, in the header. */
export function ClusterStatusLine() {
  const { data: cluster } = useQuery(clusterQuery());
  if (!cluster) return <div className="cluster-line muted">connecting…</div>;
  const lastCycleEnd = cluster.lastCycle ? cluster.lastCycle.startedAt + cluster.lastCycle.durationMs : null;
  return (
    <div className="cluster-line">
      <span className="cluster-line__name" title="Cluster">
        {cluster.cluster}
      </span>
      <span className={`mode-badge mode-badge--${cluster.mode}`} title={cluster.mode === 'demo' ? 'Built-in demo cluster' : 'Cluster from the config file'}>
        {cluster.mode === 'demo' ? 'demo' : 'config'}
      </span>
      {lastCycleEnd === null ? (
        <span className="data-age muted">waiting for the first poll…</span>
      ) : (
        <DataAge at={lastCycleEnd} prefix="data from" staleAfterMs={cluster.pollIntervalMs * 3} />
      )}
    </div>
  );
}
