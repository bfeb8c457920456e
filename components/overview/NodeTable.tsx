'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useRef } from 'react';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { formatLatency } from '@/lib/client/format';
import type { NodeSummary } from '@/lib/contract/api';
import { nodeStatusNote } from './reason-text';
import { nodePath } from '@/lib/client/cluster-paths';
import { useClusterName } from '@/lib/client/use-cluster';

/** A row without a reason line; rows with one are measured as they render. */
const ROW_HEIGHT = 37;
/** The scroll box's height: a screenful of rows. */
const VIEWPORT_HEIGHT = 600;

/**
 * Every node with its status and why: one row per node, the id links to its
 * page. Virtualized: 5,000 nodes cost the DOM of the rows in view, not 5,000 rows.
 */
export function NodeTable({ nodes }: { nodes: readonly NodeSummary[] }) {
  const cluster = useClusterName();
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer's functions are not memoizable by the compiler; that is expected here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: nodes.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => nodes[index].id,
    // Rows in the server's HTML too, before the browser has measured the box.
    initialRect: { width: 0, height: VIEWPORT_HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const before = items.length > 0 ? items[0].start : 0;
  const after = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  return (
    <div ref={scrollRef} className="table-wrap table-wrap--scroll" style={{ maxHeight: VIEWPORT_HEIGHT }} tabIndex={0} role="region" aria-label="Nodes table">
      <table className="table" aria-rowcount={nodes.length + 1}>
        <caption className="sr-only">Nodes</caption>
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
          {before > 0 ? <tr aria-hidden="true" style={{ height: before }} /> : null}
          {items.map((item) => {
            const node = nodes[item.index];
            const reason = nodeStatusNote(node.status, node.reason);
            const failing = node.status === 'unreachable' || node.status === 'timeout' || node.status === 'bad_response';
            return (
              <tr
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className={failing ? 'row--bad' : undefined}
                data-node={node.id}
                aria-rowindex={item.index + 2}
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
          {after > 0 ? <tr aria-hidden="true" style={{ height: after }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
