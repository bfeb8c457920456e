import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateClusterConfig } from '@/lib/config/load';
import type { NodeReport } from '@/lib/contract/report';
import { PegasusDemoCluster } from '@/lib/demo-cluster/pegasus/cluster';
import { clientRefreshLogAnalyzer } from '@/lib/diagnostics/client-refresh-logs';
import { failoverByTable, routingByTable } from '@/lib/diagnostics/registry';
import { buildFailoverViewByTable } from '@/lib/diagnostics/routing-tables-view';
import { ClusterRuntime } from '@/lib/runtime/runtime';

/**
 * The Pegasus adapter and the diagnostics against the simulated cluster over
 * real HTTP on 127.0.0.1 (ephemeral ports), polled by the real collector.
 */

const POLL_MS = 500;
const TIMEOUT_MS = 300;

let demo: PegasusDemoCluster;
let runtime: ClusterRuntime;

function latest(id: string): NodeReport | undefined {
  return runtime.store.latestMap().get(id);
}

beforeAll(async () => {
  demo = new PegasusDemoCluster({ timing: { detectMs: 1_500, electMs: 1_000, refreshMs: 700, timeoutLogMs: 400 } });
  await demo.start();
  const validated = validateClusterConfig(
    {
      clusters: [
        {
          name: 'pegasus',
          pollInterval: POLL_MS,
          requestTimeout: TIMEOUT_MS,
          maxBackoff: 1_000,
          diagnostics: { staleConfigGrace: 1_000, routingGrace: 1_000 },
          targets: demo.targets(),
        },
      ],
    },
    '(test)',
  );
  if (!validated.ok) throw new Error(validated.message);
  runtime = new ClusterRuntime(validated.config.clusters[0]);
  runtime.start();
  await vi.waitFor(() => expect(latest('meta-1')?.tables?.length).toBe(3), { timeout: 5_000, interval: 100 });
});

afterAll(async () => {
  await runtime?.stop();
  await demo?.close();
});

describe('Pegasus cluster over real HTTP', () => {
  it('reads the leader\'s tables, each with its own partition count, and names owners by target id', () => {
    const meta = latest('meta-1')!;
    expect(meta.status).toBe('ok');
    expect(meta.node?.role).toBe('meta-leader');
    expect(meta.tables!.map((table) => [table.table, table.partitionCount])).toEqual([
      ['temp', 8],
      ['usertable', 16],
      ['stat', 4],
    ]);
    expect(meta.tables![0].partitions[0]).toMatchObject({ owners: [expect.stringMatching(/^replica-\d$/)], maxReplicas: 3 });
    expect(latest('meta-2')?.node?.role).toBe('meta-follower');
    expect(latest('meta-2')?.warnings?.[0]).toMatch(/leader is 127\.0\.0\.1:\d+/);
    expect(latest('replica-1')).toMatchObject({ status: 'ok', node: { role: 'replica', version: '2.5.0' } });
  });

  it('a meta server that hangs costs only its own timeout', async () => {
    demo.setFault('meta-3', { kind: 'hang' });
    try {
      await expect.poll(() => latest('meta-3')?.status, { timeout: 5_000, interval: 50 }).toBe('timeout');
      const since = latest('meta-3')!.fetchedAt;
      // The next cycle: the others answered quickly, and the cycle lasted about one timeout, not more.
      await expect.poll(() => (runtime.lastCycle?.startedAt ?? 0) > since, { timeout: 5_000, interval: 50 }).toBe(true);
      expect(latest('meta-1')).toMatchObject({ status: 'ok' });
      expect(latest('meta-1')!.latencyMs!).toBeLessThan(TIMEOUT_MS);
      expect(runtime.lastCycle!.durationMs).toBeLessThan(TIMEOUT_MS + 250);
    } finally {
      demo.setFault('meta-3', { kind: 'none' });
    }
  });

  it('follows the leader when it moves from one meta server to another mid-run', async () => {
    demo.moveLeader('meta-2');
    try {
      await expect.poll(() => latest('meta-2')?.node?.role, { timeout: 5_000, interval: 50 }).toBe('meta-leader');
      await expect.poll(() => latest('meta-1')?.node?.role, { timeout: 5_000, interval: 50 }).toBe('meta-follower');
      expect(latest('meta-2')!.tables).toHaveLength(3);
      expect(latest('meta-1')!.tables).toBeUndefined();
      // The meta's verdicts (peers in ALIVE / UNALIVE) now come from another server: no peer finding for that.
      expect(runtime.findings().active.filter((finding) => finding.kind.startsWith('peer.') || finding.kind.startsWith('routing.'))).toEqual([]);
    } finally {
      demo.moveLeader('meta-1');
    }
    await expect.poll(() => latest('meta-1')?.node?.role, { timeout: 5_000, interval: 50 }).toBe('meta-leader');
  });

  it('a replica server crash: the timeline shows detect → elect → adoption, and the client that never refreshed is named', async () => {
    await demo.startScenario();
    const view = () =>
      buildFailoverViewByTable(runtime.analyzerState(failoverByTable), runtime.now(), { status: 'all' }, runtime.analyzerState(clientRefreshLogAnalyzer));
    const tempIncident = () => view().incidents.find((incident) => incident.table === 'temp' && incident.oldPrimary === 'replica-2');
    await expect.poll(() => tempIncident()?.members.find((member) => member.id === 'go-client-1')?.state, { timeout: 15_000, interval: 100 }).toBe('adopted');
    const incident = tempIncident()!;
    expect(incident.events.map((event) => event.type)).toEqual(expect.arrayContaining(['crash', 'detection', 'promotion', 'adoption']));
    expect(incident.detection.by).toBe('meta-1');
    // The meta downgrades first (ballot + 1), then upgrades a secondary (ballot + 1 again).
    expect(incident.newBallot).toBe(incident.oldBallot! + 2);
    expect(incident.durations.toDetectMs).toBeGreaterThanOrEqual(1_000);
    expect(incident.durations.toElectMs).toBeGreaterThanOrEqual(500);
    expect(incident.newPrimaries.every((primary) => primary !== 'replica-2')).toBe(true);

    const stale = () => runtime.findings().active.find((finding) => finding.kind === 'failover.stale_config' && finding.subject.node === 'go-client-2');
    await expect.poll(() => stale()?.evidence.table, { timeout: 10_000, interval: 100 }).toBeDefined();
    const finding = stale()!;
    expect(finding.summary).toMatch(/^Table (temp|usertable): Client go-client-2 has been on ballot \d+ \(newest \d+\)/);
    expect(finding.summary).toMatch(/still routes to replica-2/);
    expect(finding.evidence).toMatchObject({ partitions: expect.any(Array), oldBallot: expect.any(Number), newBallot: expect.any(Number) });
    expect(runtime.findings().active.some((f) => f.kind === 'failover.stale_config' && f.subject.node === 'go-client-1')).toBe(false);
    // Its own log: timeouts against the dead primary, and never the trigger line that a refresh logs.
    const staleRow = view().staleMembers.find((member) => member.member === 'go-client-2' && member.table === 'temp')!;
    expect(staleRow.refreshLog).toMatchObject({ lastTriggerAt: null, lastFailure: 'ERR_TIMEOUT' });
    expect(staleRow.refreshLog!.failuresSinceTrigger).toBeGreaterThan(0);
    const refreshed = runtime.analyzerState(clientRefreshLogAnalyzer).byClient.get('go-client-1')?.get('temp');
    expect(refreshed?.lastTriggerLine).toMatch(/^trigger configuration update of table \[temp\] due to RPC failure \[ERR_SESSION_RESET\] to 127\.0\.0\.1:\d+$/);
    const routing = runtime.analyzerState(routingByTable);
    expect([...routing.keys()].sort()).toEqual(['', 'stat', 'temp', 'usertable']);
  });
});
