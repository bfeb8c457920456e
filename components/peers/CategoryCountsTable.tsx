'use client';

import { useQueries } from '@tanstack/react-query';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { LoadingRow, SpacerRow, useVirtualRows, VirtualTable } from '@/components/ui/VirtualTable';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { pageOffsetsOf, rowAt } from '@/lib/client/paged-rows';
import { PEERS_NODES_PAGE_SIZE, peersQuery, type PeersFilter } from '@/lib/client/peers-queries';
import { useClusterName } from '@/lib/client/use-cluster';
import { useLocalTime } from '@/lib/client/use-local-time';
import type { PeersPageView } from '@/lib/contract/views';
import type { PeersNodeView } from '@/lib/diagnostics/peers-view';
import styles from './peers.module.css';

/**
 * The chart's numbers as a table: what each node answered, and whether that
 * answer is current. Virtualized and paged on the server: the page holds the
 * first rows, and only the pages of the rows in view are asked for (each
 * polled with its ETag, so 304 between cycles).
 */
export function CategoryCountsTable({
  firstPage,
  filter,
  pollIntervalMs,
  at,
}: {
  firstPage: PeersPageView;
  filter: PeersFilter;
  pollIntervalMs: number;
  at: number | null;
}) {
  const cluster = useClusterName();
  const time = useLocalTime();
  const { categories, anyUndeclared, unavailable } = firstPage.nodeSummary;
  // Rows are keyed by position: a row's node arrives with its page.
  const { scrollRef, ...rows } = useVirtualRows(firstPage.page.total, (index) => `row-${index}`);
  const offsets = pageOffsetsOf(
    rows.rows.map((item) => item.index),
    PEERS_NODES_PAGE_SIZE,
  ).filter((offset) => offset > 0);
  const later = useQueries({ queries: offsets.map((offset) => peersQuery(cluster, filter, pollIntervalMs, at, offset)) });
  const pages = new Map<number, readonly PeersNodeView[]>([[0, firstPage.nodes]]);
  offsets.forEach((offset, i) => {
    const data = later[i]?.data;
    if (data) pages.set(offset, data.nodes);
  });
  return (
    <>
      <VirtualTable caption="Peers per category per node" scrollRef={scrollRef} dense>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Status</th>
            {categories.map((name) => (
              <th scope="col" key={name}>
                {name}
              </th>
            ))}
            {anyUndeclared ? <th scope="col">Undeclared</th> : null}
            <th scope="col">Gap</th>
            <th scope="col">2+</th>
            <th scope="col">Data from</th>
          </tr>
        </thead>
        <tbody>
          <SpacerRow height={rows.before} />
          {rows.rows.map((item) => {
            const node = rowAt(pages, PEERS_NODES_PAGE_SIZE, item.index);
            if (!node) {
              return <LoadingRow key={item.key} index={item.index} columns={categories.length + (anyUndeclared ? 6 : 5)} measure={rows.measure} />;
            }
            const undeclared = Object.entries(node.undeclaredCounts);
            const noData = node.dataStatus === 'unknown';
            return (
              <tr key={item.key} ref={rows.measure} data-index={item.index} data-node={node.id} className={node.dataStatus === 'stale' ? styles.rowStale : undefined}>
                <th scope="row" className={`mono ${styles.nowrap}`}>
                  {node.id}
                </th>
                <td>
                  {node.dataStatus === 'unavailable' ? null : <StatusBadge status={node.dataStatus} label={`${node.id} peers data`} />}
                  {node.nodeStatus !== 'ok' && node.nodeStatus !== node.dataStatus ? (
                    <>
                      {' '}
                      <StatusBadge status={node.nodeStatus} label={`${node.id} node`} />
                    </>
                  ) : null}
                </td>
                {categories.map((name) => (
                  <td key={name} data-category={name}>
                    {noData || !node.categories.includes(name) ? <span className="faint">—</span> : (node.counts[name] ?? 0)}
                  </td>
                ))}
                {anyUndeclared ? (
                  <td>{undeclared.length === 0 ? <span className="faint">0</span> : undeclared.map(([name, n]) => `${name}: ${n}`).join(', ')}</td>
                ) : null}
                <td>{node.peersInGap}</td>
                <td>{node.peersInSeveralCategories}</td>
                <td>
                  {node.dataStatus === 'stale' && node.dataFrom !== null ? (
                    <span className={styles.staleNote}>last known at {time.clock(node.dataFrom)}</span>
                  ) : (
                    <TimeAgo at={node.dataFrom} never="never answered" />
                  )}
                </td>
              </tr>
            );
          })}
          <SpacerRow height={rows.after} />
        </tbody>
      </VirtualTable>
      {unavailable.count > 0 ? (
        <p className="muted">Peers not available from this source: {unavailable.named.join(', ')}{unavailable.count > unavailable.named.length ? ` and ${(unavailable.count - unavailable.named.length).toLocaleString('en-US')} more` : ''}.</p>
      ) : null}
    </>
  );
}
