import { useLocalTime } from '@/lib/client/use-local-time';
import type { PeerRow } from '@/lib/diagnostics/peers-view';
import styles from './peers.module.css';

/** Why a peer is highlighted: in a gap (with how long and what it was), in several categories, or last known only. */
export function PeerFlags({ peer }: { peer: PeerRow }) {
  const time = useLocalTime();
  return (
    <>
      {peer.gap ? (
        <span className={`${styles.flag} ${styles.flagGap}`} title={`In no category since ${time.clock(peer.gap.startedAt)}`}>
          ⚠ gap · was {peer.gap.categoryBefore ?? '?'} · {peer.gap.polls} poll{peer.gap.polls === 1 ? '' : 's'} · {peer.gap.class}
        </span>
      ) : null}
      {peer.multiCategory ? <span className={`${styles.flag} ${styles.flagMulti}`}>⧉ in {peer.categories.length} categories</span> : null}
      {peer.stale ? <span className={`${styles.flag} ${styles.flagStale}`}>◌ stale</span> : null}
      {!peer.gap && peer.lastGap ? (
        <span className="muted" title={`Back in ${peer.lastGap.categoryAfter.join(', ')} at ${time.clock(peer.lastGap.endedAt)}`}>
          last gap {peer.lastGap.class} ({peer.lastGap.categoryBefore ?? '?'} → {peer.lastGap.categoryAfter.join(', ')})
        </span>
      ) : null}
    </>
  );
}
