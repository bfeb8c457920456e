import { queryOptions } from '@tanstack/react-query';
import type { LogLevel } from '@/lib/contract/admin-v1';
import { logSourcesViewSchema, logsViewSchema } from '@/lib/contract/views';
import type { LogClass } from '@/lib/diagnostics/logs';
import { clusterApiPath, clusterPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { searchString } from './queries';

/** What the operator filters the log panel by; empty = everything. */
export type LogFilter = {
  node?: string;
  /** Levels as the API takes them: "warn,error". */
  level?: string;
  component?: string;
  q?: string;
  /** A duration ago ("15m") or ms since epoch. */
  since?: string;
  until?: string;
  class?: LogClass;
  /** Only the log groups related to this finding. */
  finding?: string;
  /** The past moment shown (ms or RFC 3339, as in the URL); kept with the filter so filtering a past view stays in the past. */
  at?: string;
};

const FILTER_KEYS = ['node', 'level', 'component', 'q', 'since', 'until', 'class', 'finding', 'at'] as const;

/** The filter a /logs URL describes (so a filtered view can be shared or linked from a finding). */
export function filterFromSearch(params: { get(name: string): string | null }): LogFilter {
  const filter: LogFilter = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (!value) continue;
    if (key === 'class') {
      if (value === 'transient' || value === 'persistent') filter.class = value;
    } else {
      filter[key] = value;
    }
  }
  return filter;
}

/** The /logs URL for a filter. */
export function logsHref(cluster: string, filter: LogFilter): string {
  return clusterPath(cluster, `/logs${searchString(Object.fromEntries(FILTER_KEYS.map((key) => [key, filter[key]])))}`);
}

export const LEVEL_CHOICES: { value: string; label: string; levels: readonly LogLevel[] }[] = [
  { value: '', label: 'All levels', levels: ['debug', 'info', 'warn', 'error', 'unknown'] },
  { value: 'info,warn,error', label: 'Info and above', levels: ['info', 'warn', 'error'] },
  { value: 'warn,error', label: 'Warnings and errors', levels: ['warn', 'error'] },
  { value: 'error', label: 'Errors only', levels: ['error'] },
];

export function logsPath(cluster: string, filter: LogFilter, extra: Record<string, string | undefined> = {}): string {
  return clusterApiPath(cluster, `/logs${searchString({
    node: filter.node,
    level: filter.level,
    component: filter.component,
    q: filter.q,
    since: filter.since,
    until: filter.until,
    class: filter.class,
    finding: filter.finding,
    at: filter.at,
    ...extra,
  })}`);
}

/** The newest lines the panel asks for; the logs page prefetches the same. */
export const PANEL_LINES = 500;

/** The panel: groups, the newest lines, the histogram. Refetches every poll while the tail is live. */
export function logsQuery(cluster: string, filter: LogFilter, pollIntervalMs: number, live: boolean) {
  return queryOptions({
    queryKey: ['logs', cluster, filter],
    queryFn: ({ signal }) => fetchJson(logsPath(cluster, filter, { limit: String(PANEL_LINES) }), logsViewSchema, signal),
    refetchInterval: live ? pollIntervalMs : false,
    placeholderData: (previous) => previous,
  });
}

/** One group's raw lines (the newest 1,000), for its expanded list. */
export function logGroupLinesQuery(cluster: string, groupId: string, filter: LogFilter, pollIntervalMs: number, live: boolean) {
  const path = logsPath(cluster, { node: filter.node, since: filter.since, until: filter.until, at: filter.at }, { group: groupId, limit: '1000' });
  // The group id alone picks the lines; the finding filter would only narrow to the same group.
  return queryOptions({
    queryKey: ['logs', cluster, 'group', groupId, filter.node ?? null, filter.since ?? null, filter.until ?? null, filter.at ?? null],
    queryFn: ({ signal }) => fetchJson(path, logsViewSchema, signal),
    refetchInterval: live ? pollIntervalMs : false,
  });
}

/** The log sources' state (files, syslog receivers), refetched every poll so a file that disappears shows soon. */
export function logSourcesQuery(cluster: string, pollIntervalMs: number) {
  return queryOptions({
    queryKey: ['log-sources', cluster],
    queryFn: ({ signal }) => fetchJson(clusterApiPath(cluster, '/log-sources'), logSourcesViewSchema, signal),
    refetchInterval: pollIntervalMs,
  });
}
