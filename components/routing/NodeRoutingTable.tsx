'use client';

import { useQueries } from '@tanstack/react-query';
import Link from 'next/link';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { LoadingRow, SpacerRow, useVirtualRows, VirtualTable } from '@/components/ui/VirtualTable';
import { TimeAgo } from '@/components/ui/TimeAgo';
import type { RoutingNodeRow } from '@/lib/diagnostics/routing-view';
import { nodePath } from '@/lib/client/cluster-paths';
import { pageOffsetsOf, rowAt } from '@/lib/client/paged-rows';
import { ROUTING_NODES_PAGE_SIZE, routingQuery, type RoutingPageView, type RoutingTableChoice, type RoutingViewChoice } from '@/lib/client/routing-queries';
import { useClusterName } from '@/lib/client/use-cluster';

function owned(row: RoutingNodeRow) {
  if (row.ownedReported === null && row.ownedComputed === null) return <td colSpan={2} className="muted">—</td>;
  const mismatch = row.ownedReported !== null && row.ownedComputed !== null && row.ownedReported !== row.ownedComputed;
  return (
    <>
      <td className="num">{row.ownedReported ?? <span className="muted">not reported</span>}</td>
      <td className="num">
        {row.ownedComputed}
        {mismatch ? <strong style={{ color: 'var(--bad)' }}> ≠ mismatch</strong> : null}
      </td>
    </>
  );
}

/**
 * Per node: its table's version, initialized flag, coordinator, owned count
 * reported vs its own table. Virtualized and paged on the server: the view
 * holds the first rows, and only the pages of the rows in view are asked for
 * (each polled with its ETag, so 304 between cycles).
 */
export function NodeRoutingTable({
  firstPage,
  node,
  table,
  pollIntervalMs,
  at,
}: {
  firstPage: RoutingPageView;
  node: RoutingViewChoice;
  table: RoutingTableChoice;
  pollIntervalMs: number;
  at: number | null;
}) {
  const cluster = useClusterName();
  const newestVersion = firstPage.newestVersion;
  // Rows are keyed by position: a row's node arrives with its page.
  const { scrollRef, ...visible } = useVirtualRows(firstPage.page.total, (index) => `row-${index}`);
  const offsets = pageOffsetsOf(
    visible.rows.map((item) => item.index),
    ROUTING_NODES_PAGE_SIZE,
  ).filter((offset) => offset > 0);
  const later = useQueries({ queries: offsets.map((offset) => routingQuery(cluster, node, pollIntervalMs, table, at, offset)) });
  const pages = new Map<number, readonly RoutingNodeRow[]>([[0, firstPage.nodes]]);
  offsets.forEach((offset, i) => {
    const data = later[i]?.data;
    if (data) pages.set(offset, data.nodes);
  });
  return (
    <VirtualTable caption="Routing table per node" scrollRef={scrollRef} dense>
      <thead>
        <tr>
          <th scope="col">Node</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col">Table</th>
          <th scope="col">Version</th>
          <th scope="col">Initialized</th>
          <th scope="col">Coordinator</th>
          <th scope="col" className="num">
            Owned (reported)
          </th>
          <th scope="col" className="num">
            Owned (its table)
          </th>
          <th scope="col" className="num">
            Differs from consensus
          </th>
        </tr>
      </thead>
      <tbody>
        <SpacerRow height={visible.before} />
        {visible.rows.map((item) => {
          const row = rowAt(pages, ROUTING_NODES_PAGE_SIZE, item.index);
          if (!row) {
            return <LoadingRow key={item.key} index={item.index} columns={10} measure={visible.measure} />;
          }
          const mismatch = row.ownedReported !== null && row.ownedComputed !== null && row.ownedReported !== row.ownedComputed;
          return (
            <tr key={item.key} ref={visible.measure} data-index={item.index} className={mismatch ? 'row--bad' : undefined} aria-label={`routing of ${row.id}`}>
              <td>
                <Link href={nodePath(cluster, row.id)}>{row.id}</Link>
              </td>
              <td>{row.role ?? <span className="muted">unknown</span>}</td>
              <td>
                <StatusBadge status={row.status} />
              </td>
              <td>
                {row.table === 'none' ? (
                  <span className="muted">not available</span>
                ) : row.table === 'stale' ? (
                  <>
                    <StatusBadge status="stale" label="table" /> from {row.tableFetchedAt !== null ? <TimeAgo at={row.tableFetchedAt} /> : '—'}
                  </>
                ) : (
                  'current'
                )}
              </td>
              <td>
                {row.version ?? <span className="muted">—</span>}
                {row.version !== null && row.table === 'fresh' && !row.isClient && newestVersion !== null && !row.atNewestVersion ? (
                  <span className="muted"> (behind {newestVersion})</span>
                ) : null}
              </td>
              <td>{row.initialized === null ? <span className="muted">—</span> : row.initialized ? 'yes' : <strong>no</strong>}</td>
              <td>{row.coordinator ?? <span className="muted">—</span>}</td>
              {owned(row)}
              <td className="num">{row.differsFromConsensus ?? <span className="muted">—</span>}</td>
            </tr>
          );
        })}
        <SpacerRow height={visible.after} />
      </tbody>
    </VirtualTable>
  );
}
