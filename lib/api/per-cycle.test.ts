import { describe, expect, it } from 'vitest';
import type { ClusterRuntime } from '@/lib/runtime';
import { clusterJson, perCycle } from './per-cycle';

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
