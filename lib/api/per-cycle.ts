import 'server-only';
import { createHash } from 'node:crypto';
import type { ClusterRuntime, Dashboard } from '@/lib/runtime';
import { canonicalQuery, cycleVersion, etagOf, matchesIfNoneMatch } from './etag';

/**
 * View answers built once per poll cycle, not per request. Everything a view
 * shows changes only when a cycle ends, so its answer (and any costly value
 * behind it, such as the finding groups) is kept until the cluster's next
 * cycle, keyed by the request's canonical query. A browser that already holds
 * the answer gets a bodiless 304 (lib/api/etag.ts).
 */

/** Distinct queries kept per cluster and cycle: bounds what hostile or varied queries can hold in memory. */
const MAX_ENTRIES_PER_CYCLE = 64;

type CycleCache = { version: string; entries: Map<string, unknown> };

/** Keyed by the runtime (or dashboard) object, so a stopped one's answers go with it. */
const caches = new WeakMap<object, CycleCache>();

/** The version of everything shown of one cluster: its process start and completed cycles. */
export function clusterVersion(cluster: ClusterRuntime): string {
  return cycleVersion(cluster.startedAt, cluster.cycles);
}

/** Across clusters: changes when any cluster completes a cycle. */
export function dashboardVersion(dashboard: Dashboard): string {
  const versions = dashboard.clusters.map((cluster) => `${cluster.name}=${clusterVersion(cluster)}`).join('&');
  return createHash('sha1').update(versions).digest('base64url').slice(0, 12);
}

/** `build()` once per (owner, version, key); later calls in the same cycle get the same value. */
export function perCycle<Value>(owner: object, version: string, key: string, build: () => Value): Value {
  let cache = caches.get(owner);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map() };
    caches.set(owner, cache);
  }
  if (cache.entries.has(key)) return cache.entries.get(key) as Value;
  const value = build();
  if (cache.entries.size >= MAX_ENTRIES_PER_CYCLE) {
    // Oldest first: Map keeps insertion order.
    const oldest = cache.entries.keys().next().value;
    if (oldest !== undefined) cache.entries.delete(oldest);
  }
  cache.entries.set(key, value);
  return value;
}

/** The request's path and query in canonical order: one cache entry and one ETag per distinct question. */
export function requestKey(request: Request): string {
  const url = new URL(request.url);
  return `${url.pathname}?${canonicalQuery(url)}`;
}

/**
 * Answers a GET whose body depends only on the owner's cycle and the query:
 * 304 when the client's `If-None-Match` names it, else the JSON text built
 * (and serialized) at most once per cycle. `no-cache` lets the browser keep
 * the body and revalidate each poll.
 */
export function perCycleJson(request: Request, owner: object, version: string, build: () => unknown): Response {
  const key = requestKey(request);
  const etag = etagOf(version, key);
  const headers = { etag, 'cache-control': 'private, no-cache' };
  if (matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  const body = perCycle(owner, version, `json ${key}`, () => JSON.stringify(build()));
  return new Response(body, { status: 200, headers: { ...headers, 'content-type': 'application/json' } });
}

/** A cluster's view route: one answer per cycle and query. */
export function clusterJson(request: Request, cluster: ClusterRuntime, build: () => unknown): Response {
  return perCycleJson(request, cluster, clusterVersion(cluster), build);
}

/** A route across every cluster: one answer per combined version and query. */
export function dashboardJson(request: Request, dashboard: Dashboard, build: () => unknown): Response {
  return perCycleJson(request, dashboard, dashboardVersion(dashboard), build);
}
