'use client';

import Link from 'next/link';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { SpacerRow, useVirtualRows, VirtualTable } from '@/components/ui/VirtualTable';
import { formatLatency } from '@/lib/client/format';
import type { NodeSummary } from '@/lib/contract/api';
import { nodeStatusNote } from './reason-text';
import { nodePath } from '@/lib/client/cluster-paths';
import { useClusterName } from '@/lib/client/use-cluster';

/**
 * Every node with its status and why: one row per node, the id links to its
 * page. Virtualized: 5,000 nodes cost the DOM of the rows in view, not 5,000 rows.
 */
export function NodeTable({ nodes }: { nodes: readonly NodeSummary[] }) {
  const cluster = useClusterName();
  const { scrollRef, ...rows } = useVirtualRows(nodes.length, (index) => nodes[index].id);
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
            const node = nodes[item.index];
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
