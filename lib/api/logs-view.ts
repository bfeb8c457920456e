import 'server-only';
import type { z } from 'zod';
import type { Finding } from '@/lib/contract/findings';
import { logsQuery } from './queries';
import {
  DEFAULT_STOPPED_AFTER_POLLS,
  filterLogs,
  groupsView,
  lineGroupLookup,
  logGroupsForSubject,
  type ClassifierState,
  type ClassifyContext,
  type GroupFilter,
  type LogQuery,
  type LogsView,
} from '@/lib/diagnostics/logs';
import type { ClusterRuntime as Runtime } from '@/lib/runtime';

/** The runtime's log classifier, caught up with the newest stored line. */
export function classifierFor(runtime: Runtime): ClassifierState {
  return runtime.logClassifierState();
}

/**
 * Subject → latest time a finding about it resolved: a node back up, a link
 * back in sync, a peer back in a category. A subject that still has an active
 * finding has not recovered, whatever else about it resolved.
 */
export function recoveriesFrom(resolved: readonly Finding[], active: readonly Finding[]): Map<string, number> {
  const stillWrong = new Set(active.map((finding) => finding.subject.id));
  const recoveries = new Map<string, number>();
  for (const finding of resolved) {
    if (stillWrong.has(finding.subject.id)) continue;
    if (finding.resolvedAt === null) continue;
    const known = recoveries.get(finding.subject.id);
    if (known === undefined || finding.resolvedAt > known) recoveries.set(finding.subject.id, finding.resolvedAt);
  }
  return recoveries;
}

export function classifyContext(runtime: Runtime): ClassifyContext {
  const { active, resolved } = runtime.findings();
  return {
    now: runtime.now(),
    pollIntervalMs: runtime.config.pollInterval,
    stoppedAfterPolls: DEFAULT_STOPPED_AFTER_POLLS,
    recoveries: recoveriesFrom(resolved, active),
  };
}

/** Findings with `logGroups` filled: the log groups whose lines are about the finding's subject. */
export function withLogGroups(runtime: Runtime, findings: readonly Finding[]): Finding[] {
  const state = classifierFor(runtime);
  return findings.map((finding) => ({ ...finding, logGroups: logGroupsForSubject(state, finding.subject.id) }));
}

export type LogsRequest = Omit<LogQuery, 'groups'> & {
  group?: string;
  finding?: string;
};

/** GET /api/logs: null when the asked finding does not exist. */
export function logsView(runtime: Runtime, request: LogsRequest): LogsView | null {
  const state = classifierFor(runtime);
  const { active, resolved } = runtime.findings();
  const ctx = classifyContext(runtime);
  const findings = [...active, ...resolved];

  let groupIds: Set<string> | undefined = request.group ? new Set([request.group]) : undefined;
  let finding: LogsView['finding'] = null;
  if (request.finding) {
    const found = findings.find((candidate) => candidate.id === request.finding);
    if (!found) return null;
    const ids = logGroupsForSubject(state, found.subject.id);
    finding = { id: found.id, groups: ids };
    groupIds = new Set(groupIds ? ids.filter((id) => groupIds?.has(id)) : ids);
  }

  const filter: GroupFilter = {
    levels: request.levels,
    nodes: request.nodes,
    components: request.components,
    q: request.q,
    since: request.since,
    until: request.until,
    class: request.class,
    ids: groupIds,
  };
  const groups = groupsView(state, ctx, filter, findings);
  const lines = runtime.logStore.lineSource();
  const page = filterLogs(lines, { ...request, groups: groupIds }, lineGroupLookup(state, ctx), ctx.now);
  const stats = runtime.logStore.stats();
  return {
    generatedAt: ctx.now,
    pollIntervalMs: runtime.config.pollInterval,
    groups: { persistent: groups.persistent, transient: groups.transient },
    groupTotals: groups.totals,
    lines: page.lines,
    nextCursor: page.nextCursor,
    matched: page.matched,
    histogram: page.histogram,
    dropped: runtime.logStore.dropped(),
    droppedByRetention: stats.droppedByRetention,
    droppedAtSource: stats.droppedAtSource,
    retained: stats.retained,
    retention: stats.retention,
    pending: runtime.logStore.pending(),
    lastSeq: runtime.logStore.lastSeq(),
    nodes: runtime.targets.map((target) => target.id),
    components: [...state.components].sort(),
    finding,
  };
}

/** GET …/logs query: the API route and the logs page's server-side prefetch parse it the same way (lib/api/queries.ts). */
export const logsQuerySchema = logsQuery;

type ParsedLogsQuery = z.infer<ReturnType<typeof logsQuerySchema>>;

/** A parsed logs query → the answer, or what it names that does not exist. */
export function logsFromQuery(runtime: Runtime, query: ParsedLogsQuery): { view: LogsView } | { notFound: string } {
  const { level, node, component, q, group, finding, ...rest } = query;
  const unknownNode = node?.find((id) => !runtime.store.has(id));
  if (unknownNode) return { notFound: `no target with id "${unknownNode}" in the cluster config` };
  const view = logsView(runtime, { ...rest, levels: level, nodes: node, components: component, q: q || undefined, group, finding });
  return view ? { view } : { notFound: `no finding with id "${finding}"` };
}

/** The logs answer for a query string, as GET …/logs gives it (null where the API would refuse it). */
export function logsForSearch(runtime: Runtime, search: URLSearchParams): LogsView | null {
  const parsed = logsQuerySchema(() => runtime.now()).safeParse(Object.fromEntries(search));
  if (!parsed.success) return null;
  const answer = logsFromQuery(runtime, parsed.data);
  return 'view' in answer ? answer.view : null;
}
