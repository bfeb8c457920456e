'use client';

import Link from 'next/link';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { SpacerRow, useVirtualRows, VirtualTable } from '@/components/ui/VirtualTable';
import { TimeAgo } from '@/components/ui/TimeAgo';
import type { RoutingNodeRow } from '@/lib/diagnostics/routing-view';
import { nodePath } from '@/lib/client/cluster-paths';
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

/** Per node: its table's version, initialized flag, coordinator, owned count reported vs its own table. */
export function NodeRoutingTable({ rows, newestVersion }: { rows: readonly RoutingNodeRow[]; newestVersion: string | null }) {
  const cluster = useClusterName();
  const { scrollRef, ...visible } = useVirtualRows(rows.length, (index) => rows[index].id);
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
          const row = rows[item.index];
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
