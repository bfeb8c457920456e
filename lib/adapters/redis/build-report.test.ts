import { describe, expect, it } from 'vitest';
import { nodeInfoSchema, peersDocSchema, routingDocSchema } from '@/lib/contract/admin-v1';
import { replicationLinkSchema } from '@/lib/contract/report';
import { readNode, type NodeReading, type NodeReplies } from './build-report';
import { pikaReplies, redisPortsIn, redisReplies, STANDALONE_CLUSTER_REPLIES } from './fixture-replies';
import { SLOT_COUNT } from './cluster-nodes';

const NOW = Date.parse('2026-11-25T12:00:00Z');
// The configured targets: "127.0.0.1:730N" is target "r730N"; anything else stays host:port.
const idFor = (hostPort: string) => (/^127\.0\.0\.1:730[1-6]$/.test(hostPort) ? `r${hostPort.slice(-4)}` : hostPort);
const target = (port: number) => ({ id: `r${port}`, address: `127.0.0.1:${port}`, flavor: 'auto' as const, username: undefined });

function read(replies: NodeReplies, port = 7301): NodeReading {
  const result = readNode({ target: target(port), replies, idFor, now: NOW });
  if (!result.ok) throw new Error(`expected a reading, got ${result.reason.code}: ${result.reason.message}`);
  return result.reading;
}

function readScenario(scenario: string): Map<number, NodeReading> {
  return new Map(redisPortsIn(scenario).map((port) => [port, read(redisReplies(scenario, port), port)]));
}

function expectValidParts(reading: NodeReading) {
  expect(nodeInfoSchema.safeParse(reading.node).success).toBe(true);
  for (const link of reading.links) expect(replicationLinkSchema.safeParse(link).success).toBe(true);
  if (reading.routing) expect(routingDocSchema.safeParse(reading.routing).success).toBe(true);
  if (reading.peers) expect(peersDocSchema.safeParse(reading.peers).success).toBe(true);
}

describe('Redis 7.0 cluster, healthy capture', () => {
  const readings = readScenario('healthy');

  it('reads all six nodes: three primaries, three replicas, versions and start times', () => {
    expect(readings.size).toBe(6);
    const roles = [...readings.values()].map((reading) => reading.node.role);
    expect(roles.filter((role) => role === 'primary')).toHaveLength(3);
    expect(roles.filter((role) => role === 'replica')).toHaveLength(3);
    const r7301 = readings.get(7301)!;
    expect(r7301.node).toMatchObject({ id: 'r7301', version: '7.0.15' });
    // server_time_usec 1795621859323591, uptime 7 s: the node's clock, not the collector's.
    expect(r7301.node.now).toBe(new Date(1795621859323).toISOString());
    expect(r7301.node.startedAt).toBe(new Date(1795621859323 - 7000).toISOString());
    for (const reading of readings.values()) expectValidParts(reading);
    // Every member names the same cluster.
    expect(new Set([...readings.values()].map((reading) => reading.node.cluster)).size).toBe(1);
  });

  it('owns each of the 16,384 slots exactly once, the same way in all six views', () => {
    const reference = readings.get(7301)!.routing!;
    expect(reference.partitionCount).toBe(SLOT_COUNT);
    expect(reference.partitions).toHaveLength(SLOT_COUNT);
    expect(reference.partitions.every((partition) => partition.owners.length === 1)).toBe(true);
    expect(reference.partitions[0]).toMatchObject({ owners: ['r7301'], backups: ['r7304'], ballot: 1 });
    expect(reference.partitions[5461]).toMatchObject({ owners: ['r7302'], backups: ['r7305'], ballot: 2 });
    expect(reference.partitions[16383]).toMatchObject({ owners: ['r7303'], backups: ['r7306'], ballot: 3 });
    expect(reference).toMatchObject({ version: 6, initialized: true, ownedCount: 5461 });
    for (const reading of readings.values()) {
      expect(reading.routing!.partitions.map((partition) => partition.owners[0])).toEqual(
        reference.partitions.map((partition) => partition.owners[0]),
      );
    }
    expect(readings.get(7304)!.routing!.ownedCount).toBe(0);
  });

  it('shares one frozen slot table between the views that agree on it', () => {
    const first = readings.get(7301)!.routing!.partitions;
    expect(readings.get(7306)!.routing!.partitions).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first[0]) && Object.isFrozen(first[0].owners)).toBe(true);
    // A different view (after the failover) gets its own table.
    expect(read(redisReplies('master-down/t+9s', 7302), 7302).routing!.partitions).not.toBe(first);
  });

  it('sees every other member as connected', () => {
    for (const reading of readings.values()) {
      expect(reading.peers!.peers).toHaveLength(5);
      expect(reading.peers!.peers.every((peer) => peer.category === 'connected')).toBe(true);
      expect(reading.peers!.peers.map((peer) => peer.id)).not.toContain(reading.node.id);
    }
  });

  it('reports the replicas as they were at capture time: before their first sync, so not in sync', () => {
    // Captured 7 s after start: replicas say master_link_status:down, master_link_down_since_seconds:-1,
    // and the primaries list them as state=wait_bgsave. A dashboard must not call that in sync.
    const replicaView = readings.get(7304)!.links;
    expect(replicaView).toHaveLength(1);
    expect(replicaView[0]).toMatchObject({ id: 'r7301->r7304', primary: 'r7301', replica: 'r7304', state: 'connecting', lastIoAt: null });
    expect(replicaView[0].lastError?.message).toMatch(/never connected/);
    const primaryView = readings.get(7301)!.links;
    expect(primaryView).toHaveLength(1);
    expect(primaryView[0]).toMatchObject({ id: 'r7301->r7304', state: 'full_sync', reportedState: 'state=wait_bgsave', primaryOffset: 2191, replicaOffset: 0 });
  });
});

describe('Redis 7.0 cluster, master 7301 shut down', () => {
  it('t+1s: 7304 says its link is down; the others see 7301 disconnected', () => {
    const readings = readScenario('master-down/t+1s');
    expect(readings.has(7301)).toBe(false);
    const link = readings.get(7304)!.links[0];
    expect(link).toMatchObject({ primary: 'r7301', replica: 'r7304', state: 'connecting', replicaOffset: 2228 });
    expect(link.state).not.toBe('in_sync');
    // Times are counted on the node's own clock (server_time_usec), like a native node's.
    const nodeNow = Date.parse(readings.get(7304)!.node.now);
    expect(link.lastError).toEqual({ code: 'master_link_down', message: 'master_link_status:down for 1 s', at: new Date(nodeNow - 1000).toISOString() });
    const peer7301 = readings.get(7302)!.peers!.peers.find((peer) => peer.id === 'r7301');
    expect(peer7301?.category).toBe('disconnected');
    // The primaries' links to their replicas are in sync, with offsets and no byte lag.
    expect(readings.get(7302)!.links[0]).toMatchObject({ id: 'r7302->r7305', state: 'in_sync', primaryOffset: 2228, replicaOffset: 2228, lag: 0 });
  });

  it('t+9s: 7304 is primary for slots 0-5460 with config epoch 7, and 7301 is in the fail category', () => {
    const readings = readScenario('master-down/t+9s');
    expect(readings.get(7304)!.node.role).toBe('primary');
    expect(readings.get(7304)!.links).toEqual([]);
    for (const reading of readings.values()) {
      const routing = reading.routing!;
      expect(routing.version).toBe(7);
      expect(routing.partitions[0]).toMatchObject({ owners: ['r7304'], backups: [], ballot: 7 });
      expect(routing.partitions[5460].owners).toEqual(['r7304']);
      expect(routing.partitions.every((partition) => partition.owners.length === 1)).toBe(true);
      expect(reading.peers!.peers.find((peer) => peer.id === 'r7301')?.category).toBe('fail');
    }
    expect(readings.get(7304)!.routing!.ownedCount).toBe(5461);
  });
});

describe('Redis 7.0 cluster, master 7302 frozen (SIGSTOP)', () => {
  it('t+1.5s: replica 7305 still says its link is up — reported as it says, with last I/O 9 s old', () => {
    const readings = readScenario('master-stopped/t+1.5s');
    const link = readings.get(7305)!.links[0];
    expect(link).toMatchObject({ id: 'r7302->r7305', state: 'in_sync', reportedState: 'master_link_status:up master_sync_in_progress:0' });
    expect(link.lastIoAt).toBe(new Date(Date.parse(readings.get(7305)!.node.now) - 9000).toISOString());
    expect(link.primaryOffset).toBeNull();
    expect(readings.get(7305)!.peers!.peers.find((peer) => peer.id === 'r7302')?.category).toBe('disconnected');
  });

  it('t+7.5s: 7305 is promoted with config epoch 8 and 7302 has failed', () => {
    const readings = readScenario('master-stopped/t+7.5s');
    const view = readings.get(7303)!;
    expect(view.routing!.partitions[5461]).toMatchObject({ owners: ['r7305'], ballot: 8 });
    expect(view.peers!.peers.find((peer) => peer.id === 'r7302')?.category).toBe('fail');
    expect(readings.get(7305)!.node.role).toBe('primary');
  });

  it('after SIGCONT: 7302 rejoins as a replica of 7305, and both sides agree on the link', () => {
    const readings = readScenario('master-stopped/after-cont-t+3s');
    expect(readings.get(7302)!.node.role).toBe('replica');
    expect(readings.get(7302)!.links[0]).toMatchObject({ id: 'r7305->r7302', state: 'in_sync', replicaOffset: 2242 });
    expect(readings.get(7305)!.links[0]).toMatchObject({ id: 'r7305->r7302', state: 'in_sync', primaryOffset: 2242, replicaOffset: 2242, lag: 0 });
    expect(readings.get(7305)!.routing!.partitions[5461].backups).toEqual(['r7302']);
  });
});

describe('Pika INFO replication', () => {
  const pikaTarget = (id: string) => ({ id, address: '192.168.201.82:9221', flavor: 'auto' as const, username: undefined });
  const readPika = (file: string, id = 'pika-a') => {
    const result = readNode({ target: pikaTarget(id), replies: pikaReplies(file), idFor: (hostPort) => hostPort, now: NOW });
    if (!result.ok) throw new Error(result.reason.message);
    return result.reading;
  };

  it('detects Pika, reports its version, and marks routing and peers unavailable', () => {
    const reading = readPika('v3.5.0-master.info.txt');
    expect(reading.flavor).toBe('pika');
    expect(reading.node.version).toBe('pika 3.5.1');
    expect(reading.unavailable).toEqual(['peers', 'routing']);
    expect(reading.routing).toBeNull();
    expect(reading.peers).toBeNull();
    expectValidParts(reading);
  });

  it('3.3.5 replica: link up, one link for db0 with its binlog position', () => {
    const reading = readPika('v3.3.5-slave.info.txt');
    expect(reading.node.role).toBe('replica');
    expect(reading.links).toHaveLength(1);
    expect(reading.links[0]).toMatchObject({
      id: '10.200.14.148:9223->pika-a/db0',
      primary: '10.200.14.148:9223',
      state: 'in_sync',
      reportedState: 'master_link_status:up',
      replicaOffset: 87377376,
    });
  });

  it('3.4.2 and 3.5.0 masters: one link per replica per db, lag in bytes from lag=(db0:0)', () => {
    for (const file of ['v3.4.2-master.info.txt', 'v3.5.0-master.info.txt']) {
      const reading = readPika(file);
      expect(reading.node.role).toBe('primary');
      expect(reading.links).toEqual([
        expect.objectContaining({ id: 'pika-a->192.168.201.82:9221/db0', state: 'in_sync', lag: 0, primaryOffset: 17794 * 104_857_600 + 8127680 }),
      ]);
    }
  });

  it('3.5.0 replica: same binlog position as its master', () => {
    const reading = readPika('v3.5.0-slave.info.txt', 'pika-b');
    expect(reading.links[0]).toMatchObject({ id: '192.168.201.81:9221->pika-b/db0', state: 'in_sync', replicaOffset: 17794 * 104_857_600 + 8127680 });
  });

  it('4.x master during a full sync: the link is full_sync, not in sync', () => {
    const reading = readPika('v4-master-full-syncing.constructed.txt');
    expect(reading.links).toEqual([expect.objectContaining({ state: 'full_sync', reportedState: 'lag db0:full syncing', lag: null })]);
    expect(reading.eligibleForMasterElection).toBe('true');
  });

  it('4.x replica whose db0 is in error: state error with the cause', () => {
    const reading = readPika('v4-slave-full-sync-error.constructed.txt');
    expect(reading.links).toHaveLength(1);
    expect(reading.links[0]).toMatchObject({ id: '192.168.201.81:9221->pika-a/db0', state: 'error', reportedState: 'repl_connect_status db0:error' });
    expect(reading.links[0].lastError?.message).toMatch(/db0 replication in error.*db_repl_state db0:Error/);
  });

  it('maps states it does not recognize to unknown, and waiting states to what they are', () => {
    const replies = pikaReplies('v4-slave-full-sync-error.constructed.txt');
    const text = String((replies.infoReplication as { value: string }).value)
      .replace('db0:error', 'db0:resharding\ndb1:try_to_full_sync\ndb2:connected')
      .replace('db_repl_state:(db0:Error)', 'db_repl_state:(db3:WaitDBSync)');
    const reading = readNode({ target: pikaTarget('p'), replies: { ...replies, infoReplication: { ok: true, value: text } }, idFor: (a) => a, now: NOW });
    expect(reading.ok && reading.reading.links.map((link) => [link.id.split('/')[1], link.state])).toEqual([
      ['db0', 'unknown'],
      ['db1', 'full_sync'],
      ['db2', 'in_sync'],
      ['db3', 'full_sync'],
    ]);
  });

  it('a chained Pika node (Master && SLAVE) reports its upstream link and its downstream link', () => {
    const text = [
      '# Replication(Master && SLAVE)',
      'role:master && slave',
      'master_host:10.0.0.1',
      'master_port:9221',
      'master_link_status:up',
      'connected_slaves:1',
      'slave0:ip=10.0.0.3,port=9221,conn_fd=12,lag=(db0:5)',
      'db0:binlog_offset=1 100,safety_purge=none',
    ].join('\n');
    const replies = pikaReplies('v3.5.0-slave.info.txt');
    const result = readNode({ target: pikaTarget('mid'), replies: { ...replies, infoReplication: { ok: true, value: text } }, idFor: (a) => a, now: NOW });
    if (!result.ok) throw new Error(result.reason.message);
    expect(result.reading.node.role).toBe('replica');
    expect(result.reading.links.map((link) => [link.id, link.state, link.lag])).toEqual([
      ['10.0.0.1:9221->mid/db0', 'in_sync', null],
      ['mid->10.0.0.3:9221/db0', 'in_sync', 5],
    ]);
  });

  it('a Pika master with "not syncing" lag reports connecting, never in sync', () => {
    const replies = pikaReplies('v4-master-full-syncing.constructed.txt');
    const text = String((replies.infoReplication as { value: string }).value).replace('full syncing', 'not syncing');
    const reading = readNode({ target: pikaTarget('p'), replies: { ...replies, infoReplication: { ok: true, value: text } }, idFor: (a) => a, now: NOW });
    expect(reading.ok && reading.reading.links[0].state).toBe('connecting');
  });
});

describe('missing or odd answers', () => {
  const standalone = (replication: string): NodeReplies => ({
    infoServer: { ok: true, value: '# Server\nredis_version:7.2.4\nrun_id:abc\nuptime_in_seconds:10\nredis_mode:standalone\n' },
    infoReplication: { ok: true, value: replication },
    ...STANDALONE_CLUSTER_REPLIES,
  });

  it('a replica whose link fields are missing is unknown, never in sync', () => {
    const reading = read(standalone('# Replication\nrole:slave\nmaster_host:127.0.0.1\nmaster_port:7302\n'));
    expect(reading.links).toEqual([expect.objectContaining({ id: 'r7302->r7301', state: 'unknown', reportedState: null, lastIoAt: null })]);
  });

  it('link up but no master_sync_in_progress is unknown', () => {
    const reading = read(standalone('# Replication\nrole:slave\nmaster_host:127.0.0.1\nmaster_port:7302\nmaster_link_status:up\n'));
    expect(reading.links[0].state).toBe('unknown');
  });

  it('a full sync in progress is full_sync with the bytes left as lag', () => {
    const reading = read(
      standalone(
        '# Replication\nrole:slave\nmaster_host:127.0.0.1\nmaster_port:7302\nmaster_link_status:down\nmaster_sync_in_progress:1\nmaster_sync_left_bytes:4096\nmaster_sync_last_io_seconds_ago:2\n',
      ),
    );
    expect(reading.links[0]).toMatchObject({ state: 'full_sync', lag: 4096, lastIoAt: new Date(NOW - 2000).toISOString() });
  });

  it('a slaveN line without a state is unknown', () => {
    const reading = read(standalone('# Replication\nrole:master\nslave0:ip=10.0.0.9,port=6380,offset=5\nmaster_repl_offset:9\n'));
    expect(reading.links).toEqual([expect.objectContaining({ id: 'r7301->10.0.0.9:6380', state: 'unknown', lag: 4 })]);
  });

  it('a standalone node has no routing or peers to offer: unavailable, not empty', () => {
    const reading = read(standalone('# Replication\nrole:master\nconnected_slaves:0\nmaster_repl_offset:0\n'));
    expect(reading.unavailable).toEqual(['peers', 'routing']);
    expect(reading.node.cluster).toBe('r7301');
  });

  it('NOPERM on INFO is an auth problem that names the command and the fix', () => {
    const result = readNode({
      target: { ...target(7301), username: 'probe' },
      replies: { ...redisReplies('healthy', 7301), infoServer: { ok: false, message: "NOPERM User probe has no permissions to run the 'info' command" } },
      idFor,
      now: NOW,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason.code).toBe('auth');
      expect(result.reason.message).toMatch(/ACL user "probe" may not run INFO/);
      expect(result.reason.message).toMatch(/ACL SETUSER probe \+info \+cluster\|info \+cluster\|nodes/);
    }
  });

  it('a cluster-mode node refusing CLUSTER NODES without NOPERM is a bad response, not "unavailable"', () => {
    const result = readNode({
      target: target(7301),
      replies: { ...redisReplies('healthy', 7301), clusterNodes: { ok: false, message: 'ERR something odd' } },
      idFor,
      now: NOW,
    });
    expect(result.ok === false && result.reason.code).toBe('protocol');
  });

  it('INFO without any version line is a protocol error', () => {
    const result = readNode({ target: target(7301), replies: { ...standalone('role:master\n'), infoServer: { ok: true, value: 'hello' } }, idFor, now: NOW });
    expect(result.ok === false && result.reason.code).toBe('protocol');
  });

  it('garbage in CLUSTER NODES is a protocol error', () => {
    const result = readNode({ target: target(7301), replies: { ...redisReplies('healthy', 7301), clusterNodes: { ok: true, value: 'not a node line at all' } }, idFor, now: NOW });
    expect(result.ok === false && result.reason.code).toBe('protocol');
  });
});
