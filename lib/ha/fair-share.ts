/**
 * The election's arithmetic, kept pure: how many clusters one replica may
 * hold, and which it gives back or tries next.
 */

/** At most ceil(clusters / live replicas): clusters spread, and every cluster fits. */
export function fairShare(clusterCount: number, liveReplicas: number): number {
  return Math.ceil(clusterCount / Math.max(1, liveReplicas));
}

/**
 * What one round does with the clusters it holds: give one back when over its
 * share (one per round, so clusters move gradually), or try the free ones in
 * config order until the share is reached.
 */
export function planRound(
  clusters: readonly string[],
  held: ReadonlySet<string>,
  share: number,
): { release: string | null; tryTake: string[] } {
  if (held.size > share) {
    const release = [...clusters].reverse().find((cluster) => held.has(cluster)) ?? null;
    return { release, tryTake: [] };
  }
  if (held.size === share) return { release: null, tryTake: [] };
  return { release: null, tryTake: clusters.filter((cluster) => !held.has(cluster)) };
}
