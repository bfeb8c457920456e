import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeAdapter } from '@/lib/adapters/native';
import { validateClusterConfig } from '@/lib/config/load';
import type { NativeTargetConfig } from '@/lib/config/schema';
import { LogStore } from '@/lib/store/log-store';
import { ReportStore } from '@/lib/store/report-store';
import { Collector, forEachConcurrently } from './collector';
import { FakeNode, type FakeNodeBehaviour } from './testing/fake-node';

// Generous enough that a loaded CI machine does not blur "answered quickly" and "timed out".
const TIMEOUT_MS = 1000;
const CAP_BYTES = 64 * 1024;

/** One misbehaving node next to three healthy ones, polled in one cycle. */
const cases: { name: string; behaviour: FakeNodeBehaviour; status: string; reason: string | null; message?: RegExp }[] = [
  { name: 'healthy', behaviour: { kind: 'ok' }, status: 'ok', reason: null },
  { name: 'slow but within the timeout', behaviour: { kind: 'slow', ms: 250 }, status: 'ok', reason: null },
  { name: 'hangs', behaviour: { kind: 'hang' }, status: 'timeout', reason: 'timeout', message: /within 1000 ms/ },
  { name: 'slower than the timeout', behaviour: { kind: 'slow', ms: 3000 }, status: 'timeout', reason: 'timeout' },
  { name: 'answers garbage', behaviour: { kind: 'garbage' }, status: 'bad_response', reason: 'not_json', message: /not JSON.*<html>/ },
  { name: 'answers too much', behaviour: { kind: 'oversize', bytes: 4 * 1024 * 1024 }, status: 'bad_response', reason: 'oversize', message: /larger than maxResponseBytes/ },
  { name: 'fails the schema', behaviour: { kind: 'invalid' }, status: 'bad_response', reason: 'schema', message: /node\.cluster/ },
  { name: 'answers 503', behaviour: { kind: 'status', code: 503 }, status: 'bad_response', reason: 'http_status', message: /HTTP 503/ },
  { name: 'refuses our credentials', behaviour: { kind: 'status', code: 401 }, status: 'bad_response', reason: 'auth', message: /HTTP 401 .*bearerTokenEnv/ },
];

describe('collector outcomes: one bad node never delays the healthy ones', () => {
  const healthy: FakeNode[] = [];
  let subject: FakeNode;

  beforeAll(async () => {
    for (let i = 0; i < 3; i += 1) healthy.push(await FakeNode.start(`healthy-${i}`));
    subject = await FakeNode.start('subject');
  });

  afterAll(async () => {
    await Promise.all([...healthy, subject].map((node) => node.close()));
  });

  function collectorFor(nodes: FakeNode[], extraTargets: NativeTargetConfig[] = []) {
    const targets: NativeTargetConfig[] = [
      ...nodes.map((node) => ({ id: node.id, kind: 'native' as const, url: node.url })),
      ...extraTargets,
    ];
    const loaded = validateClusterConfig(
      { cluster: 't', pollInterval: 5000, requestTimeout: TIMEOUT_MS, maxResponseBytes: CAP_BYTES, targets },
      'test',
    );
    if (!loaded.ok) throw new Error(loaded.message);
    const store = new ReportStore(
      targets.map((t) => ({ id: t.id, kind: 'native' as const, address: new URL(t.url).host })),
      { samplesPerNode: 10, maxEvents: 10 },
    );
    const arrivals = new Map<string, number>();
    const originalRecord = store.record.bind(store);
    const started = performance.now();
    store.record = (report) => {
      arrivals.set(report.targetId, performance.now() - started);
      return originalRecord(report);
    };
    const adapters = new Map(targets.map((t) => [t.id, new NativeAdapter(t)]));
    const collector = new Collector({
      config: loaded.config.clusters[0],
      targets,
      adapters,
      store,
      logStore: new LogStore(1000),
      onCycle: () => undefined,
    });
    return { collector, store, arrivals };
  }

  for (const testCase of cases) {
    it(`${testCase.name} → ${testCase.status}${testCase.reason ? ` (${testCase.reason})` : ''}`, async () => {
      subject.behaviour = testCase.behaviour;
      const { collector, store, arrivals } = collectorFor([...healthy, subject]);
      const summary = await collector.runCycle();
      await collector.stop();

      const report = store.latest('subject');
      expect(report?.status).toBe(testCase.status);
      expect(report?.reason?.code ?? null).toBe(testCase.reason);
      if (testCase.message) expect(report?.reason?.message).toMatch(testCase.message);
      expect(summary.polled).toBe(4);
      for (const node of healthy) {
        expect(store.latest(node.id)?.status).toBe('ok');
        // The healthy nodes' reports arrive long before the bad node's timeout.
        expect(arrivals.get(node.id)).toBeLessThan(TIMEOUT_MS / 2);
      }
    });
  }

  it('a node that is down is unreachable with reason refused', async () => {
    const gone = await FakeNode.start('gone');
    const url = gone.url;
    await gone.close();
    const { collector, store } = collectorFor(healthy, [{ id: 'gone', kind: 'native', url }]);
    await collector.runCycle();
    await collector.stop();
    expect(store.latest('gone')?.status).toBe('unreachable');
    expect(store.latest('gone')?.reason).toMatchObject({ code: 'refused', message: expect.stringMatching(/connection refused by 127\.0\.0\.1:\d+/) });
    for (const node of healthy) expect(store.latest(node.id)?.status).toBe('ok');
  });

  it('a host that does not resolve is unreachable with reason dns', async () => {
    const { collector, store } = collectorFor([], [{ id: 'nowhere', kind: 'native', url: 'http://no-such-host.invalid:9' }]);
    await collector.runCycle();
    await collector.stop();
    expect(store.latest('nowhere')?.status).toBe('unreachable');
    expect(store.latest('nowhere')?.reason?.code).toBe('dns');
  });

  it('normalizes an ok report and reuses the connection across polls', async () => {
    subject.behaviour = { kind: 'ok' };
    const { collector, store } = collectorFor([subject]);
    await collector.runCycle();
    const report = store.latest('subject');
    expect(report?.node?.id).toBe('subject');
    expect(report?.sync?.links[0]).toMatchObject({ state: 'in_sync', reportedState: 'in_sync', attempts: null, lastIoAt: null });
    expect(report?.unavailable).toEqual(['peers', 'routing']);
    expect(report?.latencyMs).toBeGreaterThan(0);
    await collector.stop();
  });

  it('a node that answers late in the cycle is still polled every cycle (its schedule counts from the cycle start)', async () => {
    subject.behaviour = { kind: 'ok' };
    const target: NativeTargetConfig = { id: 'subject', kind: 'native', url: subject.url };
    const loaded = validateClusterConfig({ cluster: 't', pollInterval: 5000, requestTimeout: TIMEOUT_MS, targets: [target] }, 'test');
    if (!loaded.ok) throw new Error(loaded.message);
    let clock = 1_000_000;
    const inner = new NativeAdapter(target);
    // In collector time the answer arrives 3 s into a 5 s cycle: later than half an interval.
    const slow = { poll: async (options: Parameters<NativeAdapter['poll']>[0]) => { clock += 3000; return inner.poll(options); }, close: () => inner.close() };
    const store = new ReportStore([{ id: 'subject', kind: 'native', address: new URL(subject.url).host }], { samplesPerNode: 10, maxEvents: 10 });
    const collector = new Collector({
      config: loaded.config.clusters[0],
      targets: [target],
      adapters: new Map([['subject', slow]]),
      store,
      logStore: new LogStore(1000),
      onCycle: () => undefined,
      now: () => clock,
    });
    const first = await collector.runCycle();
    clock = first.startedAt + 5000;
    const second = await collector.runCycle();
    await collector.stop();
    expect([first.polled, second.polled, second.skipped]).toEqual([1, 1, 0]);
  });
});

describe('a surge of failures is re-checked at once', () => {
  const nodes: FakeNode[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 5; i += 1) nodes.push(await FakeNode.start(`surge-${i}`));
  });

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()));
  });

  function collectorFor(targets: NativeTargetConfig[]) {
    const loaded = validateClusterConfig({ cluster: 't', pollInterval: 5000, requestTimeout: TIMEOUT_MS, targets }, 'test');
    if (!loaded.ok) throw new Error(loaded.message);
    const store = new ReportStore(
      targets.map((t) => ({ id: t.id, kind: 'native' as const, address: new URL(t.url).host })),
      { samplesPerNode: 10, maxEvents: 10 },
    );
    /** Polls of each judged cycle. */
    const seen: number[] = [];
    // Collector time moves one interval per scheduled cycle, as the timer would.
    let clock = 1_000_000;
    const collector = new Collector({
      config: loaded.config.clusters[0],
      targets,
      adapters: new Map(targets.map((t) => [t.id, new NativeAdapter(t)])),
      store,
      logStore: new LogStore(1000),
      onCycle: (summary) => {
        seen.push(summary.polled);
      },
      now: () => clock,
    });
    const nextTick = () => {
      clock += 5000;
      return collector.runScheduledCycle();
    };
    return { collector, store, seen, nextTick };
  }

  it('many nodes beginning to fail in one cycle: those that answered, or failed otherwise than most, are asked again before it is judged', async () => {
    for (const node of nodes) node.behaviour = { kind: 'ok' };
    const { collector, store, seen, nextTick } = collectorFor(nodes.map((node) => ({ id: node.id, kind: 'native' as const, url: node.url })));
    try {
      expect((await nextTick()).map((summary) => summary.confirming)).toEqual([false]);
      // Three of five begin failing, two of them the same way: those two are the outage, the rest are asked again.
      nodes[0].behaviour = { kind: 'status', code: 503 };
      nodes[1].behaviour = { kind: 'status', code: 503 };
      nodes[2].behaviour = { kind: 'garbage' };
      const before = nodes.map((node) => node.requests);
      const surge = await nextTick();
      expect(surge.map((summary) => [summary.newlyFailing, summary.confirming, summary.polled])).toEqual([
        [3, false, 5],
        [0, true, 3],
      ]);
      expect(nodes.map((node, index) => node.requests - before[index])).toEqual([1, 1, 2, 2, 2]);
      // The half-seen cycle is not judged; the re-check is.
      expect(seen).toEqual([5, 3]);
      expect(store.latest(nodes[0].id)?.status).toBe('bad_response');
      // Still failing, but not newly: no re-check.
      expect((await nextTick()).map((summary) => summary.confirming)).toEqual([false]);
    } finally {
      await collector.stop();
    }
  });

  it('every node failing the same way at once is judged at once, with nothing to ask again', async () => {
    for (const node of nodes) node.behaviour = { kind: 'ok' };
    const { collector, nextTick } = collectorFor(nodes.map((node) => ({ id: node.id, kind: 'native' as const, url: node.url })));
    try {
      await nextTick();
      for (const node of nodes) node.behaviour = { kind: 'status', code: 503 };
      const cycles = await nextTick();
      expect(cycles.map((summary) => [summary.newlyFailing, summary.confirming, summary.polled])).toEqual([[5, false, 5]]);
    } finally {
      await collector.stop();
    }
  });

  it('one node failing among five is no surge', async () => {
    for (const node of nodes) node.behaviour = { kind: 'ok' };
    const { collector, nextTick } = collectorFor(nodes.map((node) => ({ id: node.id, kind: 'native' as const, url: node.url })));
    try {
      await nextTick();
      nodes[4].behaviour = { kind: 'status', code: 503 };
      const cycles = await nextTick();
      expect(cycles.map((summary) => [summary.newlyFailing, summary.confirming])).toEqual([[1, false]]);
    } finally {
      await collector.stop();
    }
  });
});

describe('polling at most `concurrency` nodes at once', () => {
  it('runs every item exactly once, never more than the limit at a time, each as soon as a slot frees', async () => {
    const items = Array.from({ length: 23 }, (_, i) => i);
    const seen: number[] = [];
    let running = 0;
    let most = 0;
    await forEachConcurrently(items, 4, async (item) => {
      running += 1;
      most = Math.max(most, running);
      // Uneven work, so slots free in another order than they were taken.
      await new Promise((resolve) => setTimeout(resolve, (item % 3) * 2));
      seen.push(item);
      running -= 1;
    });
    expect([...seen].sort((a, b) => a - b)).toEqual(items);
    expect(most).toBe(4);
    expect(running).toBe(0);
  });

  it('a limit above the number of items, or below one, still runs each item once', async () => {
    const upTo = async (count: number, limit: number) => {
      const seen: number[] = [];
      await forEachConcurrently(Array.from({ length: count }, (_, i) => i), limit, async (item) => void seen.push(item));
      return seen;
    };
    expect(await upTo(3, 256)).toEqual([0, 1, 2]);
    expect(await upTo(3, 0)).toEqual([0, 1, 2]);
    expect(await upTo(0, 8)).toEqual([]);
  });
});
