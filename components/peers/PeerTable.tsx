'use client';

import { SpacerRow, useVirtualRows, VirtualTable } from '@/components/ui/VirtualTable';
import type { PeerRow } from '@/lib/diagnostics/peers-view';
import { CategoryNames } from './CategoryNames';
import { PeerFlags } from './PeerFlags';
import styles from './peers.module.css';

export const peerKey = (peer: Pick<PeerRow, 'node' | 'id'>) => `${peer.node}\u0000${peer.id}`;

function rowClass(peer: PeerRow, selected: boolean): string | undefined {
  const classes = [
    peer.gap ? styles.rowGap : null,
    peer.multiCategory ? styles.rowMulti : null,
    peer.stale ? styles.rowStale : null,
    selected ? styles.rowSelected : null,
  ].filter(Boolean);
  return classes.length ? classes.join(' ') : undefined;
}

/** Peers, flagged ones first (the server sorts them); click a peer id to see its category history. */
export function PeerTable({
  peers,
  categoryOrder,
  selected,
  onSelect,
}: {
  peers: readonly PeerRow[];
  categoryOrder: readonly string[];
  selected: string | null;
  onSelect: (key: string) => void;
}) {
  const { scrollRef, ...visible } = useVirtualRows(peers.length, (index) => peerKey(peers[index]));
  return (
    <VirtualTable caption="Peers per node with their category" scrollRef={scrollRef} dense>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Peer</th>
            <th scope="col">Category</th>
            <th scope="col">Score</th>
            <th scope="col">Flags</th>
            <th scope="col">Address</th>
          </tr>
        </thead>
        <tbody>
          <SpacerRow height={visible.before} />
          {visible.rows.map((item) => {
            const peer = peers[item.index];
            const key = peerKey(peer);
            return (
              <tr key={item.key} ref={visible.measure} data-index={item.index} className={rowClass(peer, key === selected)} data-peer={peer.id} data-node={peer.node}>
                <td className={`mono ${styles.nowrap}`}>{peer.node}</td>
                <td className={styles.peerCell}>
                  <button
                    type="button"
                    className={styles.peerButton}
                    aria-pressed={key === selected}
                    aria-label={`Category history of ${peer.id} on ${peer.node}`}
                    onClick={() => onSelect(key)}
                  >
                    {peer.id}
                  </button>
                </td>
                <td>
                  <CategoryNames names={peer.categories} order={categoryOrder} />
                </td>
                <td>{peer.score ?? <span className="faint">—</span>}</td>
                <td>
                  <PeerFlags peer={peer} />
                </td>
                <td className={`mono ${styles.peerCell}`}>{peer.address ?? <span className="faint">—</span>}</td>
              </tr>
            );
          })}
          <SpacerRow height={visible.after} />
        </tbody>
    </VirtualTable>
  );
}
