import { ownerCounts } from './grid-layout';
import { UNOWNED_FRAME, ownerColor } from './owner-colors';
import styles from './routing.module.css';

/** Which colour is which node, with how many partitions each owns in the shown view. */
export function GridLegend({ runs, owners, differing }: { runs: readonly number[]; owners: readonly string[]; differing: number }) {
  const counts = [...ownerCounts(runs).entries()].sort((a, b) => a[0] - b[0]);
  return (
    <ul className={styles.legend} aria-label="Grid legend">
      {counts.map(([owner, count]) => (
        <li key={owner}>
          <span
            className={styles.swatch}
            style={{ background: ownerColor(owner), outline: owner < 0 ? `2px solid ${UNOWNED_FRAME}` : undefined }}
            aria-hidden="true"
          />
          {owner < 0 ? 'no owner' : (owners[owner] ?? '?')} <span className="muted">({count})</span>
        </li>
      ))}
      <li>
        <span className={`${styles.swatch} ${styles.swatchDiff}`} aria-hidden="true" />
        views differ <span className="muted">({differing})</span>
      </li>
    </ul>
  );
}
