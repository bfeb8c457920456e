'use client';

import { useState } from 'react';
import type { LogLineView, LogsView } from '@/lib/diagnostics/logs';
import { fetchJson } from '@/lib/client/fetch-json';
import { logsPath, type LogFilter } from '@/lib/client/logs-queries';
import { useClusterName } from '@/lib/client/use-cluster';
import { logsViewSchema } from '@/lib/contract/views';
import { Panel } from '@/components/ui/Panel';
import { EmptyState } from '@/components/ui/EmptyState';
import { LogLineList } from './LogLineList';
import styles from './logs.module.css';

type Frozen = { lines: LogLineView[]; lastSeq: number; nextCursor: number | null };

/**
 * The newest matching lines from every node, updating each poll. Pausing
 * freezes what is shown (the groups above keep updating) and lets the
 * operator page back to older lines.
 */
export function LiveTail({ view, filter, live = true }: { view: LogsView; filter: LogFilter; live?: boolean }) {
  const cluster = useClusterName();
  const [frozen, setFrozen] = useState<Frozen | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  const paused = frozen !== null;
  const lines = frozen?.lines ?? view.lines;
  const newSince = frozen ? Math.max(0, view.lastSeq - frozen.lastSeq) : 0;

  const togglePause = () => {
    setOlderError(null);
    setFrozen(paused ? null : { lines: view.lines, lastSeq: view.lastSeq, nextCursor: view.nextCursor });
  };

  const loadOlder = async () => {
    if (!frozen || frozen.nextCursor === null) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      // The same cluster-scoped path as the panel's query, one page further back.
      const page = await fetchJson(logsPath(cluster, filter, { cursor: String(frozen.nextCursor), limit: '500' }), logsViewSchema);
      setFrozen((current) => (current ? { ...current, lines: [...current.lines, ...page.lines], nextCursor: page.nextCursor } : current));
    } catch (error) {
      setOlderError(error instanceof Error ? error.message : String(error));
    } finally {
      setLoadingOlder(false);
    }
  };

  return (
    <Panel title={live ? 'Live tail' : 'Lines before this moment'} id="live-tail">
      <div className={styles.tailBar}>
        <button type="button" className={styles.tailButton} aria-pressed={paused} onClick={togglePause}>
          {paused ? '❚❚ Paused' : 'Pause'}
        </button>
        <span className="muted" role="status">
          {paused
            ? `Paused: ${newSince.toLocaleString('en')} new lines since. Press again to follow.`
            : `Following: newest ${view.lines.length} of ${view.matched.toLocaleString('en')} matching lines, updated every poll.`}
        </span>
        {paused && frozen.nextCursor !== null ? (
          <button type="button" onClick={loadOlder} disabled={loadingOlder}>
            {loadingOlder ? 'Loading…' : 'Load older lines'}
          </button>
        ) : null}
        {olderError ? <span role="alert">{olderError}</span> : null}
      </div>
      {lines.length === 0 ? (
        <EmptyState title="No line matches the filters." />
      ) : (
        <LogLineList lines={lines} label="Log lines, newest first" tall />
      )}
    </Panel>
  );
}
