import { afterEach, describe, expect, it } from 'vitest';
import { createOlricAdapter } from '@/lib/adapters/olric';
import { fixtureReply } from '@/lib/adapters/olric/fixture-replies';
import type { SourceAdapter } from '@/lib/adapters/types';
import { diagnosticsConfigSchema } from '@/lib/config/schema';
import type { NodeReport } from '@/lib/contract/report';
import { routingAnalyzer, stepRouting } from '@/lib/diagnostics/routing';
import { startOlricDemo, type OlricDemo } from './simulator';

/** The simulator read by the real Olric adapter over real sockets (ports picked by the OS). */
let demo: OlricDemo | null = null;
let adapters: SourceAdapter[] = [];

afterEach(async () => {
  await Promise.all(adapters.map((adapter) => adapter.close()));
  adapters = [];
  await demo?.close();
  demo = null;
});

async function pollAll(current: OlricDemo, timeoutMs = 1000): Promise<NodeReport[]> {
  if (adapters.length === 0) {
    const ids = new Map(current.targets.map((target) => [target.address, target.id]));
    adapters = current.targets.map((target) => createOlricAdapter(target, { targetIdForAddress: (hostPort) => ids.get(hostPort) ?? null }));
  }
  return Promise.all(adapters.map((adapter) => adapter.poll({ timeoutMs, maxResponseBytes: 5 * 1024 * 1024, logsAfter: null, logsLimit: 100, now: Date.now })));
}

function routingKinds(reports: NodeReport[]): string[] {
  const conditions = stepRouting(routingAnalyzer.initial(), {
    now: Date.now(),
    pollIntervalMs: 1000,
    config: diagnosticsConfigSchema.parse({}),
    targetIds: reports.map((report) => report.targetId),
    reports: new Map(reports.map((report) => [report.targetId, report])),
    lastOk: new Map(),
  }).conditions;
  return conditions.map((condition) => `${condition.kind}:${condition.subject.id}`);
}

describe('Olric demo simulator', () => {
  it('answers in the shapes olricd sends: the adapter reads 271 partitions, members and the coordinator', async () => {
    demo = await startOlricDemo({ mode: 'fixed' });
    const reports = await pollAll(demo);
    expect(reports.map((report) => report.status)).toEqual(['ok', 'ok', 'ok']);
    expect(reports.map((report) => report.node!.role)).toEqual(['coordinator', 'member', 'member']);
    expect(reports[0].routing!.partitions).toHaveLength(271);
    expect(reports[1].routing!.partitions).toEqual(reports[0].routing!.partitions);
    expect(routingKinds(reports)).toEqual([]);
  });

  it('STATS carries the same keys, in the same order, as a captured olricd STATS', async () => {
    demo = await startOlricDemo({ mode: 'fixed' });
    const { Redis } = await import('ioredis');
    const client = new Redis({ host: '127.0.0.1', port: Number(demo.targets[1].address.split(':')[1]), lazyConnect: true, stringNumbers: true, enableReadyCheck: false });
    try {
      await client.connect();
      const simulated = JSON.parse((await client.call('STATS')) as string) as Record<string, unknown>;
      const captured = fixtureReply('stats-24501.resp');
      const real = JSON.parse(captured.ok ? (captured.value as string) : '{}') as Record<string, unknown>;
      expect(Object.keys(simulated)).toEqual(Object.keys(real));
      const partition = (stats: Record<string, unknown>) => Object.values(stats.partitions as Record<string, object>)[0];
      expect(Object.keys(partition(simulated))).toEqual(Object.keys(partition(real)));
      await expect(client.call('NOPE')).rejects.toThrow("ERR unknown command 'nope'");
    } finally {
      client.disconnect();
    }
  });

  it('the seed race: one member owned count and partitions disagree with the table until it settles', async () => {
    demo = await startOlricDemo({ mode: 'seed-race' });
    const racing = await pollAll(demo);
    expect(routingKinds(racing)).toEqual(['routing.owned_count_mismatch:olric-1']);
    await expect.poll(() => demo!.subscriberCount(), { timeout: 3000 }).toBe(3);
    demo.settle();
    const settled = await pollAll(demo);
    expect(routingKinds(settled)).toEqual([]);
    // The member's cluster.events subscription saw the fragments it now owns.
    await expect.poll(async () => (await pollAll(demo!))[1].logs!.entries.some((entry) => entry.code === 'fragment_received'), { timeout: 3000 }).toBe(true);
  });

  it('a hanging member is timeout, the others stay ok', async () => {
    demo = await startOlricDemo({ mode: 'fixed' });
    await pollAll(demo);
    demo.setHang(2, true);
    const reports = await pollAll(demo, 300);
    expect(reports.map((report) => report.status)).toEqual(['ok', 'ok', 'timeout']);
  });
});
