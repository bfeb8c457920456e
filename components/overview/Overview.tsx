'use client';

import { useQuery } from '@tanstack/react-query';
import { DataAge } from '@/components/ui/DataAge';
import { ErrorState } from '@/components/ui/ErrorState';
import { FindingList } from '@/components/ui/FindingList';
import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';
import { sortFindings, sortResolved } from '@/lib/client/findings-order';
import { clusterQuery, findingsQuery, usePollInterval } from '@/lib/client/queries';
import { ActiveFindings } from './ActiveFindings';
import { NodeTable } from './NodeTable';
import { StatusCounts } from './StatusCounts';

const RESOLVED_SHOWN = 50;

/** The overview: active findings first, then nodes per status, then every node; resolved findings folded below. */
export function Overview() {
  const pollIntervalMs = usePollInterval();
  const cluster = useQuery(clusterQuery());
  const findings = useQuery(findingsQuery({ status: 'all' }, pollIntervalMs));

  const all = findings.data?.findings ?? [];
  const active = sortFindings(all.filter((finding) => finding.status === 'active'));
  const resolved = sortResolved(all.filter((finding) => finding.status === 'resolved'));
  const staleAfterMs = pollIntervalMs * 3;

  return (
    <>
      <div className="page-header">
        <h1>Overview</h1>
        {cluster.data ? (
          <span className="page-header__meta">
            {cluster.data.nodes.length} nodes · polled every {cluster.data.pollIntervalMs / 1000} s
          </span>
        ) : null}
      </div>

      <Panel
        title={findings.data ? `Active findings (${active.length})` : 'Active findings'}
        id="active-findings"
        age={<DataAge at={findings.data?.generatedAt ?? null} staleAfterMs={staleAfterMs} />}
      >
        {findings.data && cluster.data ? (
          <ActiveFindings findings={active} firstCycleAt={cluster.data.firstCycleAt} asOf={findings.data.generatedAt} />
        ) : findings.isError || cluster.isError ? (
          <ErrorState
            title="Findings could not be loaded"
            message={(findings.error ?? cluster.error)?.message}
            next="The page retries on its own every poll interval; check that the Clusterscope server is running."
          />
        ) : (
          <Skeleton lines={3} label="Loading findings…" />
        )}
      </Panel>

      <Panel title="Nodes" id="nodes" age={<DataAge at={cluster.data?.generatedAt ?? null} staleAfterMs={staleAfterMs} />}>
        {cluster.data ? (
          <>
            <StatusCounts counts={cluster.data.counts} />
            <NodeTable nodes={cluster.data.nodes} />
          </>
        ) : cluster.isError ? (
          <ErrorState
            title="Nodes could not be loaded"
            message={cluster.error.message}
            next="The page retries on its own every poll interval; check that the Clusterscope server is running."
          />
        ) : (
          <Skeleton lines={8} label="Loading nodes…" />
        )}
      </Panel>

      <details className="collapsible">
        <summary>Recently resolved findings ({resolved.length})</summary>
        <div className="collapsible__body">
          {resolved.length === 0 ? (
            <p className="muted">Nothing resolved recently.</p>
          ) : (
            <FindingList findings={resolved.slice(0, RESOLVED_SHOWN)} label="Resolved findings" />
          )}
        </div>
      </details>
    </>
  );
}
