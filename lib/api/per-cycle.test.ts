import { describe, expect, it } from 'vitest';
import type { ClusterRuntime } from '@/lib/runtime';
import { clusterJson, clusterVersion, perCycle, perCycleWarm, warmAfterCycle } from './per-cycle';

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
