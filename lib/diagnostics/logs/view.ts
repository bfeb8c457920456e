import { type LogEntry, type LogLevel } from '@/lib/contract/admin-v1';
import { LogClass, LogClassReason, LogLine, lineTime } from './lines';
import { escapeRegExp } from './fingerprint';
import { ClassifierState, ClassifyContext, LogGroupState, Verdict, classifyGroup } from './classifier';
import { LevelHistogram } from './filter';

/** What the log panel shows: group and line views, and the answer of GET …/logs. */

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
