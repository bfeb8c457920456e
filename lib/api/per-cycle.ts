import 'server-only';
import { createHash } from 'node:crypto';
import type { ClusterRuntime, Dashboard } from '@/lib/runtime';
import { runAllSteps, runInSlices, type Steps } from '@/lib/diagnostics/steps';
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
 * A `steps` value is built a slice at a time for the next cycle; until it is
 * complete, requests get this one (see perCycleSteps).
 */
type CycleEntry = { value: unknown; rebuild: (() => unknown) | null; steps: (() => Steps<unknown>) | null; asked: boolean };

type CycleCache = { version: string; entries: Map<string, CycleEntry> };

/** The answers of the owner's current version, and of the one before (served while the current one's are built). */
type Generations = { current: CycleCache; previous: CycleCache | null };

/** Keyed by the runtime (or dashboard) object, so a stopped one's answers go with it. */
const caches = new WeakMap<object, Generations>();

/** The version of everything shown of one cluster: its process start and completed cycles. */
export function clusterVersion(cluster: ClusterRuntime): string {
  return cycleVersion(cluster.startedAt, cluster.cycles);
}

/** Across clusters: changes when any cluster completes a cycle. */
export function dashboardVersion(dashboard: Dashboard): string {
  const versions = dashboard.clusters.map((cluster) => `${cluster.name}=${clusterVersion(cluster)}`).join('&');
  return createHash('sha1').update(versions).digest('base64url').slice(0, 12);
}

/**
 * The cache of `version`: the current one, the one before, or (a version not
 * seen yet, i.e. the owner's new one) a new current one, the old becoming the one before.
 */
function cacheOf(owner: object, version: string): CycleCache {
  const generations = caches.get(owner);
  if (generations?.current.version === version) return generations.current;
  if (generations?.previous?.version === version) return generations.previous;
  const current = { version, entries: new Map<string, CycleEntry>() };
  caches.set(owner, { current, previous: generations?.current ?? null });
  return current;
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
  keep(cache, key, { value, rebuild: rebuild ? build : null, steps: null, asked: true });
  return value;
}

/** `build()` once per (owner, version, key); later calls in the same cycle get the same value. */
export function perCycle<Value>(owner: object, version: string, key: string, build: () => Value): Value {
  return kept(owner, version, key, build, false);
}

/** Clusters whose asked views are built again after each of their cycles (see warmAfterCycle). */
const warmed = new WeakSet<ClusterRuntime>();

function warmAfterEachCycle(cluster: ClusterRuntime): void {
  if (warmed.has(cluster)) return;
  warmed.add(cluster);
  cluster.afterCommit(() => warmAfterCycle(cluster, () => clusterVersion(cluster), letRequestsIn));
}

/**
 * perCycle for a cluster's costly whole views whose `build` reads the
 * cluster's state when called (it may capture the request's filter, which is
 * part of the key, never a value of the cycle it was first asked in): once
 * asked for, the value is built again right after each cycle is committed,
 * one value per turn, so the request that would have built it on the request
 * path (holding every other request behind it) finds it ready.
 */
export function perCycleWarm<Value>(cluster: ClusterRuntime, key: string, build: () => Value): Value {
  warmAfterEachCycle(cluster);
  return kept(cluster, clusterVersion(cluster), key, build, true);
}

/** A value and the cluster version it was built for (its ETag's and page cursors' version). */
export type Versioned<Value> = { value: Value; version: string };

/**
 * perCycleWarm for a view too costly for one turn, written as steps
 * (lib/diagnostics/steps.ts): after each cycle it is built a slice of at most
 * ~SLICE_BUDGET_MS at a time. Never half an answer: a request that arrives
 * while the new one is being built gets the last complete one, with the
 * version it was built for (so its ETag and page cursors say which cycle it
 * shows); only a value nobody asked for last cycle is built on the request path.
 */
export function perCycleSteps<Value>(cluster: ClusterRuntime, key: string, steps: () => Steps<Value>): Versioned<Value> {
  warmAfterEachCycle(cluster);
  const version = clusterVersion(cluster);
  const cache = cacheOf(cluster, version);
  const found = cache.entries.get(key);
  if (found) {
    found.asked = true;
    return { value: found.value as Value, version };
  }
  const building = warming.get(cluster);
  const last = caches.get(cluster)?.previous;
  const lastEntry = last?.entries.get(key);
  if (building?.version === version && building.pending.has(key) && last && lastEntry) {
    // Asked now: the next cycle builds it again once this one's is complete.
    building.pending.set(key, true);
    return { value: lastEntry.value as Value, version: last.version };
  }
  const value = runAllSteps(steps());
  keep(cache, key, { value, rebuild: null, steps, asked: true });
  return { value, version };
}

/** Between two slices or builds, whatever requests and I/O are waiting run first. */
const letRequestsIn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Time one slice of a view built after a cycle may hold the event loop. */
export const SLICE_BUDGET_MS = 8;

/** The views being built for an owner's new version: key → asked by a request meanwhile. */
type WarmRun = { version: string; pending: Map<string, boolean> };
const warming = new WeakMap<object, WarmRun>();

/**
 * Builds for the owner's new version the values the last cycle built with
 * perCycleWarm or perCycleSteps and a request used, one per `pause()` (those
 * with steps a slice per pause); values no request used last cycle are not
 * built again (nobody is looking). Stops when the version moves on meanwhile.
 * Requests between slices find what is built, or the last complete value of
 * what is built in steps, or build it themselves (then it is not built twice).
 */
export async function warmAfterCycle(
  owner: object,
  currentVersion: () => string,
  pause: () => Promise<void>,
  { budgetMs = SLICE_BUDGET_MS, now = () => performance.now() }: { budgetMs?: number; now?: () => number } = {},
): Promise<void> {
  const generations = caches.get(owner);
  const version = currentVersion();
  const last = generations?.current.version === version ? generations.previous : generations?.current;
  if (!last || last.version === version) return;
  const builds = [...last.entries].filter(([, entry]) => (entry.rebuild || entry.steps) && entry.asked);
  const run: WarmRun = { version, pending: new Map(builds.filter(([, entry]) => entry.steps).map(([key]) => [key, false])) };
  warming.set(owner, run);
  const stillWanted = () => currentVersion() === version;
  try {
    for (const [key, { rebuild, steps }] of builds) {
      await pause();
      if (!stillWanted()) return;
      if (cacheOf(owner, version).entries.has(key)) continue;
      try {
        if (steps) {
          const built = await runInSlices(steps(), { budgetMs, pause, stillWanted, now });
          if (built === null) return;
          const cache = cacheOf(owner, version);
          if (!cache.entries.has(key)) keep(cache, key, { value: built.value, rebuild: null, steps, asked: run.pending.get(key) ?? false });
        } else if (rebuild) {
          keep(cacheOf(owner, version), key, { value: rebuild(), rebuild, steps: null, asked: false });
        }
      } catch {
        // Not kept: the request that asks builds it again and answers the error itself.
      } finally {
        run.pending.delete(key);
      }
    }
  } finally {
    if (warming.get(owner) === run) warming.delete(owner);
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
