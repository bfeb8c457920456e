'use client';

import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { DataAge } from '@/components/ui/DataAge';
import { EmptyState } from '@/components/ui/EmptyState';
import { ErrorState } from '@/components/ui/ErrorState';
import { FindingList } from '@/components/ui/FindingList';
import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';
import { clusterQuery, findingGroupsQuery, findingsQuery, RESOLVED_SHOWN, usePollInterval, useStaleAfter } from '@/lib/client/queries';
import { ActiveFindings } from './ActiveFindings';
import type { NodeSummary } from '@/lib/contract/api';
import type { NodeStatus } from '@/lib/contract/report';
import { filterNodes } from './node-filter';
import { NodeTable } from './NodeTable';
import { StatusCounts } from './StatusCounts';
import { useClusterName } from '@/lib/client/use-cluster';
import { useAsOf } from '@/lib/client/use-as-of';

/** Active findings listed for a past moment (groups are of the live view). */
const PAST_ACTIVE_SHOWN = 50;

/** The overview: active findings first, then nodes per status, then every node; resolved findings folded below. */
export function Overview() {
  const clusterName = useClusterName();
  const pollIntervalMs = usePollInterval(clusterName);
  // Both arrive with the first HTML (the page prefetches them on the server), then poll.
  const { at } = useAsOf();
  const cluster = useQuery(clusterQuery(clusterName, at));
  // Groups are of the live view; a past moment lists its active findings (a page of them).
  const groups = useQuery({ ...findingGroupsQuery(clusterName, 'active', pollIntervalMs), enabled: at === null });
  const pastActive = useQuery({ ...findingsQuery(clusterName, { status: 'active', limit: PAST_ACTIVE_SHOWN }, pollIntervalMs, at), enabled: at !== null });
  const resolvedQuery = useQuery(findingsQuery(clusterName, { status: 'resolved', limit: RESOLVED_SHOWN }, pollIntervalMs, at));
  const active = at === null ? groups : pastActive;
  const activeCount = groups.data && at === null ? groups.data.findingCount : (pastActive.data?.page.total ?? 0);
  const [statusFilter, setStatusFilter] = useState<NodeStatus | null>(null);
  const [textFilter, setTextFilter] = useState('');

  const resolved = resolvedQuery.data?.findings ?? [];
  const resolvedTotal = resolvedQuery.data?.page.total ?? 0;
  const staleAfterMs = useStaleAfter(clusterName);

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
        title={active.data && cluster.data?.firstCycleAt ? `Active findings (${activeCount.toLocaleString('en-US')})` : 'Active findings'}
        id="active-findings"
        age={<DataAge at={active.data?.generatedAt ?? null} staleAfterMs={staleAfterMs} />}
      >
        {active.data && cluster.data ? (
          <ActiveFindings view={active.data} firstCycleAt={cluster.data.firstCycleAt} />
        ) : active.isError || cluster.isError ? (
          <ErrorState
            title="Findings could not be loaded"
            message={(active.error ?? cluster.error)?.message}
            next="The page retries on its own every poll interval; check that the Clusterscope server is running."
          />
        ) : (
          <Skeleton lines={3} label="Loading findings…" />
        )}
      </Panel>

      <Panel title="Nodes" id="nodes" age={<DataAge at={cluster.data?.generatedAt ?? null} staleAfterMs={staleAfterMs} />}>
        {cluster.data ? (
          <>
            <StatusCounts counts={cluster.data.counts} selected={statusFilter} onSelect={setStatusFilter} />
            <NodeList nodes={filterNodes(cluster.data.nodes, statusFilter, textFilter)} total={cluster.data.nodes.length}>
              <label>
                Filter nodes{' '}
                <input type="search" value={textFilter} onChange={(event) => setTextFilter(event.target.value)} placeholder="id, role, address, version" />
              </label>
              {statusFilter !== null || textFilter ? (
                <button
                  type="button"
                  onClick={() => {
                    setStatusFilter(null);
                    setTextFilter('');
                  }}
                >
                  Show all
                </button>
              ) : null}
            </NodeList>
          </>
        ) : cluster.isError ? (
          <ErrorState
            title="Nodes could not be loaded"
            message={cluster.error?.message}
            next="The page retries on its own every poll interval; check that the Clusterscope server is running."
          />
        ) : (
          <Skeleton lines={8} label="Loading nodes…" />
        )}
      </Panel>

      <details className="collapsible">
        <summary>Recently resolved findings ({resolvedTotal.toLocaleString('en-US')})</summary>
        <div className="collapsible__body">
          {resolved.length === 0 ? (
            <p className="muted">Nothing resolved recently.</p>
          ) : (
            <FindingList findings={resolved} label="Resolved findings" />
          )}
        </div>
      </details>
    </>
  );
}

/** The node table under its filter bar (virtualized: every node is there, only the rows in view are drawn). */
function NodeList({ nodes, total, children }: { nodes: NodeSummary[]; total: number; children: ReactNode }) {
  return (
    <>
      <div className="node-filter">
        {children}
        <span className="muted" aria-live="polite">
          {nodes.length === total ? `${total} nodes` : `${nodes.length} of ${total} nodes`}
        </span>
      </div>
      {nodes.length === 0 ? <EmptyState title="No node matches this filter" /> : <NodeTable nodes={nodes} />}
    </>
  );
}
