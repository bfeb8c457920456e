import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollOptions, SourceAdapter } from '@/lib/adapters/types';
import type { RedisTargetConfig } from '@/lib/adapters/redis/target';
import { nodeReportSchema, type NodeReport } from '@/lib/contract/report';
import { startRedisCluster, type RedisCluster } from '@/e2e/support/redis-cluster';
import { createRedisAdapter, discoverRedisTargets } from './index';

/**
 * Against a real 6-node Redis cluster (3 primaries, 3 replicas) on loopback.
 * Ports: REDIS_CLUSTER_TEST_PORT (default 23100) … +5, cluster bus +100.
 */
const BASE_PORT = Number(process.env.REDIS_CLUSTER_TEST_PORT ?? 23100);
const POLL_TIMEOUT_MS = 1000;
const PORTS = [0, 1, 2, 3, 4, 5].map((index) => BASE_PORT + index);
const idOf = (port: number) => `redis-${port}`;
const context = {
  targetIdForAddress: (hostPort: string) => {
    const match = /^127\.0\.0\.1:(\d+)$/.exec(hostPort);
    return match && PORTS.includes(Number(match[1])) ? idOf(Number(match[1])) : null;
  },
};
const targetFor = (port: number, extra: Partial<RedisTargetConfig> = {}): RedisTargetConfig => ({
  id: idOf(port),
  kind: 'redis',
  address: `127.0.0.1:${port}`,
  tls: false,
  discover: false,
  flavor: 'auto',
  ...extra,
});
const pollOptions = (): PollOptions => ({
  timeoutMs: POLL_TIMEOUT_MS,
  maxResponseBytes: 5 * 1024 * 1024,
  logsAfter: null,
  logsLimit: 100,
  now: Date.now,
});

let cluster: RedisCluster | null = null;
const adapters = new Map<number, SourceAdapter>();

async function poll(port: number): Promise<NodeReport> {
  return adapters.get(port)!.poll(pollOptions());
}

async function pollAll(ports = PORTS): Promise<Map<number, NodeReport>> {
  const reports = await Promise.all(ports.map(poll));
  return new Map(ports.map((port, index) => [port, reports[index]]));
}

function ownersBySlot(report: NodeReport): string[] {
  return report.routing!.partitions.map((partition) => partition.owners.join('+'));
}

function expectEverySlotOwnedOnce(report: NodeReport) {
  expect(report.routing!.partitions).toHaveLength(16_384);
  expect(report.routing!.partitions.every((partition) => partition.owners.length === 1)).toBe(true);
}

beforeAll(async () => {
  cluster = await startRedisCluster({ basePort: BASE_PORT, startTimeoutMs: 40_000 });
  for (const port of PORTS) adapters.set(port, createRedisAdapter(targetFor(port), context));
}, 45_000);

afterAll(async () => {
  await Promise.all([...adapters.values()].map((adapter) => adapter.close()));
  await cluster?.teardown();
}, 15_000);

describe('Redis adapter against a real 6-node cluster', () => {
  // Learned from the first poll: which primary owns slot 0 and 5461, and their replicas.
  let firstPrimary = 0;
  let firstReplica = 0;
  let secondPrimary = 0;
  let secondReplica = 0;

  it('sees six healthy nodes, every slot owned once in every view, every replica link in sync', async () => {
    await expect
      .poll(
        async () => {
          const reports = await pollAll();
          return [...reports.values()].every(
            (report) => report.status === 'ok' && report.sync!.links.every((link) => link.state === 'in_sync'),
          );
        },
        { timeout: 8000, interval: 250 },
      )
      .toBe(true);
    const reports = await pollAll();
    const reference = ownersBySlot(reports.get(BASE_PORT)!);
    for (const report of reports.values()) {
      expect(nodeReportSchema.safeParse(report).success).toBe(true);
      expect(report.status).toBe('ok');
      expect(report.routing!.initialized).toBe(true);
      expectEverySlotOwnedOnce(report);
      expect(ownersBySlot(report)).toEqual(reference);
      expect(report.peers!.peers.filter((peer) => peer.category === 'connected')).toHaveLength(5);
    }
    const replicas = [...reports.values()].filter((report) => report.node!.role === 'replica');
    expect(replicas).toHaveLength(3);
    for (const replica of replicas) {
      expect(replica.sync!.links).toHaveLength(1);
      expect(replica.sync!.links[0].state).toBe('in_sync');
    }
    const table = reports.get(BASE_PORT)!.routing!.partitions;
    const portOf = (id: string) => Number(id.replace('redis-', ''));
    firstPrimary = portOf(table[0].owners[0]);
    firstReplica = portOf(table[0].backups[0]);
    secondPrimary = portOf(table[5461].owners[0]);
    secondReplica = portOf(table[5461].backups[0]);
    expect(new Set([firstPrimary, firstReplica, secondPrimary, secondReplica]).size).toBe(4);
  }, 20_000);

  it('an ACL user without the needed permissions gets a clear auth reason; the documented read-only user works', async () => {
    const port = BASE_PORT + 2;
    await cluster!.cli(port, 'ACL', 'SETUSER', 'cs-limited', 'on', '>limited-pw', 'resetkeys', '-@all', '+ping');
    await cluster!.cli(port, 'ACL', 'SETUSER', 'clusterscope', 'on', '>reader-pw', 'resetkeys', 'resetchannels', '-@all', '+info', '+cluster|info', '+cluster|nodes', '+latency|latest');
    process.env.CS_TEST_LIMITED_PW = 'limited-pw';
    process.env.CS_TEST_READER_PW = 'reader-pw';
    process.env.CS_TEST_WRONG_PW = 'not-the-password';
    const limited = createRedisAdapter(targetFor(port, { username: 'cs-limited', passwordEnv: 'CS_TEST_LIMITED_PW' }), context);
    const reader = createRedisAdapter(targetFor(port, { username: 'clusterscope', passwordEnv: 'CS_TEST_READER_PW' }), context);
    const wrong = createRedisAdapter(targetFor(port, { username: 'clusterscope', passwordEnv: 'CS_TEST_WRONG_PW' }), context);
    try {
      const denied = await limited.poll(pollOptions());
      expect(denied).toMatchObject({ status: 'bad_response', reason: { code: 'auth' } });
      expect(denied.reason!.message).toMatch(/ACL user "cs-limited" may not run INFO/);
      expect(denied.reason!.message).toMatch(/ACL SETUSER cs-limited \+info/);
      const allowed = await reader.poll(pollOptions());
      expect(allowed.status).toBe('ok');
      expect(allowed.routing!.partitions).toHaveLength(16_384);
      const refused = await wrong.poll(pollOptions());
      expect(refused).toMatchObject({ status: 'bad_response', reason: { code: 'auth' } });
      expect(JSON.stringify([denied, refused])).not.toMatch(/limited-pw|not-the-password/);
    } finally {
      await Promise.all([limited.close(), reader.close(), wrong.close()]);
    }
  });

  it('discovers all six members from one seed, keeping the seed id', async () => {
    const seed = targetFor(BASE_PORT + 3, { id: 'seed', discover: true });
    const { targets, error } = await discoverRedisTargets(seed, { timeoutMs: 2000 });
    expect(error).toBeNull();
    expect(targets[0]).toBe(seed);
    expect(targets.map((target) => target.address).sort()).toEqual(PORTS.map((port) => `127.0.0.1:${port}`).sort());
    expect(targets.slice(1).every((target) => target.id === target.address && target.discover === false)).toBe(true);
  });

  it('DEBUG SLEEP on one node: that node times out, the others answer on time', async () => {
    const sleeper = firstReplica;
    const sleeping = cluster!.cli(sleeper, 'DEBUG', 'SLEEP', '3');
    try {
      // redis-cli may take a moment to start on a busy machine: wait (bounded) until the node is asleep.
      await expect.poll(async () => (await poll(sleeper)).status, { timeout: 2500, interval: 50 }).toBe('timeout');
      // Still asleep (3 s): one round of every node, as the collector would poll them.
      const round = await pollAll();
      expect(round.get(sleeper)!.status).toBe('timeout');
      for (const [port, report] of round) {
        if (port === sleeper) continue;
        expect(report.status, `node ${port}: ${JSON.stringify(report.reason)}`).toBe('ok');
        expect(report.latencyMs!).toBeLessThan(POLL_TIMEOUT_MS);
      }
    } finally {
      await sleeping;
    }
    await expect.poll(async () => (await poll(sleeper)).status, { timeout: 5000, interval: 200 }).toBe('ok');
  }, 20_000);

  it('SHUTDOWN NOSAVE of a primary: it is unreachable, and its replica becomes primary with a higher ballot', async () => {
    const before = (await poll(secondPrimary)).routing!.partitions[0];
    await cluster!.cli(firstPrimary, 'SHUTDOWN', 'NOSAVE').catch(() => '');
    await expect.poll(async () => (await poll(firstPrimary)).status, { timeout: 3000, interval: 200 }).toBe('unreachable');
    expect((await poll(firstPrimary)).reason?.code).toBe('refused');
    // Every surviving node's own view moves slot 0 to the promoted replica, under a higher ballot.
    const survivors = PORTS.filter((port) => port !== firstPrimary);
    await expect
      .poll(
        async () => {
          const reports = await pollAll(survivors);
          return [...reports.values()].every((report) => {
            const view = report.routing?.partitions[0];
            return view?.owners[0] === idOf(firstReplica) && (view.ballot ?? 0) > (before.ballot ?? 0);
          });
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe(true);
    const promoted = await poll(firstReplica);
    expect(promoted.node!.role).toBe('primary');
    expect(promoted.routing!.partitions[0].owners).toEqual([idOf(firstReplica)]);
    // The adapter's own log records the promotion.
    expect(promoted.logs!.entries.map((entry) => entry.code)).toContain('role_changed');
  }, 30_000);

  it('SIGSTOP of a primary: it times out, its replica still claims in sync with ageing last I/O; SIGCONT recovers', async () => {
    const alive = PORTS.filter((port) => port !== firstPrimary);
    // Write to the primary so its replica's last I/O is fresh just before the freeze.
    let key: string | null = null;
    for (let candidate = 0; candidate < 200 && key === null; candidate += 1) {
      const slot = Number(await cluster!.cli(secondPrimary, 'CLUSTER', 'KEYSLOT', `k${candidate}`));
      if (slot >= 5461 && slot <= 10922) key = `k${candidate}`;
    }
    expect(key).not.toBeNull();
    const lastIoBefore = async () => {
      expect(await cluster!.cli(secondPrimary, 'SET', key!, `fresh-${Date.now()}`)).toBe('OK');
      const report = await poll(secondReplica);
      const link = report.sync!.links.find((candidate) => candidate.replica === idOf(secondReplica))!;
      return report.fetchedAt - Date.parse(link.lastIoAt ?? '1970-01-01');
    };
    await expect.poll(lastIoBefore, { timeout: 3000, interval: 100 }).toBeLessThan(1000);
    cluster!.signal(secondPrimary, 'SIGSTOP');
    try {
      let evidence: Map<number, NodeReport> | null = null;
      const deadline = Date.now() + 6000;
      while (evidence === null && Date.now() < deadline) {
        const reports = await pollAll(alive);
        const link = reports.get(secondReplica)!.sync?.links.find((candidate) => candidate.replica === idOf(secondReplica));
        const lastIoAge = link?.lastIoAt ? reports.get(secondReplica)!.fetchedAt - Date.parse(link.lastIoAt) : 0;
        if (reports.get(secondPrimary)!.status === 'timeout' && link?.state === 'in_sync' && lastIoAge >= 1000) evidence = reports;
      }
      expect(evidence).not.toBeNull();
      for (const [port, report] of evidence!) {
        if (port === secondPrimary) continue;
        expect(report.status).toBe('ok');
        expect(report.latencyMs!).toBeLessThan(POLL_TIMEOUT_MS);
      }
    } finally {
      cluster!.signal(secondPrimary, 'SIGCONT');
    }
    await expect
      .poll(
        async () => {
          const reports = await pollAll(alive);
          return [...reports.values()].every((report) => report.status === 'ok' && report.routing!.initialized);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    const reports = await pollAll(alive);
    const reference = ownersBySlot(reports.get(alive[0])!);
    for (const report of reports.values()) {
      expectEverySlotOwnedOnce(report);
      expect(ownersBySlot(report)).toEqual(reference);
      expect(report.peers!.peers.find((peer) => peer.id === idOf(firstPrimary))?.category).toBe('fail');
    }
  }, 40_000);
});
