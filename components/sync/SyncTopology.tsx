import { useQueries } from '@tanstack/react-query';
import Link from 'next/link';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { Table } from '@/components/ui/Table';
import { useVirtualRows } from '@/components/ui/VirtualTable';
import type { SyncPageView } from '@/lib/contract/views';
import type { SyncPrimaryGroup, SyncViewParams } from '@/lib/diagnostics/sync-view';
import { pageOffsetsOf, rowAt } from '@/lib/client/paged-rows';
import { SYNC_GROUPS_PAGE_SIZE, syncQuery } from '@/lib/client/sync-queries';
import { ContainedError } from '@/components/ui/ContainedError';
import { ErrorRow } from '@/components/ui/ErrorRow';
import { LinkRow } from './LinkRow';
import styles from './sync.module.css';
import { nodePath } from '@/lib/client/cluster-paths';
import { useClusterName } from '@/lib/client/use-cluster';

/** Fixed widths so the tables of all primaries line up column by column. */
const COLUMN_WIDTHS = ['10%', '13%', '24%', '6%', '7%', '14%', '6%', '9%', '6%', '7.5rem'];

/**
 * One table per primary with its replicas' links. Virtualized and paged on
 * the server: thousands of primaries cost the DOM of the few in view, and
 * only the pages of those are asked for (each revalidated with its ETag).
 */
export function SyncTopology({
  firstPage,
  params,
  at,
  asOf,
  selectedId,
  onSelect,
}: {
  firstPage: SyncPageView;
  params: SyncViewParams;
  at: number | null;
  asOf: number;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const cluster = useClusterName();
  // Groups are keyed by position: a group arrives with its page.
  const { scrollRef, ...visible } = useVirtualRows(firstPage.page.total, (index) => `group-${index}`);
  // The dashboard already holds the first page.
  const offsets = pageOffsetsOf(
    visible.rows.map((item) => item.index),
    SYNC_GROUPS_PAGE_SIZE,
  ).filter((offset) => offset > 0);
  const later = useQueries({ queries: offsets.map((offset) => syncQuery(cluster, params, firstPage.pollIntervalMs, at, offset)) });
  const pages = new Map<number, readonly SyncPrimaryGroup[]>([[0, firstPage.groups]]);
  offsets.forEach((offset, i) => {
    const data = later[i]?.data;
    if (data) pages.set(offset, data.groups);
  });
  return (
    <div ref={scrollRef} className={styles.topologyScroll} tabIndex={0} role="region" aria-label="Replication links by primary">
      <div aria-hidden="true" style={{ height: visible.before }} />
      {visible.rows.map(({ index, key }) => {
        const group = rowAt(pages, SYNC_GROUPS_PAGE_SIZE, index);
        if (!group) {
          return (
            <section key={key} ref={visible.measure} data-index={index} className={styles.group} aria-busy="true">
              <p className="muted">Loading…</p>
            </section>
          );
        }
        return (
        <section key={key} ref={visible.measure} data-index={index} className={`${styles.group} ${styles.fixedTable}`} aria-label={`Primary ${group.primary}`}>
          <h3 className={styles.groupTitle}>
            Primary <Link href={nodePath(cluster, group.primary)}>{group.primary}</Link>
            <StatusBadge status={group.primaryStatus} label="primary node" />
            {group.primaryRole ? <span className="muted">role {group.primaryRole}</span> : null}
            <span className="muted">
              · {group.links.length} link{group.links.length === 1 ? '' : 's'}
            </span>
          </h3>
          <Table caption={`Replication links of primary ${group.primary}`} dense>
            <colgroup>
              {COLUMN_WIDTHS.map((width, index) => (
                <col key={index} style={{ width }} />
              ))}
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Replica</th>
                <th scope="col">State (as reported)</th>
                <th scope="col">Verdict</th>
                <th scope="col" className="num">
                  Lag
                </th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Last error</th>
                <th scope="col">Last I/O</th>
                <th scope="col">Registration</th>
                <th scope="col">Reported</th>
                <th scope="col">
                  <span className="sr-only">Chart</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {group.links.map((row) => (
                <ContainedError key={row.id} what={`Link ${row.id}`} fallback={(message) => <ErrorRow message={message} />}>
                  <LinkRow row={row} asOf={asOf} selected={row.id === selectedId} onSelect={onSelect} />
                </ContainedError>
              ))}
            </tbody>
          </Table>
        </section>
        );
      })}
      <div aria-hidden="true" style={{ height: visible.after }} />
    </div>
  );
}
