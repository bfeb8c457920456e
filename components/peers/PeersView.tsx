'use client';

import { ChoiceOrText } from '@/components/ui/ChoiceOrText';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DataAge } from '@/components/ui/DataAge';
import { EmptyState } from '@/components/ui/EmptyState';
import { ErrorState } from '@/components/ui/ErrorState';
import { Panel } from '@/components/ui/Panel';
import { Skeleton } from '@/components/ui/Skeleton';
import { useLocalTime } from '@/lib/client/use-local-time';
import { peersQuery } from '@/lib/client/peers-queries';
import { usePollInterval, useStaleAfter } from '@/lib/client/queries';
import { CategoryCountsChart } from './CategoryCountsChart';
import { CategoryCountsTable } from './CategoryCountsTable';
import { CountsOverTimeChart } from './CountsOverTimeChart';
import { GoquaiCategories } from './GoquaiCategories';
import { PeerFindingsTable } from './PeerFindingsTable';
import { PeerTable, peerKey } from './PeerTable';
import { PeerTimeline } from './PeerTimeline';
import { ReadErrorList } from './ReadErrorList';
import styles from './peers.module.css';
import { useClusterName } from '@/lib/client/use-cluster';
import { useUrlFilter } from '@/lib/client/use-url-filter';
import { useAsOf } from '@/lib/client/use-as-of';

const FINDINGS_SHOWN = 30;
// `at` is kept with the filter, so filtering a past view stays in the past.
const PEER_FILTER_KEYS = ['node', 'category', 'q', 'at'] as const;
/** /peers: categories per node, the peers in them, who fell through a gap, and the peer DB's read errors. */
export function PeersView() {
  const time = useLocalTime();
  const cluster = useClusterName();
  const pollIntervalMs = usePollInterval(cluster);
  // Filters live in the URL: a filtered view can be shared.
  const [{ node, category, q: search }, setFilter] = useUrlFilter(PEER_FILTER_KEYS);
  const [selected, setSelected] = useState<string | null>(null);
  const { at } = useAsOf();
  const filter = { node: node || undefined, category: category || undefined, q: search.trim() || undefined };
  const peers = useQuery(peersQuery(cluster, filter, pollIntervalMs, at));
  const staleAfterMs = useStaleAfter(cluster);
  const data = peers.data;
  const age = <DataAge at={data?.generatedAt ?? null} staleAfterMs={staleAfterMs} />;

  if (!data) {
    return (
      <>
        <Header />
        {peers.isError ? (
          <ErrorState
            title="Peers could not be loaded"
            message={peers.error.message}
            next="The page retries on its own every poll interval; check that the Clusterscope server is running."
          />
        ) : (
          <Skeleton lines={8} label="Loading peers…" />
        )}
      </>
    );
  }

  const summary = data.nodeSummary;
  const order = summary.categories;
  const staleNodes = summary.stale.named;
  const activeFindings = data.findings.filter((f) => f.status === 'active');
  const resolvedFindings = data.findings.filter((f) => f.status === 'resolved');
  const selectedPeer = data.peers.find((p) => peerKey(p) === selected) ?? null;
  const selectPeer = (peerNode: string, peerId: string) => setSelected(peerKey({ node: peerNode, id: peerId }));
  const series = data.countsOverTime.find((s) => s.node === (node || selectedPeer?.node)) ?? data.countsOverTime[0] ?? null;

  return (
    <>
      <Header meta={`${summary.withPeers.toLocaleString('en-US')} nodes with peers · polled every ${data.pollIntervalMs / 1000} s · a gap closed within ${data.gapTransientPolls} polls is transient`} />

      {summary.stale.count > 0 ? (
        <p className={styles.staleNote} role="status">
          ◌ Not answering {at === null ? 'now' : 'then'}, showing last known categories:{' '}
          {staleNodes.map((n) => `${n.id} (last known at ${n.dataFrom === null ? '—' : time.clock(n.dataFrom)})`).join(', ')}
          {summary.stale.count > staleNodes.length ? ` and ${(summary.stale.count - staleNodes.length).toLocaleString('en-US')} more` : ''}
        </p>
      ) : null}

      {data.goquai.nodes.length > 0 ? (
        <Panel title="go-quai categories per location (from peers.log)" id="goquai-categories" age={age}>
          <GoquaiCategories nodes={data.goquai.nodes} />
        </Panel>
      ) : null}

      <div className={styles.gridEven}>
        <Panel title="Peers per category" id="category-counts" age={age}>
          {summary.withPeers === 0 ? (
            <EmptyState title="No node reports peers">None of the configured sources provides peer categories.</EmptyState>
          ) : (
            <>
              <CategoryCountsChart charted={summary.charted} chartable={summary.chartable} />
              <CategoryCountsTable firstPage={data} filter={filter} pollIntervalMs={pollIntervalMs} at={at} />
            </>
          )}
        </Panel>
        <Panel title={`Peer findings (${activeFindings.length} active)`} id="peer-findings" age={age}>
          {data.findings.length === 0 ? (
            <EmptyState title="No peer findings">No peer fell out of its categories, none is in two, and no peer DB read errors were reported.</EmptyState>
          ) : (
            <PeerFindingsTable findings={[...activeFindings, ...resolvedFindings].slice(0, FINDINGS_SHOWN)} onSelectPeer={selectPeer} />
          )}
        </Panel>
      </div>

      <div className={styles.grid}>
        <Panel title={`Peers (${data.matchingPeers})`} id="peers" age={age}>
          <div className={styles.filters} role="search" aria-label="Filter peers">
            <div>
              <label htmlFor="peers-filter-node">Node</label>
              <ChoiceOrText
                id="peers-filter-node"
                choices={summary.choices?.map((id) => ({ value: id, label: id })) ?? null}
                value={node}
                allLabel="All nodes"
                onChange={(value) => setFilter({ node: value })}
              />
            </div>
            <div>
              <label htmlFor="peers-filter-category">Category</label>
              <select id="peers-filter-category" value={category} onChange={(e) => setFilter({ category: e.target.value })}>
                <option value="">All categories</option>
                {order.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="peers-filter-search">Search peer id</label>
              <input
                id="peers-filter-search"
                type="search"
                value={search}
                onChange={(e) => setFilter({ q: e.target.value })}
                placeholder="id or address"
              />
            </div>
          </div>
          {data.peers.length === 0 ? (
            <EmptyState title="No peers match">Change the filters above.</EmptyState>
          ) : (
            <>
              <PeerTable peers={data.peers} categoryOrder={order} selected={selected} onSelect={setSelected} />
              {data.matchingPeers > data.peers.length ? (
                <p className="muted">
                  Showing {data.peers.length} of {data.matchingPeers}; narrow the filters to see the rest.
                </p>
              ) : null}
            </>
          )}
        </Panel>
        <div className={styles.column}>
          <Panel
            title="Category history"
            id="peer-history"
            age={selectedPeer ? <DataFromNote at={selectedPeer.dataFrom} stale={selectedPeer.stale} /> : undefined}
          >
            {selectedPeer ? (
              <PeerTimeline peer={selectedPeer} categoryOrder={order} />
            ) : selected ? (
              <EmptyState title="That peer is not in the current list">Clear the filters, or it is no longer tracked.</EmptyState>
            ) : (
              <EmptyState title="No peer selected">Click a peer id to see its moves between categories.</EmptyState>
            )}
          </Panel>
          <Panel title={series ? `Counts over time · ${series.node}` : 'Counts over time'} id="counts-over-time" age={age}>
            {series ? <CountsOverTimeChart series={series} /> : <EmptyState title="No samples yet" />}
          </Panel>
        </div>
      </div>

      <Panel title={`Peer DB read errors (${data.readErrors.filter((e) => e.active).length} active)`} id="read-errors" age={age}>
        {data.readErrors.length === 0 ? (
          <EmptyState title="No read errors reported">No node reported an error reading its peer DB.</EmptyState>
        ) : (
          <ReadErrorList errors={data.readErrors} />
        )}
      </Panel>
    </>
  );
}

function Header({ meta }: { meta?: string }) {
  return (
    <div className="page-header">
      <h1>Peers</h1>
      {meta ? <span className="page-header__meta">{meta}</span> : null}
    </div>
  );
}

function DataFromNote({ at, stale }: { at: number | null; stale: boolean }) {
  const time = useLocalTime();
  if (stale && at !== null) return <span className={styles.staleNote}>last known at {time.clock(at)}</span>;
  return <DataAge at={at} prefix="answered" />;
}
