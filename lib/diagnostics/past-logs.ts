import { z } from '@/lib/contract/zod';
import { LOG_LEVELS, type LogLevel } from '@/lib/contract/admin-v1';
import type { Finding } from '@/lib/contract/findings';
import type { LogGroupSnapshot, StoredLogLine } from '@/lib/store/persistence/types';
import {
  DEFAULT_STOPPED_AFTER_POLLS,
  filterLogs,
  foldLines,
  groupsView,
  initialClassifierState,
  lineGroupLookup,
  logGroupsForSubject,
  type ClassifierState,
  type ClassifyContext,
  type LogGroupState,
  type LogLine,
  type LogQuery,
  type LogsView,
} from './logs';

/**
 * The logs view as of a past moment: the stored lines of the window before
 * `at` folded by the live classifier and judged at `at`, with each group's
 * whole count from the log groups stored then (a group quiet through the
 * window comes from its stored row alone). Pure: stored rows in, the view out.
 */

/** A log group as the history recorder stores it (lib/runtime/history.ts); older rows list node names only. */
export const storedLogGroupSchema = z.object({
  id: z.string(),
  fingerprint: z.string().optional(),
  component: z.string(),
  level: z.enum(LOG_LEVELS),
  count: z.number(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  example: z.string(),
  nodes: z.array(z.union([z.string(), z.object({ node: z.string(), count: z.number(), lastSeen: z.number() })])),
  subjects: z.array(z.string()).optional(),
});
export type StoredLogGroup = z.infer<typeof storedLogGroupSchema>;

export type PastLogsInput = {
  at: number;
  pollIntervalMs: number;
  /** Stored lines of the window before `at`, any order. */
  lines: readonly StoredLogLine[];
  groups: readonly LogGroupSnapshot[];
  /** Findings as of `at`, active and recently resolved. */
  findings: readonly Finding[];
  /** Subject → when a finding about it resolved (lib/api/logs-view.ts recoveriesFrom), as of `at`. */
  recoveries: ReadonlyMap<string, number>;
  targets: readonly string[];
  query: Omit<LogQuery, 'groups'> & { group?: string; finding?: string };
  /** Lines read from history at most: the view says how many it holds. */
  lineLimit: number;
};

export function storedLineToLogLine(line: StoredLogLine): LogLine {
  return {
    cursor: line.seq,
    seq: line.seq,
    node: line.node,
    ts: new Date(line.ts).toISOString(),
    receivedAt: line.ts,
    level: (LOG_LEVELS as readonly string[]).includes(line.level) ? (line.level as LogLevel) : 'unknown',
    component: line.component,
    ...(line.code === null ? {} : { code: line.code }),
    ...(line.subject ? { subject: line.subject } : {}),
    ...(line.transient === 'retried' || line.transient === 'recovered' || line.transient === 'hinted' ? { transient: line.transient } : {}),
    message: line.message,
  };
}

/** A group known only from its stored row: quiet all through the window. */
function groupFromSnapshot(stored: StoredLogGroup): LogGroupState {
  const nodes = stored.nodes.map((entry) => (typeof entry === 'string' ? { node: entry, count: 0, lastSeen: stored.lastSeen } : entry));
  const example: LogLine = {
    cursor: 0,
    seq: 0,
    node: nodes[0]?.node ?? '',
    ts: new Date(stored.lastSeen).toISOString(),
    receivedAt: stored.lastSeen,
    level: stored.level,
    component: stored.component,
    message: stored.example,
  };
  return {
    id: stored.id,
    component: stored.component,
    fingerprint: stored.fingerprint ?? stored.example,
    level: stored.level,
    count: stored.count,
    firstSeen: stored.firstSeen,
    lastSeen: stored.lastSeen,
    nodes: new Map(nodes.map((entry) => [entry.node, { first: stored.firstSeen, last: entry.lastSeen, count: entry.count }])),
    subjects: new Map((stored.subjects ?? []).map((subject) => [subject, { first: stored.firstSeen, last: stored.lastSeen, count: 0 }])),
    namedSubjects: new Set(stored.subjects ?? []),
    example,
    latest: example,
    hintedCount: 0,
    buckets: new Map(),
    gaps: [],
  };
}

/** The window's classifier state (lines in seq order), with each group's count and first sighting as stored at `at`. */
export function classifierAsOf(lines: readonly LogLine[], groups: readonly LogGroupSnapshot[]): { state: ClassifierState; unreadable: number } {
  const state = foldLines(initialClassifierState(), lines);
  let unreadable = 0;
  for (const snapshot of groups) {
    const parsed = storedLogGroupSchema.safeParse(snapshot.view);
    if (!parsed.success) {
      unreadable++;
      continue;
    }
    const stored = parsed.data;
    const group = state.groups.get(stored.id);
    if (!group) {
      state.groups.set(stored.id, groupFromSnapshot(stored));
      continue;
    }
    group.count = Math.max(group.count, snapshot.count);
    group.firstSeen = Math.min(group.firstSeen, stored.firstSeen);
  }
  return { state, unreadable };
}

/**
 * Stored lines in time order, numbered 1… afresh: each process numbers its
 * lines from 1, so the window may hold two runs' numbers. The numbering is
 * the same for the same moment, so paging by cursor holds.
 */
export function renumbered(lines: readonly StoredLogLine[]): LogLine[] {
  return [...lines]
    .sort((a, b) => a.ts - b.ts || a.seq - b.seq)
    .map((line, index) => ({ ...storedLineToLogLine(line), seq: index + 1, cursor: index + 1 }));
}

export function logsAsOf(input: PastLogsInput): LogsView | null {
  const lines = renumbered(input.lines);
  const { state } = classifierAsOf(lines, input.groups);
  const ctx: ClassifyContext = { now: input.at, pollIntervalMs: input.pollIntervalMs, stoppedAfterPolls: DEFAULT_STOPPED_AFTER_POLLS, recoveries: input.recoveries };
  const { group, finding: findingId, ...query } = input.query;
  let ids: Set<string> | undefined = group ? new Set([group]) : undefined;
  let finding: LogsView['finding'] = null;
  if (findingId) {
    const found = input.findings.find((candidate) => candidate.id === findingId);
    if (!found) return null;
    const groups = logGroupsForSubject(state, found.subject.id);
    finding = { id: found.id, groups };
    ids = new Set(ids ? groups.filter((id) => ids?.has(id)) : groups);
  }
  const groups = groupsView(state, ctx, { ...query, ids }, input.findings);
  const page = filterLogs(lines, { ...query, groups: ids }, lineGroupLookup(state, ctx), input.at);
  return {
    generatedAt: input.at,
    pollIntervalMs: input.pollIntervalMs,
    groups: { persistent: groups.persistent, transient: groups.transient },
    groupTotals: groups.totals,
    lines: page.lines,
    nextCursor: page.nextCursor,
    matched: page.matched,
    histogram: page.histogram,
    // Losses are counted by the live store only; history holds what it wrote.
    dropped: 0,
    droppedByRetention: 0,
    droppedAtSource: 0,
    retained: lines.length,
    retention: input.lineLimit,
    pending: {},
    lastSeq: lines.length,
    nodes: [...input.targets],
    components: [...state.components].sort(),
    finding,
  };
}
