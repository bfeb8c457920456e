import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nodeReportSchema, type NodeReport } from '@/lib/contract/report';
import { diagnosticsConfigSchema } from '@/lib/config/schema';
import { stepRouting, routingAnalyzer } from '@/lib/diagnostics/routing';
import { ownerChanges, readOlricNode, type OlricReadingResult, type OlricReplies } from './build-report';
import { eventLogEntry, parseClusterEvent } from './events';
import { fixtureEvents, fixtureReply } from './fixture-replies';
import { parseMembers, parseRoutingTable, parseStats } from './replies';

/** Fixtures were captured from a real olricd v0.5.7 cluster on 127.0.0.1:24500-24503 (see fixtures/README.md). */
const idFor = (hostPort: string) => {
  const match = /^127\.0\.0\.1:2450(\d)$/.exec(hostPort);
  return match ? `olric-${match[1]}` : hostPort;
};
const NOW = Date.parse('2026-12-04T18:29:20Z');
const MAX_BYTES = 5 * 1024 * 1024;

function read(replies: OlricReplies, targetId: string, previouslySeen: string[] = []): OlricReadingResult {
  return readOlricNode({ targetId, replies, idFor, previouslySeen, now: NOW, maxResponseBytes: MAX_BYTES });
}

function settled(port: number): OlricReplies {
  return {
    stats: fixtureReply(`stats-${port}.resp`),
    // Every member relays the coordinator's table; 24500 is the coordinator and writes ids as integers.
    routingTable: fixtureReply(port === 24500 ? 'rt-24500.resp' : 'rt-24501.resp'),
    members: fixtureReply(port === 24501 ? 'members-24501.resp' : 'members-24500.resp'),
  };
}

function report(targetId: string, result: OlricReadingResult): NodeReport {
  if (!result.ok) throw new Error(result.reason.message);
  const { reading } = result;
  return {
    targetId,
    kind: 'olric',
    address: reading.memberName,
    status: 'ok',
    reason: null,
    fetchedAt: NOW,
    latencyMs: 1,
    node: reading.node,
    peers: reading.peers,
    sync: null,
    routing: reading.routing,
    logs: null,
    unavailable: reading.unavailable,
  };
}

function routingConditions(reports: NodeReport[]) {
  return stepRouting(routingAnalyzer.initial(), {
    now: NOW,
    pollIntervalMs: 1000,
    config: diagnosticsConfigSchema.parse({}),
    targetIds: reports.map((entry) => entry.targetId),
    reports: new Map(reports.map((entry) => [entry.targetId, entry])),
    lastOk: new Map(),
  }).conditions;
}

describe('Olric replies captured from a settled 3-member cluster', () => {
  const readings = [24500, 24501, 24502].map((port, index) => report(`olric-${index}`, read(settled(port), `olric-${index}`)));

  it('reads node, members and the coordinator table of every member', () => {
    for (const entry of readings) expect(nodeReportSchema.safeParse(entry).success).toBe(true);
    expect(readings.map((entry) => entry.node!.role)).toEqual(['coordinator', 'member', 'member']);
    expect(readings[0].node!.version).toBe('olric 0.5.7');
    for (const entry of readings) {
      expect(entry.routing!.partitions).toHaveLength(271);
      expect(entry.routing!.tableOf).toBe('olric-0');
      expect(entry.peers!.peers.map((peer) => peer.category).sort()).toEqual(entry.targetId === 'olric-0' ? ['member', 'member'] : ['coordinator', 'member']);
    }
  });

  it('the relayed table (bulk partition ids) equals the coordinator own (integer ids)', () => {
    expect(readings[1].routing!.partitions).toEqual(readings[0].routing!.partitions);
  });

  it('every partition has one current owner and every member STATS agrees with the table: no routing findings', () => {
    const owners = readings[0].routing!.partitions.map((partition) => partition.owners.at(-1));
    expect(owners.every((owner) => owner !== undefined)).toBe(true);
    for (const entry of readings) {
      const fromTable = entry.routing!.partitions.filter((partition) => partition.owners.at(-1) === entry.targetId).map((partition) => partition.id);
      expect(entry.routing!.ownedPartitions).toEqual(fromTable);
      expect(entry.routing!.ownedCount).toBe(fromTable.length);
    }
    expect(routingConditions(readings)).toEqual([]);
  });

  it('a member whose STATS disagrees with the table raises routing.owned_count_mismatch with both numbers and the partitions', () => {
    const racing = structuredClone(readings[1]);
    const owned = racing.routing!.ownedPartitions!;
    const stolen = readings[0].routing!.ownedPartitions![0];
    racing.routing!.ownedPartitions = [...owned.slice(2), stolen].sort((a, b) => a - b);
    racing.routing!.ownedCount = racing.routing!.ownedPartitions.length;
    const conditions = routingConditions([readings[0], racing, readings[2]]);
    const mismatch = conditions.find((condition) => condition.kind === 'routing.owned_count_mismatch');
    expect(mismatch?.subject.id).toBe('olric-1');
    expect(mismatch?.evidence).toMatchObject({
      reported: owned.length - 1,
      computed: owned.length,
      tableOf: 'olric-0',
      claimedNotInTable: [stolen],
      inTableNotClaimed: owned.slice(0, 2),
    });
    expect(mismatch?.summary).toContain('the table it relays from olric-0');
  });

  it('a member dropped from CLUSTER.MEMBERS is shown as missing in that member view', () => {
    const replies = { ...settled(24501), members: fixtureReply('members-after-kill.resp') };
    const result = read(replies, 'olric-1', ['127.0.0.1:24503']);
    expect(result.ok && result.reading.peers.peers.find((peer) => peer.id === 'olric-3')?.category).toBe('missing');
  });
});

describe('Olric error replies are states by name, never ok', () => {
  it('a member below memberCountQuorum (v0.5.7 answers -ERR with the CLUSTERQUORUM text)', () => {
    const quorum = fixtureReply('quorum-error.resp');
    const result = read({ stats: quorum, routingTable: quorum, members: quorum }, 'olric-q');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatchObject({ code: 'not_operable', message: expect.stringMatching(/^CLUSTERQUORUM: /) });
  });

  it.each([
    ['OPERATIONTIMEOUT operation timeout', 'OPERATIONTIMEOUT'],
    ['ERR operation timeout', 'OPERATIONTIMEOUT'],
    ['CLUSTERQUORUM cannot be reached cluster quorum to operate', 'CLUSTERQUORUM'],
    ['SERVERGONE server is gone', 'SERVERGONE'],
  ])('%s → %s', (message, state) => {
    const error = { ok: false as const, message };
    const result = read({ ...settled(24500), routingTable: error }, 'olric-0');
    expect(!result.ok && result.reason.code).toBe('not_operable');
    expect(!result.ok && result.reason.message.startsWith(`${state}: `)).toBe(true);
  });

  it('an unknown command is a protocol error naming the command', () => {
    const result = read({ ...settled(24500), members: fixtureReply('unknown-command.resp') }, 'olric-0');
    expect(!result.ok && result.reason).toMatchObject({ code: 'protocol', message: expect.stringContaining("CLUSTER.MEMBERS answered with an error: ERR unknown command 'foo.bar'") });
  });
});

describe('hostile replies get a clear error and never throw', () => {
  it('non-JSON, wrong-typed and oversized STATS', () => {
    expect(parseStats('{not json', MAX_BYTES)).toEqual({ ok: false, error: 'STATS is not JSON' });
    expect(parseStats(42, MAX_BYTES)).toEqual({ ok: false, error: 'STATS did not answer with a bulk string' });
    expect(parseStats('[]', MAX_BYTES).ok).toBe(false);
    expect(parseStats(JSON.stringify({ release_version: '0.5.7', uptime_seconds: 1, member: 'x' }), MAX_BYTES).ok).toBe(false);
    expect(parseStats('x'.repeat(100), 10)).toEqual({ ok: false, error: 'STATS is larger than 10 bytes' });
  });

  it('uint64 member ids keep every digit', () => {
    const stats = fixtureReply('stats-24501.resp');
    const parsed = parseStats(stats.ok ? stats.value : null, MAX_BYTES);
    expect(parsed.ok && parsed.value.member.id).toBe('13845333717337077911');
  });

  it('huge and malformed routing tables and member lists', () => {
    expect(parseRoutingTable(new Array(20_000).fill(['0', [], []])).ok).toBe(false);
    expect(parseRoutingTable([['0', ['a:1'], []], ['0', ['a:1'], []]])).toEqual({ ok: false, error: 'CLUSTER.ROUTINGTABLE lists partition 0 twice' });
    expect(parseRoutingTable([['x', [], []]]).ok).toBe(false);
    expect(parseRoutingTable([['1', 'a:1', []]]).ok).toBe(false);
    expect(parseRoutingTable([['1', [7], []]]).ok).toBe(false);
    expect(parseMembers([['a:1', 'soon', 'true']]).ok).toBe(false);
    expect(parseMembers(new Array(20_000).fill(['a:1', '1', 'true'])).ok).toBe(false);
  });

  it('any reply shape at all yields a result or an error, never a throw (property)', () => {
    const anyReply = fc.oneof(
      fc.record({ ok: fc.constant(true as const), value: fc.anything() }),
      fc.record({ ok: fc.constant(false as const), message: fc.string() }),
      fc.record({ ok: fc.constant(true as const), value: fc.json() }),
    );
    fc.assert(
      fc.property(anyReply, anyReply, anyReply, (stats, routingTable, members) => {
        const result = read({ stats, routingTable, members }, 'olric-x');
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});

describe('cluster.events captured from the real cluster', () => {
  it('parses joins, leaves and fragment moves into log lines', () => {
    const join = fixtureEvents('events-join.resp').map(parseClusterEvent);
    expect(join.every((event) => event !== null)).toBe(true);
    const kinds = new Set(join.map((event) => event!.kind));
    expect(kinds).toEqual(new Set(['node-join-event', 'fragment-migration-event', 'fragment-received-event']));
    const migration = join.find((event) => event!.kind === 'fragment-migration-event')!;
    expect(eventLogEntry(migration, idFor).message).toMatch(/^olric-\d moved partition \d+ \(dmap "demo", \d+ entries\) to olric-3$/);
    const left = fixtureEvents('events-kill.resp').map(parseClusterEvent).filter((event) => event?.kind === 'node-left-event');
    expect(left.map((event) => eventLogEntry(event!, idFor).message)).toContain('olric-3 left the cluster (seen by olric-0)');
  });

  it('ignores garbage messages', () => {
    for (const message of ['', 'null', '{"kind":"node-join-event"}', '{"kind":"x","source":"a","timestamp":1}', 'x'.repeat(20_000)]) {
      expect(parseClusterEvent(message)).toBeNull();
    }
  });
});

describe('ownerChanges', () => {
  it('names each partition whose current owner moved', () => {
    const before = [{ partition: 0, owners: ['a'], backups: [] }, { partition: 1, owners: ['b'], backups: [] }];
    const after = [{ partition: 0, owners: ['a'], backups: [] }, { partition: 1, owners: ['b', 'c'], backups: [] }];
    expect(ownerChanges(before, after)).toEqual([{ partition: 1, from: 'b', to: 'c' }]);
  });
});
