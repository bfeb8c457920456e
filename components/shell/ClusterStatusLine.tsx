'use client';

import { useQuery } from '@tanstack/react-query';
import { DataAge } from '@/components/ui/DataAge';
import { clusterQuery } from '@/lib/client/queries';
import { useHydrated } from '@/lib/client/use-hydrated';

/** Cluster name, demo/config mode and how old the last poll cycle is, in the header. */
export function ClusterStatusLine() {
  const { data } = useQuery(clusterQuery());
  const cluster = useHydrated() ? data : undefined;
  if (!cluster) return <div className="cluster-line muted">connecting…</div>;
  const lastCycleEnd = cluster.lastCycle ? cluster.lastCycle.startedAt + cluster.lastCycle.durationMs : null;
  return (
    <div className="cluster-line">
      <span>
        <span className="muted">cluster </span>
        <span className="cluster-line__name">{cluster.cluster}</span>
      </span>
      <span className={`mode-badge mode-badge--${cluster.mode}`} title={cluster.mode === 'demo' ? 'Built-in demo cluster' : 'Cluster from the config file'}>
        {cluster.mode === 'demo' ? 'demo mode' : 'live'}
      </span>
      {lastCycleEnd === null ? (
        <span className="data-age muted">waiting for the first poll…</span>
      ) : (
        <DataAge at={lastCycleEnd} prefix="data from" staleAfterMs={cluster.pollIntervalMs * 3} />
      )}
    </div>
  );
}
