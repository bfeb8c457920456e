'use client';

import { formatDuration } from '@/lib/client/format';
import { useLocalTime } from '@/lib/client/use-local-time';
import type { PeerRow } from '@/lib/diagnostics/peers-view';
import { CategoryNames } from './CategoryNames';
import { categoryColor } from './category-colors';
import styles from './peers.module.css';

type Segment = { from: number; to: number; categories: string[] };

/** The peer's remembered moves as spans of time, up to `until` (the node's last answer). */
function segmentsOf(peer: PeerRow, until: number): Segment[] {
  return peer.moves.map((move, index) => ({
    from: move.at,
    to: peer.moves[index + 1]?.at ?? until,
    categories: move.to,
  }));
}

/** A peer's category history: a strip (hatched where it was in no category) and the list of moves. */
export function PeerTimeline({ peer, categoryOrder }: { peer: PeerRow; categoryOrder: readonly string[] }) {
  const time = useLocalTime();
  const until = Math.max(peer.dataFrom ?? 0, peer.moves[peer.moves.length - 1]?.at ?? 0);
  const segments = segmentsOf(peer, until);
  const span = Math.max(1, until - (segments[0]?.from ?? until));
  return (
    <div>
      <p>
        <span className="mono">{peer.id}</span> on <span className="mono">{peer.node}</span>: now{' '}
        <CategoryNames names={peer.categories} order={categoryOrder} />
        {peer.stale ? <span className={styles.staleNote}> (last known)</span> : null}
      </p>
      <div className={styles.timelineBar} role="img" aria-label={`Category history of ${peer.id}`}>
        {segments.map((segment) => {
          const grow = Math.max(0.01, (segment.to - segment.from) / span);
          const title = `${segment.categories.join(' + ') || 'no category'} from ${time.clock(segment.from)} for ${formatDuration(segment.to - segment.from)}`;
          if (segment.categories.length === 0) {
            return <span key={segment.from} className={styles.timelineNone} style={{ flexGrow: grow }} title={title} />;
          }
          return (
            <span key={segment.from} style={{ flexGrow: grow, display: 'flex', flexDirection: 'column' }} title={title}>
              {segment.categories.map((name) => (
                <span key={name} className={styles.timelineSegment} style={{ flexGrow: 1, background: categoryColor(categoryOrder.indexOf(name)) }} />
              ))}
            </span>
          );
        })}
      </div>
      <ol className={styles.moves} aria-label={`Moves of ${peer.id}`}>
        {[...peer.moves].reverse().map((move) => (
          <li key={move.at}>
            <span className="mono muted">{time.clock(move.at)}</span>{' '}
            {move.from === null ? (
              <>first seen in </>
            ) : (
              <>
                <CategoryNames names={move.from} order={categoryOrder} /> →{' '}
              </>
            )}
            <CategoryNames names={move.to} order={categoryOrder} />
          </li>
        ))}
      </ol>
      {peer.lastGap ? (
        <p className="muted">
          Last gap: out of {peer.lastGap.categoryBefore ?? '?'} at {time.clock(peer.lastGap.startedAt)}, back in{' '}
          {peer.lastGap.categoryAfter.join(', ')} at {time.clock(peer.lastGap.endedAt)} after {peer.lastGap.polls} poll(s) —{' '}
          {peer.lastGap.class}. Gaps seen: {peer.gapCount}.
        </p>
      ) : null}
      <p className="faint">Up to the last 20 moves are kept per peer.</p>
    </div>
  );
}
