'use client';

import { StatusBadge } from '@/components/ui/StatusBadge';
import { Table } from '@/components/ui/Table';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { formatClock } from '@/lib/client/format';
import type { PeersNodeView } from '@/lib/diagnostics/peers';
import styles from './peers.module.css';
import { categoryOrder } from './category-colors';

/** The chart's numbers as a table: what each node answered, and whether that answer is current. */
export function CategoryCountsTable({ nodes }: { nodes: readonly PeersNodeView[] }) {
  const categories = categoryOrder(nodes);
  return (
    <Table caption="Peers per category per node" dense>
      <thead>
        <tr>
          <th scope="col">Node</th>
          <th scope="col">Status</th>
          {categories.map((name) => (
            <th scope="col" key={name}>
              {name}
            </th>
          ))}
          <th scope="col">Undeclared</th>
          <th scope="col">In a gap</th>
          <th scope="col">In 2+</th>
          <th scope="col">Data from</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((node) => {
          const undeclared = Object.entries(node.undeclaredCounts);
          const unavailable = node.dataStatus === 'unavailable' || node.dataStatus === 'unknown';
          return (
            <tr key={node.id} data-node={node.id} className={node.dataStatus === 'stale' ? styles.rowStale : undefined}>
              <th scope="row" className="mono">
                {node.id}
              </th>
              <td>
                {node.dataStatus === 'unavailable' ? (
                  <span className="muted">not available from this source</span>
                ) : (
                  <StatusBadge status={node.dataStatus} label={`${node.id} peers data`} />
                )}
                {node.nodeStatus !== 'ok' && node.nodeStatus !== node.dataStatus ? (
                  <>
                    {' '}
                    <StatusBadge status={node.nodeStatus} label={`${node.id} node`} />
                  </>
                ) : null}
              </td>
              {categories.map((name) => (
                <td key={name} data-category={name}>
                  {unavailable || !node.categories.includes(name) ? <span className="faint">—</span> : (node.counts[name] ?? 0)}
                </td>
              ))}
              <td>{undeclared.length === 0 ? <span className="faint">0</span> : undeclared.map(([name, n]) => `${name}: ${n}`).join(', ')}</td>
              <td>{node.peersInGap}</td>
              <td>{node.peersInSeveralCategories}</td>
              <td>
                {node.dataStatus === 'stale' && node.dataFrom !== null ? (
                  <span className={styles.staleNote}>last known at {formatClock(node.dataFrom)}</span>
                ) : (
                  <TimeAgo at={node.dataFrom} never="never answered" />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
