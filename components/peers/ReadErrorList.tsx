'use client';

import { StatusBadge } from '@/components/ui/StatusBadge';
import { Table } from '@/components/ui/Table';
import { TimeAgo } from '@/components/ui/TimeAgo';
import type { ReadErrorKeyView } from '@/lib/diagnostics/peers-view';
import styles from './peers.module.css';

/** Peer-DB read errors per node and key: how many, the last message, and whether they are transient or persistent. */
export function ReadErrorList({ errors }: { errors: readonly ReadErrorKeyView[] }) {
  return (
    <div className={styles.tableScroll} style={{ maxHeight: '24rem' }}>
      <Table caption="Peer DB read errors per node and key" dense columns={['Class', 'State', 'Node', 'Key', 'Errors', 'Polls with new errors', 'Last message', 'Last new error']}>
        <tbody>
          {errors.map((error) => (
            <tr key={`${error.node}\u0000${error.subject}`} data-key={error.key}>
              <td>
                <StatusBadge status={error.class} label="class" />
              </td>
              <td>
                <StatusBadge status={error.stale ? 'stale' : error.active ? 'active' : 'resolved'} label="state" />
              </td>
              <td className={`mono ${styles.nowrap}`}>{error.node}</td>
              <td className="mono">{error.key}</td>
              <td>{error.total}</td>
              <td>{error.errorPolls}</td>
              <td className={styles.message} title={error.lastMessage}>
                {error.lastMessage}
              </td>
              <td className={styles.nowrap}>
                <TimeAgo at={error.lastNewAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
