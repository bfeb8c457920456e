'use client';

import { StatusBadge } from '@/components/ui/StatusBadge';
import { SpacerRow, useVirtualRows, VirtualTable } from '@/components/ui/VirtualTable';
import { TimeAgo } from '@/components/ui/TimeAgo';
import { useLocalTime } from '@/lib/client/use-local-time';
import type { PeersNodeView } from '@/lib/diagnostics/peers-view';
import styles from './peers.module.css';
import { categoryOrder } from './category-colors';

/** The chart's numbers as a table: what each node answered, and whether that answer is current. */
export function CategoryCountsTable({ nodes: allNodes }: { nodes: readonly PeersNodeView[] }) {
  const time = useLocalTime();
  const nodes = allNodes.filter((node) => node.dataStatus !== 'unavailable');
  const unavailable = allNodes.filter((node) => node.dataStatus === 'unavailable');
  const categories = categoryOrder(nodes);
  const anyUndeclared = nodes.some((node) => Object.keys(node.undeclaredCounts).length > 0);
  const { scrollRef, ...rows } = useVirtualRows(nodes.length, (index) => nodes[index].id);
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
            const node = nodes[item.index];
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
      {unavailable.length > 0 ? (
        <p className="muted">Peers not available from this source: {unavailable.map((node) => node.id).join(', ')}.</p>
      ) : null}
    </>
  );
}
