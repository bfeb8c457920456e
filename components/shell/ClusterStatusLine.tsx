'use client';

import { useQuery } from '@tanstack/react-query';
import { DataAge } from '@/components/ui/DataAge';
import { clusterHeaderQuery } from '@/lib/client/queries';

/** Demo/config mode and how old the current cluster's last poll cycle is, in the header. */
export function ClusterStatusLine({ cluster }: { cluster: string }) {
  const { data } = useQuery(clusterHeaderQuery(cluster));
  if (!data) return <div className="cluster-line muted">connecting…</div>;
  const lastCycleEnd = data.lastCycle ? data.lastCycle.startedAt + data.lastCycle.durationMs : null;
  return (
    <div className="cluster-line">
      <span className={`mode-badge mode-badge--${data.mode}`} title={data.mode === 'demo' ? 'Built-in demo clusters' : 'Clusters from the config file'}>
        {data.mode === 'demo' ? 'demo mode' : 'live'}
      </span>
      {lastCycleEnd === null ? (
        <span className="data-age muted">waiting for the first poll…</span>
      ) : (
        <DataAge at={lastCycleEnd} prefix="data from" staleAfterMs={data.staleAfterMs} />
      )}
    </div>
  );
}
