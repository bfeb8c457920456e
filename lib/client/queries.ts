import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { clustersViewSchema, clusterViewSchema, findingGroupsViewSchema, findingsViewSchema, nodeDetailViewSchema } from '@/lib/contract/api';
import type { FindingKind } from '@/lib/contract/findings';
import type { NodeStatus } from '@/lib/contract/report';
import { clusterApiPath } from './cluster-paths';
import { fetchJson } from './fetch-json';
import { atSearch } from './use-as-of';

/** A query key for a live view, or the same key with the past moment it shows. */
function keyAt<Key extends unknown[]>(key: Key, at: number | null): unknown[] {
  return at === null ? key : [...key, { at }];
}

/** Until the cluster tells us its poll interval, poll at the config default. */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;

/** Every cluster at a glance, for the home page and the cluster switcher. Polls at the shortest interval. */
export function clustersQuery() {
  return queryOptions({
    queryKey: ['clusters'],
    queryFn: ({ signal }) => fetchJson('/api/clusters', clustersViewSchema, signal),
    refetchInterval: (query) =>
      Math.min(DEFAULT_POLL_INTERVAL_MS, ...(query.state.data?.clusters.map((cluster) => cluster.pollIntervalMs) ?? [])),
  });
}

/** The overview's node table asks the server for this many rows at a time; a small cluster is one page. */
export const NODE_PAGE_SIZE = 100;

/** Which nodes the node table shows: filtered on the server. */
export type NodeFilter = { status?: NodeStatus | null; q?: string };

/**
 * One cluster: name, mode, poll interval, last cycle, node counts, and the page
 * of nodes matching the filter that starts at `offset`. Polls at its own
 * interval (304 between cycles); a past moment (`at`) does not change.
 */
export function clusterQuery(cluster: string, at: number | null = null, filter: NodeFilter = {}, offset = 0) {
  const status = filter.status ?? undefined;
  const q = filter.q?.trim() || undefined;
  const search = searchString({ status, q, offset: offset > 0 ? String(offset) : undefined, limit: String(NODE_PAGE_SIZE) });
  return queryOptions({
    queryKey: keyAt(['cluster', cluster, { status: status ?? null, q: q ?? '', offset }], at),
    queryFn: ({ signal }) => fetchJson(`${clusterApiPath(cluster)}${search}${atSearch(at, '&')}`, clusterViewSchema, signal),
    refetchInterval: (query) => (at !== null ? false : (query.state.data?.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS)),
  });
}

/** The cluster without its node list: what every page's header and poll interval need, a few hundred bytes at any size. */
export function clusterHeaderQuery(cluster: string) {
  return queryOptions({
    queryKey: ['cluster-header', cluster],
    queryFn: ({ signal }) => fetchJson(clusterApiPath(cluster, '?nodes=none'), clusterViewSchema, signal),
    refetchInterval: (query) => query.state.data?.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
  });
}

/** The cluster's poll interval for other views' refetchInterval (default until the cluster is known). */
export function usePollInterval(cluster: string): number {
  const { data } = useQuery({ ...clusterHeaderQuery(cluster), select: (view) => view.pollIntervalMs });
  return data ?? DEFAULT_POLL_INTERVAL_MS;
}

/** How old data may be before it is shown as stale: decided by the server (one rule), default until known. */
export function useStaleAfter(cluster: string): number {
  const { data } = useQuery({ ...clusterHeaderQuery(cluster), select: (view) => view.staleAfterMs });
  return data ?? 3 * DEFAULT_POLL_INTERVAL_MS;
}

export type FindingsFilter = {
  /** Defaults to active findings. */
  status?: 'active' | 'resolved' | 'all';
  kind?: FindingKind;
  node?: string;
  /** Page size (the server's default when unset). */
  limit?: number;
};

/** Builds `?a=b` from the set values only, so the server never sees empty parameters. */
export function searchString(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** One cluster's findings, filtered on the server. */
export function findingsQuery(cluster: string, filter: FindingsFilter, pollIntervalMs: number, at: number | null = null) {
  const status = filter.status ?? 'active';
  const limit = filter.limit === undefined ? undefined : String(filter.limit);
  const path = clusterApiPath(cluster, `/findings${searchString({ status, kind: filter.kind, node: filter.node, limit, at: at === null ? undefined : String(at) })}`);
  return queryOptions({
    queryKey: keyAt(['findings', cluster, status, filter.kind ?? null, filter.node ?? null, filter.limit ?? null], at),
    queryFn: ({ signal }) => fetchJson(path, findingsViewSchema, signal),
    refetchInterval: at === null ? pollIntervalMs : false,
    // Changing a filter keeps the current list on screen until the new one arrives.
    placeholderData: keepPreviousData,
  });
}

/** One node: summary, last raw report, status samples and status changes. */
export function nodeQuery(cluster: string, id: string, pollIntervalMs: number, at: number | null = null) {
  return queryOptions({
    queryKey: keyAt(['node', cluster, id], at),
    queryFn: ({ signal }) => fetchJson(clusterApiPath(cluster, `/nodes/${encodeURIComponent(id)}${atSearch(at)}`), nodeDetailViewSchema, signal),
    refetchInterval: at === null ? pollIntervalMs : false,
  });
}

/** Recently resolved findings the overview lists. */
export const RESOLVED_SHOWN = 50;

/** How many groups the overview lists at once (the server pages the rest). */
export const GROUPS_PAGE_SIZE = 50;

/** How often the overview asks for its finding groups at most. */
export const GROUPS_REFETCH_MS = 1000;

/** One cluster's findings grouped by kind and cause on the server (Alertmanager-style): a page of groups, members not included. */
export function findingGroupsQuery(cluster: string, status: 'active' | 'resolved', pollIntervalMs: number) {
  const path = clusterApiPath(cluster, `/findings${searchString({ status, view: 'groups', limit: String(GROUPS_PAGE_SIZE) })}`);
  return queryOptions({
    queryKey: ['finding-groups', cluster, status],
    queryFn: ({ signal }) => fetchJson(path, findingGroupsViewSchema, signal),
    // Every second (or twice per interval, if shorter): a new cycle's groups, an outage above all, show within a
    // second of being judged, and an unchanged answer is a bodiless 304 built once per cycle.
    refetchInterval: Math.min(GROUPS_REFETCH_MS, pollIntervalMs / 2),
  });
}

/** One page of a group's members, asked for only while the group is open. */
export function groupMembersQuery(cluster: string, group: { key: string; status: 'active' | 'resolved'; offset: number; limit: number }, pollIntervalMs: number) {
  const path = clusterApiPath(
    cluster,
    `/findings${searchString({ status: group.status, group: group.key, offset: String(group.offset), limit: String(group.limit) })}`,
  );
  return queryOptions({
    queryKey: ['group-members', cluster, group.status, group.key, group.offset, group.limit],
    queryFn: ({ signal }) => fetchJson(path, findingsViewSchema, signal),
    refetchInterval: pollIntervalMs,
    placeholderData: keepPreviousData,
  });
}
