'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { DataAge } from '@/components/ui/DataAge';
import { EmptyState } from '@/components/ui/EmptyState';
import { ErrorState } from '@/components/ui/ErrorState';
import { FindingList } from '@/components/ui/FindingList';
import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';
import { clusterQuery, findingGroupsQuery, findingsQuery, RESOLVED_SHOWN, usePollInterval, useStaleAfter } from '@/lib/client/queries';
import { ActiveFindings } from './ActiveFindings';
import type { StatusCounts as Counts } from '@/lib/contract/api';
import type { NodeStatus } from '@/lib/contract/report';
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
  const [statusFilter, setStatusFilter] = useState<NodeStatus | null>(null);
  const [textFilter, setTextFilter] = useState('');
  const nodeFilter = { status: statusFilter, q: textFilter };
  // The header, the counts and the node table's first page, filtered on the server; the old page stays while a new filter loads.
  const cluster = useQuery({ ...clusterQuery(clusterName, at, nodeFilter), placeholderData: keepPreviousData });
  // Groups are of the live view; a past moment lists its active findings (a page of them).
  const groups = useQuery({ ...findingGroupsQuery(clusterName, 'active', pollIntervalMs), enabled: at === null });
  const pastActive = useQuery({ ...findingsQuery(clusterName, { status: 'active', limit: PAST_ACTIVE_SHOWN }, pollIntervalMs, at), enabled: at !== null });
  const resolvedQuery = useQuery(findingsQuery(clusterName, { status: 'resolved', limit: RESOLVED_SHOWN }, pollIntervalMs, at));
  const active = at === null ? groups : pastActive;
  const activeCount = groups.data && at === null ? groups.data.findingCount : (pastActive.data?.page.total ?? 0);

  const resolved = resolvedQuery.data?.findings ?? [];
  const resolvedTotal = resolvedQuery.data?.page.total ?? 0;
  const staleAfterMs = useStaleAfter(clusterName);

  return (
    <>
      <div className="page-header">
        <h1>Overview</h1>
        {cluster.data ? (
          <span className="page-header__meta">
            {nodeCount(cluster.data.counts).toLocaleString('en-US')} nodes · polled every {cluster.data.pollIntervalMs / 1000} s
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
            <NodeList
              shown={cluster.data.page?.total ?? cluster.data.nodes.length}
              total={nodeCount(cluster.data.counts)}
              table={<NodeTable firstPage={cluster.data} filter={nodeFilter} at={at} />}
            >
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

/** Every node of the cluster, whatever the filter. */
function nodeCount(counts: Counts): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/** The node table under its filter bar (virtualized and paged: only the rows in view are drawn and asked for). */
function NodeList({ shown, total, table, children }: { shown: number; total: number; table: ReactNode; children: ReactNode }) {
  return (
    <>
      <div className="node-filter">
        {children}
        <span className="muted" aria-live="polite">
          {shown === total ? `${total.toLocaleString('en-US')} nodes` : `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} nodes`}
        </span>
      </div>
      {shown === 0 ? <EmptyState title="No node matches this filter" /> : table}
    </>
  );
}
