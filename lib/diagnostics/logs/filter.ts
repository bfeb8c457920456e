import { LOG_LEVELS, type LogLevel } from '@/lib/contract/admin-v1';
import { LineSource, LogClass, LogLine, arrayLineSource, lineTime } from './lines';
import { ClassifierState, ClassifyContext, classifyGroup } from './classifier';
import { LogFilterFields, LogLineView, lineView, textMatcher } from './view';

/** Filtering lines for the panel: the operator's filters, a page of lines and the level histogram. */

export type LogQuery = LogFilterFields & {
  /** Only lines of these groups. */
  groups?: ReadonlySet<string>;
  /** Page below this seq (exclusive); absent = from the newest line. */
  cursor?: number;
  limit: number;
};

export type LevelBucket = { t: number } & Record<LogLevel, number>;
export type LevelHistogram = { bucketMs: number; buckets: LevelBucket[] };

export type LogPage = {
  /** Newest first: pages follow arrival order, lines within a page their timestamps. */
  lines: LogLineView[];
  /** Pass as `cursor` for the next (older) page; null when this is the last. */
  nextCursor: number | null;
  /** Lines matching the filter in the whole retention (cursor and limit aside). */
  matched: number;
  histogram: LevelHistogram;
};

export type LineGroupLookup = {
  groupOf(seq: number): string | undefined;
  classOf(groupId: string): LogClass | undefined;
  /** When the line happened, from the classifier's index when it has the line. */
  timeOf(line: LogLine): number;
};

const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400].map((s) => s * 1000);
const HISTOGRAM_BUCKETS = 60;

/** A bucket width that gives about 60 bars over the range. */
export function histogramBucketMs(rangeMs: number): number {
  const raw = Math.max(1, rangeMs) / HISTOGRAM_BUCKETS;
  return NICE_STEPS.find((step) => step >= raw) ?? NICE_STEPS[NICE_STEPS.length - 1];
}

/**
 * One pass over the retained lines (oldest → newest): counts matches into the
 * level histogram and keeps the newest `limit` matches below the cursor in a
 * ring, so memory stays bounded by `limit` whatever the retention.
 */
export function filterLogs(
  lines: readonly LogLine[] | LineSource,
  query: LogQuery,
  lookup: LineGroupLookup | null,
  now: number,
): LogPage {
  const source = isLineSource(lines) ? lines : arrayLineSource(lines);
  const text = textMatcher(query.q);
  const levels = query.levels && query.levels.length < LOG_LEVELS.length ? new Set(query.levels) : null;
  const nodes = query.nodes && query.nodes.length > 0 ? new Set(query.nodes) : null;
  const components = query.components && query.components.length > 0 ? new Set(query.components) : null;
  const limit = Math.max(1, query.limit);
  const cursor = query.cursor ?? Number.POSITIVE_INFINITY;
  const needsTime = query.since !== undefined || query.until !== undefined;
  const timeOf = lookup ? lookup.timeOf : lineTime;

  // Indexes into the source, not lines: the source may pass one reused object for every line.
  const ring: number[] = new Array(limit + 1);
  let ringCount = 0;
  let belowCursor = 0;
  let matched = 0;
  const matchedAt: number[] = [];
  const matchedLevel: LogLevel[] = [];
  let minAt = Number.POSITIVE_INFINITY;

  source.scan((line, index) => {
    if (levels && !levels.has(line.level)) return;
    if (nodes && !nodes.has(line.node)) return;
    if (components && !components.has(line.component ?? '')) return;
    let at = 0;
    if (needsTime) {
      at = timeOf(line);
      if (query.since !== undefined && at < query.since) return;
      if (query.until !== undefined && at > query.until) return;
    }
    if (query.class || query.groups) {
      const group = lookup?.groupOf(line.seq);
      if (group === undefined) return;
      if (query.groups && !query.groups.has(group)) return;
      if (query.class && lookup?.classOf(group) !== query.class) return;
    }
    if (
      text &&
      !text.test(line.message) &&
      !(line.subject && text.test(line.subject)) &&
      !(line.code && text.test(line.code)) &&
      !text.test(line.component ?? '') &&
      !text.test(line.node)
    ) {
      return;
    }
    matched++;
    if (!needsTime) at = timeOf(line);
    if (at < minAt) minAt = at;
    matchedAt.push(at);
    matchedLevel.push(line.level);
    if (line.seq < cursor) {
      ring[belowCursor % (limit + 1)] = index;
      belowCursor++;
      ringCount = Math.min(belowCursor, limit + 1);
    }
  });

  // Newest first: walk the ring backwards from the last written slot.
  const page: LogLineView[] = [];
  const kept = Math.min(ringCount, limit);
  for (let i = 0; i < kept; i++) {
    const line = source.lineAt(ring[(belowCursor - 1 - i) % (limit + 1)]);
    page.push(lineView(line, lookup?.groupOf(line.seq) ?? null, timeOf(line)));
  }
  // The cursor follows arrival order (seq) so pages never overlap; the oldest
  // arrival of the page is where the next page starts.
  const nextCursor = belowCursor > limit ? page[page.length - 1].seq : null;
  // Nodes' lines arrive a poll at a time, so within a page show them by their own time, newest first.
  page.sort((a, b) => b.at - a.at || b.seq - a.seq);

  const rangeStart = query.since ?? (Number.isFinite(minAt) ? minAt : now);
  const rangeEnd = Math.max(rangeStart + 1, query.until ?? now);
  const bucketMs = histogramBucketMs(rangeEnd - rangeStart);
  const first = Math.floor(rangeStart / bucketMs) * bucketMs;
  const count = Math.min(Math.floor((rangeEnd - first) / bucketMs) + 1, HISTOGRAM_BUCKETS * 3);
  const buckets: LevelBucket[] = Array.from({ length: count }, (_, i) => ({ t: first + i * bucketMs, debug: 0, info: 0, warn: 0, error: 0, unknown: 0 }));
  for (let i = 0; i < matchedAt.length; i++) {
    const index = Math.floor((matchedAt[i] - first) / bucketMs);
    if (index < 0 || index >= count) continue;
    buckets[index][matchedLevel[i]]++;
  }
  return { lines: page, nextCursor, matched, histogram: { bucketMs, buckets } };
}

function isLineSource(lines: readonly LogLine[] | LineSource): lines is LineSource {
  return !Array.isArray(lines);
}

/** A lookup over the classifier state and a verdict per group for this request. */
export function lineGroupLookup(state: ClassifierState, ctx: ClassifyContext): LineGroupLookup {
  const verdicts = new Map<string, LogClass>();
  return {
    groupOf: (seq) => state.groupBySeq.get(seq),
    timeOf: (line) => state.timeBySeq.get(line.seq) ?? lineTime(line),
    classOf: (id) => {
      const known = verdicts.get(id);
      if (known) return known;
      const group = state.groups.get(id);
      if (!group) return undefined;
      const verdict = classifyGroup(group, ctx).class;
      verdicts.set(id, verdict);
      return verdict;
    },
  };
}
