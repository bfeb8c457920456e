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

/**
 * A kept value. `rebuild` is set for values built from the cluster's current
 * state alone (no request's values captured), which may be built again for the
 * next cycle before anyone asks; `asked` says whether a request used it.
 */
type CycleEntry = { value: unknown; rebuild: (() => unknown) | null; asked: boolean };

type CycleCache = { version: string; entries: Map<string, CycleEntry> };

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

function cacheOf(owner: object, version: string): CycleCache {
  let cache = caches.get(owner);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map() };
    caches.set(owner, cache);
  }
  return cache;
}

function keep(cache: CycleCache, key: string, entry: CycleEntry): void {
  if (cache.entries.size >= MAX_ENTRIES_PER_CYCLE) {
    // Oldest first: Map keeps insertion order.
    const oldest = cache.entries.keys().next().value;
    if (oldest !== undefined) cache.entries.delete(oldest);
  }
  cache.entries.set(key, entry);
}

function kept<Value>(owner: object, version: string, key: string, build: () => Value, rebuild: boolean): Value {
  const cache = cacheOf(owner, version);
  const found = cache.entries.get(key);
  if (found) {
    found.asked = true;
    return found.value as Value;
  }
  const value = build();
  keep(cache, key, { value, rebuild: rebuild ? build : null, asked: true });
  return value;
}

/** `build()` once per (owner, version, key); later calls in the same cycle get the same value. */
export function perCycle<Value>(owner: object, version: string, key: string, build: () => Value): Value {
  return kept(owner, version, key, build, false);
}

/** Clusters whose asked views are built again after each of their cycles (see warmAfterCycle). */
const warmed = new WeakSet<ClusterRuntime>();

/**
 * perCycle for a cluster's costly whole views whose `build` reads the
 * cluster's state when called (it may capture the request's filter, which is
 * part of the key, never a value of the cycle it was first asked in): once asked for, the value is built again right after each cycle is
 * committed, a slice at a time, so the request that would have built it on
 * the request path (holding every other request behind it) finds it ready.
 */
export function perCycleWarm<Value>(cluster: ClusterRuntime, key: string, build: () => Value): Value {
  if (!warmed.has(cluster)) {
    warmed.add(cluster);
    cluster.afterCommit(() => warmAfterCycle(cluster, () => clusterVersion(cluster), letRequestsIn));
  }
  return kept(cluster, clusterVersion(cluster), key, build, true);
}

/** Between two builds, whatever requests and I/O are waiting run first. */
const letRequestsIn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Builds for the owner's new version the values the last cycle built with
 * perCycleWarm and a request used, one per `pause()`; values no request used
 * last cycle are not built again (nobody is looking). Stops when the version
 * moves on meanwhile. Requests between slices find what is built, or build
 * it themselves (then it is not built twice).
 */
export async function warmAfterCycle(owner: object, currentVersion: () => string, pause: () => Promise<void>): Promise<void> {
  const previous = caches.get(owner);
  const version = currentVersion();
  if (!previous || previous.version === version) return;
  const builds = [...previous.entries].filter(([, entry]) => entry.rebuild && entry.asked).map(([key, entry]) => [key, entry.rebuild!] as const);
  for (const [key, build] of builds) {
    await pause();
    if (currentVersion() !== version) return;
    const cache = cacheOf(owner, version);
    if (cache.entries.has(key)) continue;
    try {
      keep(cache, key, { value: build(), rebuild: build, asked: false });
    } catch {
      // Not kept: the request that asks builds it again and answers the error itself.
    }
  }
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
