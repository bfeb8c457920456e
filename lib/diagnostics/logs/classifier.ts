import { type LogLevel } from '@/lib/contract/admin-v1';
import { LEVEL_RANK, LogClass, LogClassReason, LogLine, isGroupedLevel, lineTime } from './lines';
import { fingerprint, groupId } from './fingerprint';
import { SeqTimes } from './seq-times';

/** The classifier: groups folded forward from new lines, each judged transient or persistent. */

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
  timeBySeq: SeqTimes;
  /** Components seen on any line (for the filter's choices), at most MAX_COMPONENTS. */
  components: Set<string>;
};

const MAX_COMPONENTS = 500;

export function initialClassifierState(options: Partial<ClassifierOptions> = {}): ClassifierState {
  return { options: { ...DEFAULT_CLASSIFIER_OPTIONS, ...options }, groups: new Map(), lastSeq: 0, groupBySeq: new Map(), timeBySeq: new SeqTimes(), components: new Set() };
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
  for (const seq of groupBySeq.keys()) {
    if (seq >= oldestRetainedSeq) break;
    groupBySeq.delete(seq);
  }
  timeBySeq.forgetBefore(oldestRetainedSeq);
  if (groups.size > options.maxGroups) {
    const byAge = [...groups.values()].sort((x, y) => x.lastSeen - y.lastSeen);
    for (const group of byAge.slice(0, groups.size - options.maxGroups)) groups.delete(group.id);
  }
  return state;
}


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
