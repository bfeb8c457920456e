'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { DataAge } from '@/components/ui/DataAge';
import { EmptyState } from '@/components/ui/EmptyState';
import { ErrorState } from '@/components/ui/ErrorState';
import { Panel } from '@/components/ui/Panel';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { reasonText } from '@/components/overview/reason-text';
import { ApiFetchError } from '@/lib/client/fetch-json';
import { useLocalTime } from '@/lib/client/use-local-time';
import { nodeQuery, usePollInterval } from '@/lib/client/queries';
import { LatencyChart } from './LatencyChart';
import { NodeDetailSkeleton } from './NodeDetailSkeleton';
import { NodeSummaryPanel } from './NodeSummaryPanel';
import { ReportParts } from './ReportParts';
import { StatusChangeTable } from './StatusChangeTable';
import { clusterPath } from '@/lib/client/cluster-paths';
import { useClusterName } from '@/lib/client/use-cluster';
import { useAsOf } from '@/lib/client/use-as-of';

/** One node: status and why, latency/status over time, status changes, and the last raw report as text. */
export function NodeDetail({ id }: { id: string }) {
  const time = useLocalTime();
  const cluster = useClusterName();
  const pollIntervalMs = usePollInterval(cluster);
  const { at } = useAsOf();
  const query = useQuery(nodeQuery(cluster, id, pollIntervalMs, at));
  // The page prefetches this on the server, so the first HTML already has it.
  const { data, error, isPending } = query;

  if (error instanceof ApiFetchError && error.status === 404) {
    return (
      <>
        <h1>Node {id}</h1>
        <EmptyState title={`No node "${id}" in this cluster`}>
          <p>{error.message}</p>
          <Link href={clusterPath(cluster)}>See every node on the overview</Link>
        </EmptyState>
      </>
    );
  }
  if (isPending) return <NodeDetailSkeleton id={id} />;
  if (!data) {
    return (
      <>
        <h1>Node {id}</h1>
        <ErrorState
          title="This node could not be loaded"
          message={error?.message}
          next="The page retries on its own every poll interval; check that the Clusterscope server is running."
        />
      </>
    );
  }

  const { node, latest, samples, events } = data;
  const reason = reasonText(node.reason);
  const staleAfterMs = data.staleAfterMs;
  const age = <DataAge at={data.generatedAt} staleAfterMs={staleAfterMs} />;

  return (
    <>
      <div className="page-header">
        <h1>Node {node.id}</h1>
        <StatusBadge status={node.status} />
        {reason ? <span className="page-header__meta">{reason}</span> : null}
      </div>

      <div className="node-grid">
        <Panel title="Summary" age={age}>
          <NodeSummaryPanel node={node} latest={latest} />
        </Panel>
        <Panel title="Report parts">
          {latest ? <ReportParts report={latest} /> : <p className="muted">No report yet: the node has not been polled.</p>}
        </Panel>
      </div>

      <Panel title="Latency and status over time" age={age}>
        {samples.length === 0 ? (
          <EmptyState title="Waiting for the first poll…">This node has not been polled yet.</EmptyState>
        ) : (
          <>
            <LatencyChart samples={samples} />
            {(data.gaps ?? []).map((gap) => (
              <p key={gap.from} className="sample-gap" role="note">
                No data from {time.dateTime(gap.from)} to {time.dateTime(gap.to)}: Clusterscope was not polling (stopped or restarting). Unknown, not healthy.
              </p>
            ))}
          </>
        )}
      </Panel>

      <Panel title={`Status changes (${events.length})`}>
        {events.length === 0 ? (
          <p className="muted">No status change recorded in the history window.</p>
        ) : (
          <StatusChangeTable events={events} />
        )}
      </Panel>

      <Panel
        title="Last raw report"
        age={latest ? <span title={time.dateTime(latest.fetchedAt)}>fetched {time.dateTime(latest.fetchedAt)}</span> : undefined}
      >
        {latest ? (
          <pre className="raw-report" aria-label="Last raw report as JSON" tabIndex={0}>
            {JSON.stringify(latest, null, 2)}
          </pre>
        ) : (
          <EmptyState title="No report yet">The node has not been polled yet.</EmptyState>
        )}
      </Panel>
    </>
  );
}
