import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterConfigSchema } from '@/lib/config/schema';
import type { Finding } from '@/lib/contract/findings';
import type { NodeReport } from '@/lib/contract/report';
import { ClusterRuntime as Runtime } from '@/lib/runtime/runtime';
import { createOlricCluster, waitUntil, type OlricCluster } from '@/e2e/support/olric-cluster';
import { failoverByTable } from '@/lib/diagnostics/registry';
import { DEFAULT_TABLE } from '@/lib/diagnostics/tables';
import { createOlricAdapter, discoverOlricTargets } from './index';

/** Olric has one table: the failover analyzer's incidents for it (the analyzers run per table). */
const failoverIncidents = (runtime: Runtime) => runtime.analyzerState(failoverByTable).get(DEFAULT_TABLE)?.incidents ?? [];

/**
 * Against real olricd members (scripts/ensure-olric.sh builds them) on loopback,
 * polled by the real Runtime: Collector, adapters, DiagnosticsEngine.
 * Ports: OLRIC_TEST_PORT (default 24300) … +3 for the cluster, +10 for a lone
 * member; memberlist ports +100. 24300-24410 stays clear of the other tests'
 * ranges and below the ephemeral range.
 */
const BASE_PORT = Number(process.env.OLRIC_TEST_PORT ?? 24300);
const PORTS = [0, 1, 2, 3].map((index) => BASE_PORT + index);
const LONE_PORT = BASE_PORT + 10;
const idOf = (port: number) => `olric-${port - BASE_PORT}`;
const POLL_INTERVAL = 1000;
const TIMEOUT = 800;

let cluster: OlricCluster | null = null;
const runtimes: Runtime[] = [];

function startRuntime(ports: number[]): Runtime {
  const config = clusterConfigSchema.parse({
    name: 'olric-test',
    pollInterval: POLL_INTERVAL,
    requestTimeout: TIMEOUT,
    maxBackoff: 1000,
    targets: ports.map((port) => ({ id: idOf(port), kind: 'olric', address: `127.0.0.1:${port}` })),
  });
  const runtime = new Runtime(config);
  runtimes.push(runtime);
  runtime.start();
  return runtime;
}

function latest(runtime: Runtime, port: number): NodeReport | undefined {
  return runtime.store.latest(idOf(port));
}

/** Finds of a kind, active and resolved. */
function findingsOf(runtime: Runtime, prefix: string): { active: Finding[]; resolved: Finding[] } {
  const { active, resolved } = runtime.findings();
  return { active: active.filter((finding) => finding.kind.startsWith(prefix)), resolved: resolved.filter((finding) => finding.kind.startsWith(prefix)) };
}

/** Current owner per partition in one report's table. */
function ownersOf(report: NodeReport): string[] {
  return report.routing!.partitions.map((partition) => partition.owners.at(-1) ?? '');
}

/** Every member ok, the same table everywhere, every partition owned once, every STATS agreeing with it. */
function settled(runtime: Runtime, ports: number[]): boolean {
  const reports = ports.map((port) => latest(runtime, port));
  if (!reports.every((report) => report?.status === 'ok' && report.routing)) return false;
  const reference = ownersOf(reports[0]!).join();
  return reports.every((report) => {
    const owners = ownersOf(report!);
    const mine = owners.flatMap((owner, partition) => (owner === report!.targetId ? [partition] : []));
    return owners.join() === reference && owners.every((owner) => owner !== '') && mine.join() === report!.routing!.ownedPartitions!.join();
  });
}

async function cycles(runtime: Runtime, count: number): Promise<void> {
  const target = runtime.collector.cycleCount + count;
  await waitUntil(`${count} collector cycles`, async () => runtime.collector.cycleCount >= target, count * POLL_INTERVAL * 3);
}

beforeAll(async () => {
  cluster = createOlricCluster();
  await cluster.start({ port: PORTS[0] });
  await cluster.start({ port: PORTS[1], join: PORTS[0] });
  await cluster.start({ port: PORTS[2], join: PORTS[0] });
  // Data, so that a join moves real fragments (and cluster.events says so).
  for (let key = 0; key < 100; key++) await cluster.raw(PORTS[0], 'DM.PUT', 'clusterscope', `key-${key}`, `value-${key}`);
}, 40_000);

afterAll(async () => {
  await Promise.all(runtimes.map((runtime) => runtime.stop()));
  await cluster?.teardown();
}, 20_000);

describe('Olric source against a real olricd cluster', () => {
  it('three members: all ok, every partition owned once, every STATS agrees with the table, no findings over several polls', async () => {
    const runtime = startRuntime(PORTS.slice(0, 3));
    await waitUntil('the three members to settle', async () => settled(runtime, PORTS.slice(0, 3)), 20_000);
    await cycles(runtime, 3);
    expect(settled(runtime, PORTS.slice(0, 3))).toBe(true);
    expect(runtime.findings().active).toEqual([]);
    expect(runtime.findings().resolved.filter((finding) => finding.kind.startsWith('routing.'))).toEqual([]);
    const coordinator = latest(runtime, PORTS[0])!;
    expect(coordinator.node!.role).toBe('coordinator');
    expect(coordinator.routing!.partitions).toHaveLength(271);
    for (const port of PORTS.slice(0, 3)) {
      const report = latest(runtime, port)!;
      expect(report.routing!.tableOf).toBe(idOf(PORTS[0]));
      expect(report.peers!.peers.filter((peer) => peer.category !== 'missing')).toHaveLength(2);
    }
    await runtime.stop();
  }, 40_000);

  describe('a fourth member, then failures', () => {
    let runtime: Runtime;

    beforeAll(() => {
      runtime = startRuntime(PORTS);
    });

    it('a fourth member joins while polling: migration seen in events and ownership, findings resolve once the table settles', async () => {
      await waitUntil('three members settled', async () => settled(runtime, PORTS.slice(0, 3)), 20_000);
      const ownersBefore = ownersOf(latest(runtime, PORTS[0])!);
      await cluster!.start({ port: PORTS[3], join: PORTS[0] });
      await waitUntil('four members settled', async () => settled(runtime, PORTS), 40_000, 200);
      const ownersAfter = ownersOf(latest(runtime, PORTS[0])!);
      const moved = ownersAfter.filter((owner, partition) => owner !== ownersBefore[partition]);
      expect(moved.length).toBeGreaterThan(0);
      expect(new Set(moved)).toContain(idOf(PORTS[3]));
      const lines = runtime.logStore.lines();
      await waitUntil(
        'fragment events in the logs',
        async () => runtime.logStore.lines().some((line) => line.code === 'fragment_migration'),
        10_000,
      );
      expect(lines.some((line) => line.code === 'owner_changed' && line.message.includes(`${idOf(PORTS[3])} took over`))).toBe(true);
      expect(runtime.logStore.lines().some((line) => line.code === 'fragment_received' && line.node === idOf(PORTS[3]))).toBe(true);
      // Members' own STATS lag the new table while fragments move (about 16 s here, pushed every 5 s):
      // reported as owned-count mismatches naming the partitions, all resolved once the table settles.
      await cycles(runtime, 3);
      const routing = findingsOf(runtime, 'routing.');
      expect(routing.active).toEqual([]);
      for (const finding of routing.resolved) expect(finding.kind).toBe('routing.owned_count_mismatch');
      const mismatch = routing.resolved[0];
      expect(mismatch?.evidence).toMatchObject({ tableOf: idOf(PORTS[0]), reported: expect.any(Number), computed: expect.any(Number) });
      const evidence = mismatch!.evidence as { claimedNotInTableCount: number; inTableNotClaimedCount: number };
      expect(evidence.claimedNotInTableCount + evidence.inTableNotClaimedCount).toBeGreaterThan(0);
    }, 60_000);

    it('SIGSTOP a member: it is timeout, the others stay ok and on time', async () => {
      // A member that is not the coordinator: every member relays the coordinator's table.
      const stopped = PORTS[2];
      cluster!.signal(stopped, 'SIGSTOP');
      try {
        await waitUntil('the stopped member to time out', async () => latest(runtime, stopped)?.status === 'timeout', 10_000);
        await cycles(runtime, 2);
        expect(latest(runtime, stopped)!.status).toBe('timeout');
        // On a shared 2-core machine one poll of the coordinator has been seen to miss 800 ms while a member
        // is stopped; "on time" is judged on the latest poll once every other member answered.
        const others = [PORTS[0], PORTS[1], PORTS[3]];
        await waitUntil('the other members ok', async () => others.every((port) => latest(runtime, port)?.status === 'ok'), 5000);
        for (const port of others) {
          const report = latest(runtime, port)!;
          expect({ target: report.targetId, status: report.status, reason: report.reason }).toEqual({ target: idOf(port), status: 'ok', reason: null });
          expect(report.latencyMs!).toBeLessThan(TIMEOUT);
        }
      } finally {
        cluster!.signal(stopped, 'SIGCONT');
      }
      await waitUntil('the resumed member to answer again', async () => latest(runtime, stopped)?.status === 'ok', 15_000);
    }, 30_000);
    it('SIGKILL a member: unreachable, dropped from the others CLUSTER.MEMBERS, its partitions get new owners in the logs and the failover timeline', async () => {
      const victim = idOf(PORTS[3]);
      // The stopped member has rejoined; start from a settled table so the victim's partitions are known.
      await waitUntil('four members settled again', async () => settled(runtime, PORTS), 40_000, 200);
      await cycles(runtime, 2);
      const owned = latest(runtime, PORTS[0])!.routing!.partitions.filter((partition) => partition.owners.at(-1) === victim).length;
      expect(owned).toBeGreaterThan(0);
      const linesBefore = runtime.logStore.lastSeq();
      cluster!.signal(PORTS[3], 'SIGKILL');
      await waitUntil('the killed member to show unreachable', async () => latest(runtime, PORTS[3])?.status === 'unreachable', 10_000);
      await waitUntil(
        'the others to drop it and reassign its partitions',
        async () =>
          PORTS.slice(0, 3).every((port) => {
            const report = latest(runtime, port);
            return report?.status === 'ok' && report.peers!.peers.find((peer) => peer.id === victim)?.category === 'missing' && !ownersOf(report).includes(victim);
          }),
        40_000,
        200,
      );
      const takeovers = runtime.logStore.lines().filter((line) => line.code === 'owner_changed' && line.message.includes(`from ${victim}`));
      expect(takeovers.length).toBeGreaterThan(0);
      // In the coordinator's log every partition of the victim is accounted for: taken over directly, or first left without an owner for a poll.
      const coordinatorLines = runtime.logStore
        .sinceSeq(linesBefore)
        .filter((line) => line.node === idOf(PORTS[0]) && (line.message.includes(`from ${victim} `) || line.message.includes(`owner ${victim} `)));
      const count = (code: string, pattern: RegExp) =>
        coordinatorLines.filter((line) => line.code === code).reduce((sum, line) => sum + Number(pattern.exec(line.message)?.[1] ?? 0), 0);
      expect(count('owner_changed', /took over (\d+)/) + count('partitions_unowned', /^(\d+) partition/)).toBe(owned);
      expect(runtime.logStore.lines().some((line) => line.code === 'node_left' && line.subject === victim)).toBe(true);
      expect(latest(runtime, PORTS[3])!.reason!.code).toBe('refused');
      // The failover timeline: the lost member's partitions, who took them over and when every member adopted the new table.
      await waitUntil(
        'the failover incident to be adopted by every member',
        async () => failoverIncidents(runtime).some((incident) => incident.oldPrimary === victim && incident.resolution === 'adopted'),
        15_000,
      );
      const incident = failoverIncidents(runtime).find((entry) => entry.oldPrimary === victim)!;
      expect(incident.partitions).toHaveLength(owned);
      expect(incident.promotion!.newPrimaries.length).toBeGreaterThan(0);
      expect(incident.promotion!.newPrimaries).not.toContain(victim);
      expect(Object.keys(incident.adoptions).sort()).toEqual(PORTS.slice(0, 3).map(idOf).filter((id) => incident.members.includes(id)).sort());
      expect(incident.resolvedAt! - incident.crashAt).toBeLessThan(30_000);
    }, 60_000);

  });

  it('discover: a seed expands into every member CLUSTER.MEMBERS reports; a dead seed says why and stays', async () => {
    const seed = { id: 'seed', kind: 'olric' as const, address: `127.0.0.1:${PORTS[1]}`, discover: true };
    const found = await discoverOlricTargets(seed, { timeoutMs: 2000 });
    expect(found.error).toBeNull();
    expect(found.targets.map((target) => target.address).sort()).toEqual(PORTS.slice(0, 3).map((port) => `127.0.0.1:${port}`).sort());
    expect(found.targets.filter((target) => target.id !== 'seed').every((target) => target.id === target.address && !target.discover)).toBe(true);
    const dead = await discoverOlricTargets({ ...seed, address: `127.0.0.1:${PORTS[3]}` }, { timeoutMs: 2000 });
    expect(dead.targets).toHaveLength(1);
    expect(dead.error).toMatch(/connection refused/);
  });

  it('a member that cannot reach its quorum answers CLUSTERQUORUM, shown by name and never ok', async () => {
    await cluster!.start({ port: LONE_PORT, memberCountQuorum: 3, bootstrapTimeout: '1s' });
    const adapter = createOlricAdapter({ id: 'olric-lone', kind: 'olric', address: `127.0.0.1:${LONE_PORT}`, discover: false }, { targetIdForAddress: () => null });
    try {
      const report = await adapter.poll({ timeoutMs: 3000, maxResponseBytes: 5 * 1024 * 1024, logsAfter: null, logsLimit: 100, now: Date.now });
      expect(report.status).toBe('bad_response');
      expect(report.reason!.code).toBe('not_operable');
      expect(report.reason!.message).toMatch(/^CLUSTERQUORUM: /);
      expect(report.logs!.entries.map((entry) => entry.code)).toContain('clusterquorum');
    } finally {
      await adapter.close();
    }
  }, 30_000);
});
