'use client';

import { ChoiceOrText } from '@/components/ui/ChoiceOrText';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { DataAge } from '@/components/ui/DataAge';
import { EmptyState } from '@/components/ui/EmptyState';
import { ErrorState } from '@/components/ui/ErrorState';
import { Panel } from '@/components/ui/Panel';
import { RoutingSkeleton } from './RoutingSkeleton';
import { ApiFetchError } from '@/lib/client/fetch-json';
import { formatDuration, namesWithMore } from '@/lib/client/format';
import { usePollInterval, useStaleAfter } from '@/lib/client/queries';
import { routingQuery, type RoutingTableChoice, type RoutingViewChoice } from '@/lib/client/routing-queries';
import { DiffList } from './DiffList';
import { DivergenceChart } from './DivergenceChart';
import { NodeRoutingTable } from './NodeRoutingTable';
import { PartitionGrid } from './PartitionGrid';
import { TablePicker } from './TablePicker';
import { ViewFindings } from './ViewFindings';
import styles from './routing.module.css';
import { useClusterName } from '@/lib/client/use-cluster';
import { useAsOf } from '@/lib/client/use-as-of';

const RETRY = 'The page retries on its own every poll interval; check that the Clusterscope server is running.';

/** /routing: who owns which partition in each node's own view, where the views differ, and since when. */
export function RoutingView({ initialNode, initialTable = null }: { initialNode: RoutingViewChoice; initialTable?: RoutingTableChoice }) {
  const cluster = useClusterName();
  const pollIntervalMs = usePollInterval(cluster);
  const router = useRouter();
  const pathname = usePathname();
  const [node, setNode] = useState<RoutingViewChoice>(initialNode);
  const [table, setTable] = useState<RoutingTableChoice>(initialTable);
  const { at } = useAsOf();
  const { data, error, isPending, isPlaceholderData } = useQuery({ ...routingQuery(cluster, node, pollIntervalMs, table, at), placeholderData: keepPreviousData });
  const staleAfterMs = useStaleAfter(cluster);

  /** The view and the table live in the URL, so a link shows the same thing. */
  function show(nextNode: RoutingViewChoice, nextTable: RoutingTableChoice) {
    setNode(nextNode);
    setTable(nextTable);
    const search = new URLSearchParams();
    if (nextNode !== null) {
      search.set('view', 'node');
      search.set('node', nextNode);
    }
    if (nextTable !== null && nextTable !== '') search.set('table', nextTable);
    // A past moment stays with the view chosen.
    if (at !== null) search.set('at', String(at));
    const query = search.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }

  function choose(value: string) {
    show(value === '' ? null : value, table);
  }

  if (error instanceof ApiFetchError && error.status === 404) {
    return (
      <>
        <h1>Routing</h1>
        <EmptyState title={table !== null && error.message.includes('table') ? `No table "${table}" in this cluster` : `No node "${node}" in this cluster`}>
          <p>{error.message}</p>
          <button onClick={() => show(null, null)}>Show the consensus view</button>
        </EmptyState>
      </>
    );
  }
  if (isPending) return <RoutingSkeleton />;
  if (!data) {
    return (
      <>
        <h1>Routing</h1>
        <ErrorState title="Routing could not be loaded" message={error?.message} next={RETRY} />
      </>
    );
  }

  const age = <DataAge at={data.generatedAt} staleAfterMs={staleAfterMs} />;
  const summary = data.nodeSummary;
  const nodeViews = summary.answering;
  // Views we cannot see this poll: the verdicts below only speak for the nodes that answered.
  const unseen = summary.unseen;
  const activeCount = data.findings.filter((finding) => finding.status === 'active').length;
  const skew =
    data.versionSkewSince !== null
      ? `versions differ for ${formatDuration(data.generatedAt - data.versionSkewSince)} (grace ${formatDuration(data.graceMs)})`
      : null;

  return (
    <>
      <div className="page-header">
        <h1>Routing{data.table ? <span className="mono"> · {data.table}</span> : null}</h1>
        <span className="page-header__meta">
          {data.partitionCount.toLocaleString('en-US')} partitions · newest version {data.newestVersion ?? '—'} · {nodeViews.toLocaleString('en-US')} answering node view{nodeViews === 1 ? '' : 's'}
          {skew ? ` · ${skew}` : ''}
        </span>
      </div>

      <TablePicker tables={data.tables} table={data.table} onChoose={(next) => show(node, next)} />

      {unseen.count > 0 ? (
        <p className="stale-note" role="status">
          ◌ Not answering {at === null ? 'now' : 'then'}, their tables are unknown and left out of the consensus:{' '}
          {unseen.named.map((row) => `${row.id} (${row.status.replace('_', ' ')}${row.table === 'stale' ? ', last table kept as stale' : ''})`).join(', ')}
          {unseen.count > unseen.named.length ? ` and ${(unseen.count - unseen.named.length).toLocaleString('en-US')} more` : ''}
        </p>
      ) : null}

      <Panel title={`Routing findings (${activeCount} active)`} age={age}>
        <ViewFindings findings={data.findings} label="routing" quiet="Every answering node's table agrees and every owned count matches its table." />
      </Panel>

      <Panel
        title="Partition owners"
        age={age}
        actions={
          <div className={styles.toolbar}>
            <label>
              View{' '}
              <span aria-busy={isPlaceholderData}>
                <ChoiceOrText
                  label="Routing view"
                  choices={
                    summary.choices?.map((choice) => ({
                      value: choice.id,
                      label: `${choice.id}'s own table${choice.isClient ? ' (client cache)' : ''}${choice.stale ? ' — stale' : ''}`,
                    })) ?? null
                  }
                  value={node ?? ''}
                  allLabel="Consensus (newest version)"
                  onChange={choose}
                  placeholder="node id for its own table, then Enter"
                />
              </span>
            </label>
          </div>
        }
      >
        <ul className={styles.versions} aria-label="Versions">
          {data.versions.map((version, index) => (
            <li key={version.version}>
              version <strong>{version.version}</strong>
              {index === 0 ? ' (newest)' : ''}: {namesWithMore(version.nodes, version.nodes.length, version.nodeCount)}
            </li>
          ))}
        </ul>
        {data.grid ? (
          <>
            {data.grid.stale ? (
              <p role="status">
                <strong>Stale:</strong> {data.grid.source} is not answering; this is its last table, from{' '}
                {formatDuration(data.generatedAt - (data.grid.fetchedAt ?? data.generatedAt))} ago.
              </p>
            ) : null}
            <PartitionGrid grid={data.grid} diff={data.diff.partitions} />
          </>
        ) : (
          <EmptyState title={node ? `${node} has not reported a routing table` : 'No node has reported a routing table yet'}>
            Routing is not available from this source, or the node has not answered yet.
          </EmptyState>
        )}
      </Panel>

      <div className={styles.twoColumns}>
        <Panel title={`Where views differ (${data.diff.total})`} age={age}>
          <DiffList diff={data.diff} />
        </Panel>
        <Panel title="Divergent partitions over time" age={age}>
          <DivergenceChart series={data.series} />
        </Panel>
      </div>

      <Panel title="Per node" age={age}>
        <NodeRoutingTable firstPage={data} node={node} table={table} pollIntervalMs={pollIntervalMs} at={at} />
      </Panel>
    </>
  );
}
