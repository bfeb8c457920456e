import Link from 'next/link';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { TimeAgo } from '@/components/ui/TimeAgo';
import type { NodeStatus } from '@/lib/contract/report';
import { isRejection } from '@/lib/diagnostics/sync';
import { formatBytes } from '@/lib/diagnostics/sync-text';
import type { SyncLinkRow } from '@/lib/diagnostics/sync-view';
import styles from './sync.module.css';
import { nodePath } from '@/lib/client/cluster-paths';
import { useClusterName } from '@/lib/client/use-cluster';

/** An age measured when the data was built, as a ticking "… ago". */
function AgeOf({ ageMs, asOf }: { ageMs: number | null; asOf: number }) {
  return <TimeAgo at={ageMs === null ? null : asOf - ageMs} never="unknown" />;
}

const unknownText = <span className="muted">unknown</span>;

/** Why the other end's claim is not shown as current. */
function staleSideText(status: NodeStatus): string {
  return status === 'ok' || status === 'stale' ? 'last report too old' : `not answering (${status})`;
}

/** One replication link: what it claims, what the evidence says, and the facts behind both. */
export function LinkRow({
  row,
  asOf,
  selected,
  onSelect,
}: {
  row: SyncLinkRow;
  asOf: number;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  const cluster = useClusterName();
  const critical = row.verdict?.severity === 'critical';
  const tone = row.contradiction ? styles.contradicted : critical ? 'row--bad' : '';
  const className = [tone, selected ? styles.selectedRow : ''].filter(Boolean).join(' ') || undefined;
  const otherSides = row.sides.filter((side) => side.node !== row.reportedBy);
  return (
    <tr className={className} data-link={row.id} data-selected={selected || undefined}>
      <th scope="row">
        <Link href={nodePath(cluster, row.replica)}>{row.replica}</Link>
        <span className={styles.linkId}>{row.id}</span>
      </th>
      <td>
        <StatusBadge status={row.state} label="link state" />
        {row.state === 'unknown' ? (
          <span className={styles.small}>{row.reportedState === null ? 'no state reported' : `node said "${row.reportedState}"`}</span>
        ) : null}
        {row.state === 'stale' && row.reportedState !== null ? (
          <span className={styles.small}>last said &quot;{row.reportedState}&quot;</span>
        ) : null}
        {otherSides.map((side) => (
          <span key={side.node} className={styles.small}>
            {side.side} {side.node}: {side.fresh ? (side.reportedState ?? 'no state') : staleSideText(side.nodeStatus)}
          </span>
        ))}
      </td>
      <td>
        {row.verdict ? (
          <>
            <span className={styles.verdict}>
              <StatusBadge status={row.verdict.severity} label="verdict" />
              <code>{row.verdict.kind}</code>
            </span>
            {row.contradiction ? (
              <p className={styles.contradiction} role="note" aria-label={`Contradiction on ${row.id}`}>
                <strong>Contradicted:</strong> {row.contradiction}
              </p>
            ) : null}
            <ul className={styles.conditionList}>
              {row.conditions
                .filter((condition) => condition.kind !== 'sync.stalled' || !row.contradiction)
                .map((condition) => (
                  <li key={`${condition.kind}:${condition.node}`}>{condition.summary}</li>
                ))}
            </ul>
          </>
        ) : (
          <>
            <span className="muted">no finding</span>
            {/* No finding is not "fine" while a side cannot be read: say whose word is missing. */}
            {otherSides
              .filter((side) => !side.fresh)
              .map((side) => (
                <span key={side.node} className={styles.small}>
                  {side.side} {side.node}&apos;s side not known
                </span>
              ))}
          </>
        )}
      </td>
      <td className="num">{row.lag === null ? unknownText : formatBytes(row.lag)}</td>
      <td className="num">
        {row.attempts === null && row.maxAttempts === null ? (
          unknownText
        ) : (
          <span className={row.retriesExhausted ? styles.exhausted : undefined}>
            {row.maxAttempts === null ? (row.attempts ?? 'unknown') : `${row.attempts ?? '?'}/${row.maxAttempts}`}
            {row.retriesExhausted ? <span className={styles.small}>retries exhausted</span> : null}
            {row.maxAttempts === null ? <span className={styles.small}>no maximum reported</span> : null}
          </span>
        )}
      </td>
      <td>
        {row.lastError ? (
          <>
            <span className="mono">{row.lastError.code ?? 'error'}</span>: {row.lastError.message}
            <span className={styles.small}>
              <AgeOf ageMs={row.lastError.ageMs} asOf={asOf} />
            </span>
          </>
        ) : (
          <span className="muted">none reported</span>
        )}
      </td>
      <td>
        <AgeOf ageMs={row.lastIoAgeMs} asOf={asOf} />
      </td>
      <td>
        {row.registration ? (
          <>
            {isRejection(row.registration.result) ? (
              <span className={styles.rejected}>✕ {row.registration.result}</span>
            ) : (
              row.registration.result
            )}
            {row.registration.message ? <span className={styles.small}>{row.registration.message}</span> : null}
            <span className={styles.small}>
              <AgeOf ageMs={row.registration.ageMs} asOf={asOf} />
            </span>
          </>
        ) : (
          <span className="muted">none reported</span>
        )}
      </td>
      <td>
        {row.reportedBy ?? unknownText}
        <span className={styles.small}>
          <TimeAgo at={row.reportedAt} />
        </span>
      </td>
      <td>
        <button type="button" style={{ whiteSpace: 'nowrap' }} aria-pressed={selected} onClick={() => onSelect(row.id)} aria-label={`Chart ${row.id}`}>
          {selected ? 'Charted' : 'Chart'}
        </button>
      </td>
    </tr>
  );
}
