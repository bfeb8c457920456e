import type { StatusSample } from '@/lib/contract/api';

/** A stretch without samples: Clusterscope was not running (or not polling) — unknown, never healthy. */
export type SampleGap = { from: number; to: number };

/** Polls may be late or backed off; only a silence longer than this many intervals (and 30 s) is a gap. */
const GAP_INTERVALS = 6;

/** The gaps between consecutive samples (oldest first). Pure. */
export function sampleGaps(samples: readonly StatusSample[], pollIntervalMs: number): SampleGap[] {
  const threshold = Math.max(GAP_INTERVALS * pollIntervalMs, 30_000);
  const gaps: SampleGap[] = [];
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  for (let index = 1; index < sorted.length; index++) {
    if (sorted[index].at - sorted[index - 1].at > threshold) gaps.push({ from: sorted[index - 1].at, to: sorted[index].at });
  }
  return gaps;
}
