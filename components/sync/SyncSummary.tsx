import type { FindingKind } from '@/lib/contract/findings';
import type { SyncView } from '@/lib/diagnostics/sync-view';
import styles from './sync.module.css';

const KIND_WORDS: Partial<Record<FindingKind, string>> = {
  'sync.error': 'in error',
  'sync.stalled': 'contradicted (stalled)',
  'sync.unknown': 'unknown',
  'sync.registration_loop': 'registration loop',
  'sync.lagging': 'lagging',
};

/** How many links there are and how many need a look, in words. */
export function SyncSummary({ view }: { view: SyncView }) {
  const kinds = Object.entries(view.counts.byKind) as Array<[FindingKind, number]>;
  return (
    <p className={styles.summary} aria-label="Link summary">
      <span>
        <strong>{view.counts.links.toLocaleString('en-US')}</strong> link{view.counts.links === 1 ? '' : 's'}
      </span>
      <span>
        <strong>{view.counts.withCondition.toLocaleString('en-US')}</strong> with a finding
      </span>
      {kinds.map(([kind, count]) => (
        <span key={kind}>
          <strong>{count.toLocaleString('en-US')}</strong> {KIND_WORDS[kind] ?? kind}
        </span>
      ))}
    </p>
  );
}
