import { LOG_LEVELS, type LogEntry, type LogLevel } from '@/lib/contract/admin-v1';

/**
 * The log classifier: warnings and errors from every node are fingerprinted,
 * grouped by what they are, and each group is judged transient (stopped,
 * recovered, retried) or persistent (still recurring). The rules are written
 * down in docs/logs.md; keep the two in step.
 *
 * Pure: data and `now` in, data out. The state is folded forward from the
 * lines the log store added since the last fold, so a request never rescans
 * the whole retention.
 */

/** One line as the log store keeps it. */
export type LogLine = LogEntry & { node: string; seq: number; receivedAt: number };

export const LOG_CLASSES = ['transient', 'persistent'] as const;
export type LogClass = (typeof LOG_CLASSES)[number];

/** Why a group got its class, in the operator's words (shown next to the class). */
export type LogClassReason = 'stopped' | 'recovered' | 'hinted' | 'recurring' | 'periodic';

// A line of unknown level is listed, never grouped: its severity is not known, and not guessed.
const LEVEL_RANK: Record<LogLevel, number> = { unknown: -1, debug: 0, info: 1, warn: 2, error: 3 };

/** Levels that are grouped and classified; debug and info lines are only listed. */
export function isGroupedLevel(level: LogLevel): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK.warn;
}

// ---------------------------------------------------------------------------
// Fingerprinting

const MAX_FINGERPRINT = 512;

/** The masks, in the order they apply (docs/logs.md lists them the same way). */
const MASKS: ReadonlyArray<readonly [RegExp, string]> = [
  // Quoted strings: "…", `…`, and '…' when the quote does not sit inside a word (don't, node's).
  [/"(?:[^"\\\n]|\\.)*"/g, '<str>'],
  [/`[^`\n]*`/g, '<str>'],
  [/(^|[^\w])'(?:[^'\\\n]|\\.)*'/g, '$1<str>'],
  // UUIDs.
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  // IPv6 in brackets with an optional port, then IPv4 with an optional port.
  [/\[[0-9a-f:.]*:[0-9a-f:.]*\](?::\d{1,5})?/gi, '<addr>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, '<addr>'],
  // host:port (a host name followed by a port of two or more digits).
  [/\b[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*:\d{2,5}\b/gi, '<addr>'],
  // key=value pairs keep the key and mask the value.
  [/\b([A-Za-z_][\w.-]*)=(?:<[a-z]+>|[^\s,;)\]}]+)/g, '$1=<v>'],
  // Hex: 0x-prefixed, or runs of 8+ hex digits that contain a digit.
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '<hex>'],
  // Long opaque ids (base58 peer ids, base64 keys): 16+ word characters mixing letters and digits.
  [/\b(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{16,}\b/g, '<id>'],
  // Any remaining number, with an optional fraction.
  [/\d+(?:\.\d+)?/g, '<n>'],
  // Whitespace runs become one space.
  [/\s+/g, ' '],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A line's fingerprint: its message with every varying part masked, so the
 * same message about different peers, ports or ids falls into one group.
 */
export function fingerprint(message: string, subject?: string): string {
  let text = message;
  // The line's own subject is a variable part even when no mask would catch it.
  if (subject && subject.length >= 3) {
    text = text.replace(new RegExp(`(?<![\\w-])${escapeRegExp(subject)}(?![\\w-])`, 'g'), '<subject>');
  }
  for (const [pattern, replacement] of MASKS) text = text.replace(pattern, replacement);
  text = text.trim();
  return text.length > MAX_FINGERPRINT ? `${text.slice(0, MAX_FINGERPRINT)}…` : text;
}

/** FNV-1a, twice with different offsets, for a 64-bit-ish stable group id. */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** Stable id of a group: the same component and fingerprint give the same id in every process. */
export function groupId(component: string, print: string): string {
  return `lg-${hash64(`${component}\u0000${print}`)}`;
}

// ---------------------------------------------------------------------------
// Line time

/** When the line happened: the node's timestamp, or when it arrived if the node's stamp is unreadable. */
export function lineTime(line: LogLine): number {
  const parsed = Date.parse(line.ts);
  return Number.isFinite(parsed) ? parsed : line.receivedAt;
}

// ---------------------------------------------------------------------------
// Group state (folded forward)

export type ClassifierOptions = {
  /** Width of one rate bucket (sparkline). */
  bucketMs: number;
  /** Rate buckets kept per group. */
  maxBuckets: number;
  /** Groups kept; the least recently seen go first. */
  maxGroups: number;
  /** Subjects and nodes remembered per group. */
  maxSubjectsPerGroup: number;
  /** Recent gaps between lines kept per group, for its usual period. */
  maxGaps: number;
};

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  bucketMs: 10_000,
  maxBuckets: 360,
  maxGroups: 5_000,
  maxSubjectsPerGroup: 100,
  maxGaps: 16,
};

type Span = { first: number; last: number; count: number; /** Latest line times, at most RECENT_PER_SUBJECT (subjects only). */ recent?: number[] };

const RECENT_PER_SUBJECT = 8;

export type LogGroupState = {
  id: string;
  component: string;
  fingerprint: string;
  /** The highest level seen in the group. */
  level: LogLevel;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Node that wrote the lines → when and how often. */
  nodes: Map<string, Span>;
  /** What the lines are about: their `subject`, or the writing node for lines without one. */
  subjects: Map<string, Span>;
  /** Subjects named by the lines themselves (not the fallback to the writing node). */
  namedSubjects: Set<string>;
  example: LogLine;
  latest: LogLine;
  hintedCount: number;
  /** Bucket start → lines, oldest first, at most maxBuckets. */
  buckets: Map<number, number>;
  /** Recent gaps between consecutive lines (ms), to tell a slow periodic error from one that stopped. */
  gaps: number[];
};

export type ClassifierState = {
  options: ClassifierOptions;
  groups: Map<string, LogGroupState>;
  /** Highest log store seq folded in so far. */
  lastSeq: number;
  /** Line seq → group id, for warn/error lines still retained (insertion order = seq order). */
  groupBySeq: Map<number, string>;
  /** Line seq → when it happened, for every retained line: parsing timestamps once, not per request. */
  timeBySeq: Map<number, number>;
  /** Components seen on any line (for the filter's choices), at most MAX_COMPONENTS. */
  components: Set<string>;
};

const MAX_COMPONENTS = 500;

export function initialClassifierState(options: Partial<ClassifierOptions> = {}): ClassifierState {
  return { options: { ...DEFAULT_CLASSIFIER_OPTIONS, ...options }, groups: new Map(), lastSeq: 0, groupBySeq: new Map(), timeBySeq: new Map(), components: new Set() };
}

function touchSpan(map: Map<string, Span>, key: string, at: number, cap: number, keepRecent = false): void {
  const span = map.get(key);
  if (span) {
    span.count++;
    if (at < span.first) span.first = at;
    if (at > span.last) span.last = at;
    if (span.recent) {
      span.recent.push(at);
      if (span.recent.length > RECENT_PER_SUBJECT) span.recent.shift();
    }
    // Re-insert so the Map's order is least → most recently touched.
    map.delete(key);
    map.set(key, span);
    return;
  }
  map.set(key, { first: at, last: at, count: 1, ...(keepRecent ? { recent: [at] } : {}) });
  if (map.size > cap) map.delete(map.keys().next().value as string);
}

function addToGroup(group: LogGroupState, line: LogLine, at: number, options: ClassifierOptions): void {
  if (at > group.lastSeen) {
    const gap = at - group.lastSeen;
    group.gaps.push(gap);
    if (group.gaps.length > options.maxGaps) group.gaps.shift();
    group.lastSeen = at;
    group.latest = line;
  } else if (at === group.lastSeen) {
    group.latest = line;
  }
  if (at < group.firstSeen) group.firstSeen = at;
  group.count++;
  if (LEVEL_RANK[line.level] > LEVEL_RANK[group.level]) group.level = line.level;
  if (line.transient) group.hintedCount++;
  touchSpan(group.nodes, line.node, at, options.maxSubjectsPerGroup);
  const subject = line.subject || line.node;
  touchSpan(group.subjects, subject, at, options.maxSubjectsPerGroup, true);
  if (line.subject) {
    group.namedSubjects.add(line.subject);
    if (group.namedSubjects.size > options.maxSubjectsPerGroup) {
      group.namedSubjects.delete(group.namedSubjects.values().next().value as string);
    }
  }
  const bucket = Math.floor(at / options.bucketMs) * options.bucketMs;
  group.buckets.set(bucket, (group.buckets.get(bucket) ?? 0) + 1);
  if (group.buckets.size > options.maxBuckets) {
    // Drop the oldest buckets (keys are not always inserted in time order when nodes lag).
    const sorted = [...group.buckets.keys()].sort((x, y) => x - y);
    for (const key of sorted.slice(0, group.buckets.size - options.maxBuckets)) group.buckets.delete(key);
  }
}

/**
 * Folds lines the store added since the last fold into the group state.
 * `oldestRetainedSeq` lets it forget line → group links for lines the store
 * dropped. Mutates and returns `state`: the state has one owner (the server's
 * log view), and copying 100,000 links per poll would defeat the point.
 */
export function foldLines(state: ClassifierState, lines: readonly LogLine[], oldestRetainedSeq = 0): ClassifierState {
  const { options, groups, groupBySeq, timeBySeq } = state;
  for (const line of lines) {
    if (line.seq <= state.lastSeq) continue;
    state.lastSeq = line.seq;
    const at = lineTime(line);
    timeBySeq.set(line.seq, at);
    const component = line.component ?? '';
    if (state.components.size < MAX_COMPONENTS) state.components.add(component);
    if (!isGroupedLevel(line.level)) continue;
    const print = fingerprint(line.message, line.subject);
    const id = groupId(component, print);
    let group = groups.get(id);
    if (!group) {
      group = {
        id,
        component,
        fingerprint: print,
        level: line.level,
        count: 0,
        firstSeen: at,
        lastSeen: at,
        nodes: new Map(),
        subjects: new Map(),
        namedSubjects: new Set(),
        example: line,
        latest: line,
        hintedCount: 0,
        buckets: new Map(),
        gaps: [],
      };
      groups.set(id, group);
    }
    addToGroup(group, line, at, options);
    groupBySeq.set(line.seq, id);
  }
  for (const index of [groupBySeq, timeBySeq]) {
    for (const seq of index.keys()) {
      if (seq >= oldestRetainedSeq) break;
      index.delete(seq);
    }
  }
  if (groups.size > options.maxGroups) {
    const byAge = [...groups.values()].sort((x, y) => x.lastSeen - y.lastSeen);
    for (const group of byAge.slice(0, groups.size - options.maxGroups)) groups.delete(group.id);
  }
  return state;
}

// ---------------------------------------------------------------------------
// Classification

export type ClassifyContext = {
  now: number;
  pollIntervalMs: number;
  /** A group silent this many poll intervals has stopped. */
  stoppedAfterPolls: number;
  /** Subject (node id, peer id, link id) → when a recovery was observed (a finding about it resolved). */
  recoveries: ReadonlyMap<string, number>;
};

export const DEFAULT_STOPPED_AFTER_POLLS = 3;

export type Verdict = { class: LogClass; reason: LogClassReason; /** How long the group must be silent to count as stopped. */ stopAfterMs: number };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** First line after the subject's last recovery (or its first line ever), as far as the recent lines tell. */
function episodeStart(span: Span, recoveredAt: number | undefined): number {
  if (recoveredAt === undefined) return span.first;
  const recent = span.recent ?? [span.last];
  return recent.find((at) => at > recoveredAt) ?? span.last;
}

/**
 * Transient when, checked in this order:
 *  1. stopped: silent for ≥ max(K poll intervals, 2 × its usual gap);
 *  2. recovered: every subject old enough to judge had a recovery at or after its last line;
 *  3. hinted: the node marked the group's latest line retried / recovered / hinted.
 * Otherwise persistent: still recurring now (or within its own period).
 */
export function classifyGroup(group: LogGroupState, ctx: ClassifyContext): Verdict {
  const kIntervals = ctx.stoppedAfterPolls * ctx.pollIntervalMs;
  const usualGap = group.gaps.length >= 3 ? median(group.gaps) : 0;
  const stopAfterMs = Math.max(kIntervals, 2 * usualGap);
  const silentFor = ctx.now - group.lastSeen;
  if (silentFor >= stopAfterMs) return { class: 'transient', reason: 'stopped', stopAfterMs };

  // A subject whose current episode began less than two intervals ago is still
  // waiting for its recovery to be observed: it neither confirms nor vetoes.
  const judgeAfter = 2 * ctx.pollIntervalMs;
  let recovered = 0;
  let unrecovered = 0;
  for (const [subject, span] of group.subjects) {
    const recoveredAt = ctx.recoveries.get(subject);
    if (recoveredAt !== undefined && recoveredAt >= span.last) {
      recovered++;
      continue;
    }
    if (ctx.now - episodeStart(span, recoveredAt) >= judgeAfter) unrecovered++;
  }
  if (recovered > 0 && unrecovered === 0) return { class: 'transient', reason: 'recovered', stopAfterMs };

  if (group.latest.transient) return { class: 'transient', reason: 'hinted', stopAfterMs };

  return { class: 'persistent', reason: silentFor >= kIntervals ? 'periodic' : 'recurring', stopAfterMs };
}

// ---------------------------------------------------------------------------
// Views

export type LogLineView = {
  seq: number;
  node: string;
  ts: string;
  at: number;
  level: LogLevel;
  component: string;
  code: string | null;
  subject: string | null;
  message: string;
  transient: LogEntry['transient'] | null;
  group: string | null;
};

export function lineView(line: LogLine, group: string | null, at = lineTime(line)): LogLineView {
  return {
    seq: line.seq,
    node: line.node,
    ts: line.ts,
    at,
    level: line.level,
    component: line.component ?? '',
    code: line.code ?? null,
    subject: line.subject ?? null,
    message: line.message,
    transient: line.transient ?? null,
    group,
  };
}

export type LogGroupView = {
  id: string;
  component: string;
  fingerprint: string;
  level: LogLevel;
  class: LogClass;
  reason: LogClassReason;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Lines per node. */
  nodes: { node: string; count: number; lastSeen: number }[];
  /** Subjects named by the lines (most recent first, at most 20). */
  subjects: string[];
  subjectCount: number;
  hintedCount: number;
  example: LogLineView;
  latest: LogLineView;
  /** Lines per bucket, oldest → newest, ending at `now`'s bucket. */
  rate: number[];
  rateBucketMs: number;
  /** Finding ids whose subject the group's lines are about (at most MAX_GROUP_FINDINGS). */
  findings: string[];
  findingCount: number;
};

const MAX_GROUP_FINDINGS = 20;

/** What the operator filters logs by, for groups and for lines alike. */
export type LogFilterFields = {
  levels?: readonly LogLevel[];
  nodes?: readonly string[];
  components?: readonly string[];
  /**
   * Plain text, a case-insensitive substring: of a line's message, subject, code, component or node;
   * of a group's fingerprint, component, example or latest message, or named subjects.
   */
  q?: string;
  since?: number;
  until?: number;
  class?: LogClass;
};

export type GroupFilter = LogFilterFields & {
  /** Only these group ids (e.g. the groups of one finding). */
  ids?: ReadonlySet<string>;
};

export type FindingRef = { id: string; subject: { id: string; node?: string } };

/** Finding ids that are about what a group's lines are about (subject id, or the writing node of subject-less lines). */
export function findingsForGroup(group: LogGroupState, findings: readonly FindingRef[]): string[] {
  const ids: string[] = [];
  for (const finding of findings) {
    if (group.subjects.has(finding.subject.id)) ids.push(finding.id);
  }
  return ids;
}

/** Group ids whose lines are about a finding's subject: what a finding's `logGroups` should hold. */
export function logGroupsForSubject(state: ClassifierState, subjectId: string): string[] {
  const ids: string[] = [];
  for (const group of state.groups.values()) if (group.subjects.has(subjectId)) ids.push(group.id);
  return ids;
}

const SPARK_BUCKETS = 30;

function rateSeries(group: LogGroupState, now: number, bucketMs: number): number[] {
  const end = Math.floor(now / bucketMs) * bucketMs;
  const start = end - (SPARK_BUCKETS - 1) * bucketMs;
  const series = new Array<number>(SPARK_BUCKETS).fill(0);
  for (const [bucket, count] of group.buckets) {
    if (bucket < start || bucket > end) continue;
    series[(bucket - start) / bucketMs] += count;
  }
  return series;
}

function containsText(haystack: string, needle: RegExp | null): boolean {
  return needle === null || needle.test(haystack);
}

/** The user's text as a literal, case-insensitive matcher (never a pattern of theirs). */
export function textMatcher(q: string | undefined): RegExp | null {
  return q ? new RegExp(escapeRegExp(q), 'i') : null;
}

export function groupMatches(group: LogGroupState, verdict: Verdict, filter: GroupFilter, text: RegExp | null): boolean {
  if (filter.ids && !filter.ids.has(group.id)) return false;
  if (filter.class && verdict.class !== filter.class) return false;
  if (filter.levels && !filter.levels.includes(group.level)) return false;
  if (filter.components && !filter.components.includes(group.component)) return false;
  if (filter.nodes && !filter.nodes.some((node) => group.nodes.has(node))) return false;
  if (filter.since !== undefined && group.lastSeen < filter.since) return false;
  if (filter.until !== undefined && group.firstSeen > filter.until) return false;
  if (text) {
    const example = group.latest;
    const hit =
      containsText(group.fingerprint, text) ||
      containsText(group.component, text) ||
      containsText(example.message, text) ||
      containsText(group.example.message, text) ||
      [...group.namedSubjects].some((subject) => text.test(subject));
    if (!hit) return false;
  }
  return true;
}

export type GroupsView = { persistent: LogGroupView[]; transient: LogGroupView[]; totals: { persistent: number; transient: number } };

/**
 * Persistent and transient groups matching the filter. Persistent: most lines
 * in the recent window first. Transient: most recently seen first. Each list
 * is bounded to `limit`; totals say how many matched.
 */
export function groupsView(
  state: ClassifierState,
  ctx: ClassifyContext,
  filter: GroupFilter,
  findings: readonly FindingRef[] = [],
  limit = 100,
): GroupsView {
  const text = textMatcher(filter.q);
  const persistent: [LogGroupState, Verdict][] = [];
  const transient: [LogGroupState, Verdict][] = [];
  for (const group of state.groups.values()) {
    const verdict = classifyGroup(group, ctx);
    if (!groupMatches(group, verdict, filter, text)) continue;
    (verdict.class === 'persistent' ? persistent : transient).push([group, verdict]);
  }
  persistent.sort(([a], [b]) => b.lastSeen - a.lastSeen || b.count - a.count);
  transient.sort(([a], [b]) => b.lastSeen - a.lastSeen || b.count - a.count);
  const toView = ([group, verdict]: [LogGroupState, Verdict]): LogGroupView => {
    const related = findingsForGroup(group, findings);
    return {
      id: group.id,
      component: group.component,
      fingerprint: group.fingerprint,
      level: group.level,
      class: verdict.class,
      reason: verdict.reason,
      count: group.count,
      firstSeen: group.firstSeen,
      lastSeen: group.lastSeen,
      nodes: [...group.nodes]
        .map(([node, span]) => ({ node, count: span.count, lastSeen: span.last }))
        .sort((a, b) => a.node.localeCompare(b.node)),
      subjects: [...group.namedSubjects].reverse().slice(0, 20),
      subjectCount: group.namedSubjects.size,
      hintedCount: group.hintedCount,
      example: lineView(group.example, group.id),
      latest: lineView(group.latest, group.id),
      rate: rateSeries(group, ctx.now, state.options.bucketMs),
      rateBucketMs: state.options.bucketMs,
      findings: related.slice(0, MAX_GROUP_FINDINGS),
      findingCount: related.length,
    };
  };
  return {
    persistent: persistent.slice(0, limit).map(toView),
    transient: transient.slice(0, limit).map(toView),
    totals: { persistent: persistent.length, transient: transient.length },
  };
}

// ---------------------------------------------------------------------------
// Filtering lines

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
  lines: readonly LogLine[],
  query: LogQuery,
  lookup: LineGroupLookup | null,
  now: number,
): LogPage {
  const text = textMatcher(query.q);
  const levels = query.levels && query.levels.length < LOG_LEVELS.length ? new Set(query.levels) : null;
  const nodes = query.nodes && query.nodes.length > 0 ? new Set(query.nodes) : null;
  const components = query.components && query.components.length > 0 ? new Set(query.components) : null;
  const limit = Math.max(1, query.limit);
  const cursor = query.cursor ?? Number.POSITIVE_INFINITY;
  const needsTime = query.since !== undefined || query.until !== undefined;
  const timeOf = lookup ? lookup.timeOf : lineTime;

  const ring: LogLine[] = new Array(limit + 1);
  let ringCount = 0;
  let belowCursor = 0;
  let matched = 0;
  const matchedAt: number[] = [];
  const matchedLevel: LogLevel[] = [];
  let minAt = Number.POSITIVE_INFINITY;

  for (const line of lines) {
    if (levels && !levels.has(line.level)) continue;
    if (nodes && !nodes.has(line.node)) continue;
    if (components && !components.has(line.component ?? '')) continue;
    let at = 0;
    if (needsTime) {
      at = timeOf(line);
      if (query.since !== undefined && at < query.since) continue;
      if (query.until !== undefined && at > query.until) continue;
    }
    if (query.class || query.groups) {
      const group = lookup?.groupOf(line.seq);
      if (group === undefined) continue;
      if (query.groups && !query.groups.has(group)) continue;
      if (query.class && lookup?.classOf(group) !== query.class) continue;
    }
    if (
      text &&
      !text.test(line.message) &&
      !(line.subject && text.test(line.subject)) &&
      !(line.code && text.test(line.code)) &&
      !text.test(line.component ?? '') &&
      !text.test(line.node)
    ) {
      continue;
    }
    matched++;
    if (!needsTime) at = timeOf(line);
    if (at < minAt) minAt = at;
    matchedAt.push(at);
    matchedLevel.push(line.level);
    if (line.seq < cursor) {
      ring[belowCursor % (limit + 1)] = line;
      belowCursor++;
      ringCount = Math.min(belowCursor, limit + 1);
    }
  }

  // Newest first: walk the ring backwards from the last written slot.
  const page: LogLineView[] = [];
  const kept = Math.min(ringCount, limit);
  for (let i = 0; i < kept; i++) {
    const line = ring[(belowCursor - 1 - i) % (limit + 1)];
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

// ---------------------------------------------------------------------------
// The answer of GET /api/logs

export type LogsView = {
  generatedAt: number;
  pollIntervalMs: number;
  groups: { persistent: LogGroupView[]; transient: LogGroupView[] };
  groupTotals: { persistent: number; transient: number };
  /** Newest first, at most `limit`. */
  lines: LogLineView[];
  /** Pass as `cursor` for older lines; null when there are none. */
  nextCursor: number | null;
  /** Lines matching the filter in the whole retention. */
  matched: number;
  histogram: LevelHistogram;
  /** Lines lost: pushed out of retention, or gone from a node's own buffer before we read them. */
  dropped: number;
  droppedByRetention: number;
  droppedAtSource: number;
  retained: number;
  retention: number;
  /** Node → more lines are waiting on the node than one poll reads. */
  pending: Record<string, boolean>;
  /** Newest line seq in the store: the live tail's position. */
  lastSeq: number;
  /** Choices for the filters. */
  nodes: string[];
  components: string[];
  /** Set when the request asked for one finding's log groups. */
  finding: { id: string; groups: string[] } | null;
};
