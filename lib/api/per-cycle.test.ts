import { describe, expect, it } from 'vitest';
import type { ClusterRuntime } from '@/lib/runtime';
import type { Steps } from '@/lib/diagnostics/steps';
import { clusterJson, clusterVersion, perCycle, perCycleJson, perCycleSteps, perCycleWarm, warmAfterCycle } from './per-cycle';

describe('perCycle', () => {
  it('builds once per version and key, again after the version moves', () => {
    const owner = {};
    let builds = 0;
    const build = () => ++builds;
    expect(perCycle(owner, 'v1', 'a', build)).toBe(1);
    expect(perCycle(owner, 'v1', 'a', build)).toBe(1);
    expect(perCycle(owner, 'v1', 'b', build)).toBe(2);
    expect(perCycle(owner, 'v2', 'a', build)).toBe(3);
    expect(perCycle({}, 'v2', 'a', build)).toBe(4);
  });

  it('keeps a bounded number of queries per cycle, dropping the oldest', () => {
    const owner = {};
    let builds = 0;
    for (let index = 0; index < 1000; index += 1) perCycle(owner, 'v', `q${index}`, () => ++builds);
    expect(builds).toBe(1000);
    // The newest are still kept, the oldest were dropped.
    expect(perCycle(owner, 'v', 'q999', () => ++builds)).toBe(1000);
    expect(perCycle(owner, 'v', 'q0', () => ++builds)).toBe(1001);
  });
});

describe('clusterJson', () => {
  const cluster = { startedAt: 1_700_000_000_000, cycles: 3 } as unknown as ClusterRuntime & { cycles: number };

  it('serializes once per cycle and answers 304 to a matching If-None-Match', async () => {
    let builds = 0;
    const build = () => ({ built: ++builds });
    const first = clusterJson(new Request('http://127.0.0.1/api/clusters/c?b=2&a=1'), cluster, build);
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(await first.json()).toEqual({ built: 1 });
    const reordered = clusterJson(new Request('http://127.0.0.1/api/clusters/c?a=1&b=2'), cluster, build);
    expect(reordered.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await reordered.json()).toEqual({ built: 1 });
    const conditional = clusterJson(new Request('http://127.0.0.1/api/clusters/c?a=1&b=2', { headers: { 'if-none-match': first.headers.get('etag')! } }), cluster, build);
    expect(conditional.status).toBe(304);
    cluster.cycles += 1;
    const next = clusterJson(new Request('http://127.0.0.1/api/clusters/c?a=1&b=2', { headers: { 'if-none-match': first.headers.get('etag')! } }), cluster, build);
    expect(next.status).toBe(200);
    expect(await next.json()).toEqual({ built: 2 });
  });
});

describe('warmAfterCycle', () => {
  /** A cluster as perCycleWarm sees it: its version moves with `cycles`; the work after a commit is kept to run by hand. */
  const fakeCluster = () => {
    const afterCommit: Array<() => Promise<void>> = [];
    const cluster = {
      startedAt: 1_700_000_000_000,
      cycles: 1,
      afterCommit: (listener: () => Promise<void>) => {
        afterCommit.push(listener);
        return () => undefined;
      },
    };
    return { cluster: cluster as unknown as ClusterRuntime & { cycles: number }, afterCommit };
  };

  it('builds for the next cycle, before anyone asks, what a request used in the last one', async () => {
    const { cluster, afterCommit } = fakeCluster();
    let builds = 0;
    const build = () => `built ${++builds} at cycle ${cluster.cycles}`;
    expect(perCycleWarm(cluster, 'whole view', build)).toBe('built 1 at cycle 1');
    expect(afterCommit).toHaveLength(1);
    cluster.cycles = 2;
    await afterCommit[0]();
    expect(builds).toBe(2);
    // The request of cycle 2 finds it built with cycle 2's state.
    expect(perCycleWarm(cluster, 'whole view', build)).toBe('built 2 at cycle 2');
    expect(builds).toBe(2);
  });

  it('stops building what no request used in the last cycle', async () => {
    const { cluster, afterCommit } = fakeCluster();
    let builds = 0;
    perCycleWarm(cluster, 'whole view', () => ++builds);
    cluster.cycles = 2;
    await afterCommit[0]();
    expect(builds).toBe(2);
    // Nobody asked in cycle 2: cycle 3 builds nothing.
    cluster.cycles = 3;
    await afterCommit[0]();
    expect(builds).toBe(2);
  });

  it('lets requests in between builds, and stops when a newer cycle arrives meanwhile', async () => {
    const { cluster } = fakeCluster();
    const built: string[] = [];
    perCycleWarm(cluster, 'a', () => built.push(`a${cluster.cycles}`));
    perCycleWarm(cluster, 'b', () => built.push(`b${cluster.cycles}`));
    cluster.cycles = 2;
    const version = () => clusterVersion(cluster);
    let pauses = 0;
    await warmAfterCycle(cluster, version, async () => {
      pauses += 1;
      // A request between slices asks for b first: built once, by it.
      if (pauses === 1) perCycleWarm(cluster, 'b', () => built.push(`b${cluster.cycles} by request`));
      if (pauses === 2) cluster.cycles = 3;
    });
    expect(built).toEqual(['a1', 'b1', 'b2 by request', 'a2']);
    expect(pauses).toBe(2);
  });

  it('a build that throws is not kept; the request that asks builds it and sees the error', async () => {
    const { cluster, afterCommit } = fakeCluster();
    let fail = false;
    perCycleWarm(cluster, 'whole view', () => {
      if (fail) throw new Error('bad state');
      return 'fine';
    });
    fail = true;
    cluster.cycles = 2;
    await expect(afterCommit[0]()).resolves.toBeUndefined();
    expect(() => perCycleWarm(cluster, 'whole view', () => 'asked')).not.toThrow();
    expect(perCycleWarm(cluster, 'whole view', () => 'asked again')).toBe('asked');
  });
});

/** Warms the cluster's views in 8 ms slices of `clock`, doing `meanwhile` at the second pause; resolves with the pauses taken. */
async function warmDoingAtSecondPause(cluster: Parameters<typeof clusterVersion>[0], clock: { ms: number }, meanwhile: () => void): Promise<number> {
  let pauses = 0;
  await warmAfterCycle(
    cluster,
    () => clusterVersion(cluster),
    async () => {
      pauses += 1;
      if (pauses === 2) meanwhile();
    },
    { budgetMs: 8, now: () => clock.ms },
  );
  return pauses;
}

describe('perCycleSteps', () => {
  const fakeCluster = () => {
    const cluster = { startedAt: 1_700_000_000_000, cycles: 1, afterCommit: () => () => undefined };
    return cluster as unknown as ClusterRuntime & { cycles: number };
  };
  /** A view of `parts` parts, each spending 3 ms of a hand-driven clock; it says which cycle it was built at. */
  const viewBuild = (cluster: { cycles: number }, clock: { ms: number }, parts = 10) =>
    function* (): Steps<string> {
      const cycle = cluster.cycles;
      const done: number[] = [];
      for (let part = 0; part < parts; part += 1) {
        if (part > 0) yield;
        clock.ms += 3;
        done.push(part);
      }
      return `cycle ${cycle}: ${done.length} parts`;
    };

  it('after a cycle, builds the view in slices within the budget; a request meanwhile gets the last complete answer with its version', async () => {
    const cluster = fakeCluster();
    const clock = { ms: 0 };
    const steps = viewBuild(cluster, clock);
    const first = perCycleSteps(cluster, 'peers view', steps);
    expect(first).toEqual({ value: 'cycle 1: 10 parts', version: clusterVersion(cluster) });

    cluster.cycles = 2;
    const seenBetweenSlices: { value: string; version: string }[] = [];
    const sliceClock: number[] = [];
    let pauses = 0;
    const building = warmAfterCycle(
      cluster,
      () => clusterVersion(cluster),
      async () => {
        pauses += 1;
        sliceClock.push(clock.ms);
        seenBetweenSlices.push(perCycleSteps(cluster, 'peers view', () => viewBuild(cluster, clock)()));
      },
      { budgetMs: 8, now: () => clock.ms },
    );
    await building;
    // 30 ms of work with an 8 ms budget: 3 ms parts, three a slice (a slice ends at the first step past its budget),
    // so slices of 3, 3, 3 and 1 parts, with a pause before each.
    expect(pauses).toBe(4);
    const sliceLengths = sliceClock.slice(1).map((at, index) => at - sliceClock[index]);
    expect(Math.max(...sliceLengths)).toBeLessThanOrEqual(9);
    // Every request between slices got the whole previous answer, never a part of the new one, and its version.
    expect(seenBetweenSlices.every((seen) => seen.value === 'cycle 1: 10 parts')).toBe(true);
    expect(new Set(seenBetweenSlices.map((seen) => seen.version))).toEqual(new Set([first.version]));
    // Complete: the new answer, with the new version, built once (not by the requests).
    expect(perCycleSteps(cluster, 'peers view', () => viewBuild(cluster, clock)())).toEqual({ value: 'cycle 2: 10 parts', version: clusterVersion(cluster) });
  });

  it('answers a request mid-build with the previous answer\'s ETag, so a browser holding it gets 304', async () => {
    const cluster = fakeCluster();
    const clock = { ms: 0 };
    const steps = viewBuild(cluster, clock);
    const url = 'http://127.0.0.1/api/clusters/c/peers?limit=100';
    const answer = (headers: Record<string, string> = {}) => {
      const live = perCycleSteps(cluster, 'peers view', steps);
      return perCycleJson(new Request(url, { headers }), cluster, live.version, () => ({ view: live.value }));
    };
    const first = answer();
    const etag = first.headers.get('etag')!;
    expect(await first.json()).toEqual({ view: 'cycle 1: 10 parts' });

    cluster.cycles = 2;
    const midBuild: Response[] = [];
    await warmDoingAtSecondPause(cluster, clock, () => midBuild.push(answer({ 'if-none-match': etag }), answer()));
    expect(midBuild[0].status).toBe(304);
    expect(midBuild[1].headers.get('etag')).toBe(etag);
    expect(await midBuild[1].json()).toEqual({ view: 'cycle 1: 10 parts' });

    const after = answer({ 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(await after.json()).toEqual({ view: 'cycle 2: 10 parts' });
  });

  it('a view asked only mid-build is built again next cycle; one never asked before is built on the request at once', async () => {
    const cluster = fakeCluster();
    const clock = { ms: 0 };
    let builds = 0;
    const counted = function* (): Steps<number> {
      yield;
      clock.ms += 20;
      return ++builds;
    };
    perCycleSteps(cluster, 'a', counted);
    cluster.cycles = 2;
    await warmAfterCycle(cluster, () => clusterVersion(cluster), async () => {
      // A request while `a` is built, and one for a view nobody asked before.
      if (builds === 1) {
        expect(perCycleSteps(cluster, 'a', counted).value).toBe(1);
        expect(perCycleSteps(cluster, 'b', counted)).toEqual({ value: 2, version: clusterVersion(cluster) });
      }
    });
    expect(builds).toBe(3);
    cluster.cycles = 3;
    await warmAfterCycle(cluster, () => clusterVersion(cluster), () => Promise.resolve());
    // Both asked in cycle 2 (a only while it was built): both built again for cycle 3.
    expect(builds).toBe(5);
  });

  it('abandons a build when a newer cycle is committed meanwhile, and builds nothing of it', async () => {
    const cluster = fakeCluster();
    const clock = { ms: 0 };
    perCycleSteps(cluster, 'a', viewBuild(cluster, clock));
    cluster.cycles = 2;
    const pauses = await warmDoingAtSecondPause(cluster, clock, () => (cluster.cycles = 3));
    expect(pauses).toBe(2);
    // Cycle 3 was never warmed: the request builds it.
    expect(perCycleSteps(cluster, 'a', viewBuild(cluster, clock)).value).toBe('cycle 3: 10 parts');
  });
});
