import type { NodeReport } from '@/lib/contract/report';

/** Deeper than any report nests (the schemas bound it): below this, values are taken as they came. */
const MAX_DEPTH = 32;

/** The parts of a report compared with the node's last good report. */
const PARTS = ['node', 'peers', 'sync', 'routing', 'tables', 'logs', 'peerCounts', 'warnings', 'unavailable'] as const satisfies readonly (keyof NodeReport)[];

/**
 * `next` with every value equal to the one at the same place in `previous`
 * replaced by that one: strings, objects and arrays. Returns `previous` when
 * the two are equal throughout, else `next` (changed in place, never when
 * frozen). Plain JSON data only, as parsed answers are.
 */
function keepEqual(next: unknown, previous: unknown, depth: number): unknown {
  // Equal strings are one value to JavaScript but two copies in memory: the one already kept is returned.
  if (typeof next === 'string') return next === previous ? previous : next;
  if (next === previous || typeof next !== 'object' || next === null || typeof previous !== 'object' || previous === null) return next;
  if (depth > MAX_DEPTH || Array.isArray(next) !== Array.isArray(previous)) return next;
  const writable = !Object.isFrozen(next);
  if (Array.isArray(next)) {
    const before = previous as unknown[];
    let same = next.length === before.length;
    for (let index = 0; index < next.length; index += 1) {
      const kept = index < before.length ? keepEqual(next[index], before[index], depth + 1) : next[index];
      if (kept !== next[index] && writable) next[index] = kept;
      if (next[index] !== before[index]) same = false;
    }
    return same ? previous : next;
  }
  const into = next as Record<string, unknown>;
  const from = previous as Record<string, unknown>;
  let same = true;
  let nextKeys = 0;
  for (const key in into) {
    nextKeys += 1;
    if (!Object.hasOwn(from, key)) {
      same = false;
      continue;
    }
    const kept = keepEqual(into[key], from[key], depth + 1);
    if (kept !== into[key] && writable) into[key] = kept;
    if (into[key] !== from[key]) same = false;
  }
  if (!same) return next;
  let previousKeys = 0;
  for (const key in from) if (Object.hasOwn(from, key)) previousKeys += 1;
  return previousKeys === nextKeys ? previous : next;
}

/**
 * A node's report mostly repeats its last good one: the same peers, ids,
 * addresses, states and times, with a few numbers and the clock moved. Every
 * report is kept a whole poll interval, so all of it outlived the young
 * generation and was promoted, 5,000 times a cycle, only to be replaced a cycle
 * later. Here each part of the new report equal to the last one's (a string, a
 * peer, a link, the node's identity, a whole part) is swapped for the one already
 * kept, so the new copies die young and only what changed is kept anew. The
 * report's values are unchanged; only which equal copy holds them.
 */
export function keepUnchanged(report: NodeReport, lastOk: NodeReport | undefined): NodeReport {
  if (!lastOk || report.status !== 'ok' || Object.isFrozen(report)) return report;
  const into = report as Record<string, unknown>;
  const from = lastOk as Record<string, unknown>;
  for (const part of PARTS) {
    const value = into[part];
    if (value === undefined || value === null || from[part] === undefined || from[part] === null) continue;
    const kept = keepEqual(value, from[part], 0);
    if (kept !== value) into[part] = kept;
  }
  if (report.address === lastOk.address) into.address = lastOk.address;
  return report;
}
