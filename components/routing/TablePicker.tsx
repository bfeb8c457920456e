import type { RoutingTableSummary } from '@/lib/diagnostics/routing-tables-view';
import styles from './routing.module.css';

/** The table a many-table cluster (Pegasus) is shown for, with each table's counts; nothing for single-table sources. */
export function TablePicker({ tables, table, onChoose }: { tables: RoutingTableSummary[]; table: string; onChoose: (table: string) => void }) {
  if (tables.length < 2 && !tables.some((entry) => entry.name !== '')) return null;
  return (
    <div className={styles.tablePicker}>
      <label>
        Table{' '}
        <select value={table} onChange={(event) => onChoose(event.currentTarget.value)} aria-label="Table">
          {tables.map((entry) => (
            <option key={entry.name} value={entry.name}>
              {entry.name || '(single table)'} — {entry.partitionCount} partitions
              {entry.unhealthy ? ` · ${entry.unhealthy} unhealthy` : ''}
            </option>
          ))}
        </select>
      </label>
      <ul className={styles.tableCounts} aria-label="Tables">
        {tables.map((entry) => (
          <li key={entry.name} aria-current={entry.name === table ? 'true' : undefined}>
            <strong className="mono">{entry.name || '(single table)'}</strong>: {entry.partitionCount} partitions
            {entry.unhealthy === null ? (
              ''
            ) : entry.unhealthy === 0 ? (
              <span className="muted"> · all fully healthy</span>
            ) : (
              <span className={styles.unhealthy}>
                {' '}
                · {entry.unhealthy} unhealthy ({entry.writeUnhealthy} write-unhealthy, {entry.readUnhealthy} read-unhealthy)
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
