'use client';

import { useQueries } from '@tanstack/react-query';
import Link from 'next/link';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { LoadingRow, SpacerRow, useVirtualRows, VirtualTable } from '@/components/ui/VirtualTable';
import { formatLatency } from '@/lib/client/format';
import type { ClusterView, NodeSummary } from '@/lib/contract/api';
import { clusterQuery, NODE_PAGE_SIZE, type NodeFilter } from '@/lib/client/queries';
import { pageOffsetsOf, rowAt } from '@/lib/client/paged-rows';
import { nodeStatusNote } from './reason-text';
import { nodePath } from '@/lib/client/cluster-paths';
import { useClusterName } from '@/lib/client/use-cluster';

/**
 * Every node matching the filter with its status and why: one row per node,
 * the id links to its page. Virtualized and paged on the server: 5,000 nodes
 * cost the DOM of the rows in view, and only the pages of those rows are
 * asked for (each polled with its ETag, so 304 between cycles).
 */
export function NodeTable({ firstPage, filter, at }: { firstPage: ClusterView; filter: NodeFilter; at: number | null }) {
  const cluster = useClusterName();
  const total = firstPage.page?.total ?? firstPage.nodes.length;
  // Rows are keyed by position: a row's node arrives with its page.
  const { scrollRef, ...rows } = useVirtualRows(total, (index) => `row-${index}`);
  // The overview already holds the first page.
  const offsets = pageOffsetsOf(
    rows.rows.map((item) => item.index),
    NODE_PAGE_SIZE,
  ).filter((offset) => offset > 0);
  const later = useQueries({ queries: offsets.map((offset) => clusterQuery(cluster, at, filter, offset)) });
  const pages = new Map<number, readonly NodeSummary[]>([[0, firstPage.nodes]]);
  offsets.forEach((offset, i) => {
    const data = later[i]?.data;
    if (data) pages.set(offset, data.nodes);
  });
  return (
    <VirtualTable caption="Nodes" scrollRef={scrollRef}>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Role</th>
            <th scope="col">Address</th>
            <th scope="col">Status</th>
            <th scope="col">Last seen</th>
            <th scope="col" className="num">
              Latency
            </th>
            <th scope="col">Version</th>
          </tr>
        </thead>
        <tbody>
          <SpacerRow height={rows.before} />
          {rows.rows.map((item) => {
            const node = rowAt(pages, NODE_PAGE_SIZE, item.index);
            if (!node) {
              return <LoadingRow key={item.key} index={item.index} columns={7} measure={rows.measure} />;
            }
            const reason = nodeStatusNote(node.status, node.reason);
            const failing = node.status === 'unreachable' || node.status === 'timeout' || node.status === 'bad_response';
            return (
              <tr
                key={item.key}
                ref={rows.measure}
                data-index={item.index}
                className={failing ? 'row--bad' : undefined}
                data-node={node.id}
              >
                <th scope="row">
                  <Link href={nodePath(cluster, node.id)}>{node.id}</Link>
                </th>
                <td>{node.role ?? <span className="muted">unknown</span>}</td>
                <td className="mono">{node.address}</td>
                <td>
                  <StatusBadge status={node.status} />
                  {reason ? <span className="cell-reason">{reason}</span> : null}
                </td>
                <td>
                  <TimeAgo at={node.lastSeen} />
                </td>
                <td className="num">{formatLatency(node.latencyMs)}</td>
                <td className="mono">{node.version ?? <span className="muted">unknown</span>}</td>
              </tr>
            );
          })}
          <SpacerRow height={rows.after} />
        </tbody>
    </VirtualTable>
  );
}
