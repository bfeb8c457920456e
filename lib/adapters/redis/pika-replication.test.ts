import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnosticsConfigSchema } from '@/lib/config/schema';
import type { NodeReport } from '@/lib/contract/report';
import { syncAnalyzer } from '@/lib/diagnostics/sync';
import { readNode } from './build-report';
import { FIXTURES, pikaReplies } from './fixture-replies';
import path from 'node:path';

/**
 * Pika's INFO replication in every version in fixtures/pika (real 3.3.5, 3.4.2,
 * 3.5.x captures; 4.x written from src/pika_admin.cc), and the formats the
 * source prints that no capture shows (3.x db_repl_state names with the enum's
 * "k", per-db states on a multi-db node, "Master && SLAVE"), read by the
 * adapter and judged by the sync analyzer.
 */

const NOW = Date.parse('2024-06-17T02:46:20Z');
const idFor = (hostPort: string) => hostPort;

function read(text: string, id = 'p'): ReturnType<typeof readNode> {
  const base = pikaReplies('v4-slave-full-sync-error.constructed.txt');
  return readNode({ target: { id, address: '127.0.0.1:9221', flavor: 'auto', username: undefined }, replies: { ...base, infoReplication: { ok: true, value: text } }, idFor, now: NOW });
}

function linksOf(text: string) {
  const result = read(text);
  if (!result.ok) throw new Error(result.reason.message);
  return result.reading.links.map((link) => ({ id: link.id, state: link.state, reportedState: link.reportedState }));
}

function syncKinds(text: string, id = 'p'): { kind: string; subject: string; summary: string }[] {
  const result = read(text, id);
  if (!result.ok) throw new Error(result.reason.message);
  const report: NodeReport = {
    targetId: id,
    kind: 'redis',
    address: '127.0.0.1:9221',
    status: 'ok',
    reason: null,
    fetchedAt: NOW,
    latencyMs: 1,
    node: result.reading.node,
    peers: null,
    sync: { links: result.reading.links },
    routing: null,
    logs: null,
    unavailable: ['peers', 'routing'],
  };
  const reports = new Map([[id, report]]);
  const input = { now: NOW, pollIntervalMs: 5000, config: diagnosticsConfigSchema.parse(undefined), targetIds: [id], reports, lastOk: reports };
  return syncAnalyzer.step(syncAnalyzer.initial(), input).conditions.map((condition) => ({ kind: condition.kind, subject: condition.subject.id, summary: condition.summary }));
}

function replicationText(file: string): string {
  const reply = pikaReplies(file).infoReplication;
  if (!reply.ok || typeof reply.value !== 'string') throw new Error(`${file}: no INFO replication text`);
  return reply.value;
}

const EXPECTED_BY_FIXTURE: Record<string, { role: string; version: string; links: { id: string; state: string }[] }> = {
  'v3.3.5-slave.info.txt': { role: 'replica', version: 'pika 3.3.5', links: [{ id: '10.200.14.148:9223->p/db0', state: 'in_sync' }] },
  'v3.4.2-master.info.txt': { role: 'primary', version: 'pika 3.4.2', links: [{ id: 'p->192.168.201.82:9221/db0', state: 'in_sync' }] },
  'v3.5.0-master.info.txt': { role: 'primary', version: 'pika 3.5.1', links: [{ id: 'p->192.168.201.82:9221/db0', state: 'in_sync' }] },
  'v3.5.0-slave.info.txt': { role: 'replica', version: 'pika 3.5.0', links: [{ id: '192.168.201.81:9221->p/db0', state: 'in_sync' }] },
  'v4-master-full-syncing.constructed.txt': { role: 'primary', version: 'pika 4.0.0', links: [{ id: 'p->192.168.201.82:9221/db0', state: 'full_sync' }] },
  'v4-slave-full-sync-error.constructed.txt': { role: 'replica', version: 'pika 4.0.0', links: [{ id: '192.168.201.81:9221->p/db0', state: 'error' }] },
};

describe('Pika INFO replication, every fixture version', () => {
  const files = readdirSync(path.join(FIXTURES, 'pika')).filter((file) => file.endsWith('.txt'));

  it('has an expectation for every fixture file', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED_BY_FIXTURE).sort());
  });

  it.each(files)('%s: version, role and per-db links', (file) => {
    const result = readNode({ target: { id: 'p', address: '127.0.0.1:9221', flavor: 'auto', username: undefined }, replies: pikaReplies(file), idFor, now: NOW });
    if (!result.ok) throw new Error(result.reason.message);
    const expected = EXPECTED_BY_FIXTURE[file];
    expect(result.reading.flavor).toBe('pika');
    expect(result.reading.node).toMatchObject({ role: expected.role, version: expected.version });
    expect(result.reading.links.map(({ id, state }) => ({ id, state }))).toEqual(expected.links);
    // Pika refuses CLUSTER: routing and peers are not available, not empty.
    expect(result.reading.unavailable).toEqual(['peers', 'routing']);
  });

  it('a db in error is sync.error; the 4.x master still full-syncing raises nothing', () => {
    const error = syncKinds(replicationText('v4-slave-full-sync-error.constructed.txt'));
    expect(error.map(({ kind, subject }) => ({ kind, subject }))).toEqual([{ kind: 'sync.error', subject: '192.168.201.81:9221->p/db0' }]);
    expect(error[0].summary).toContain('db_repl_state db0:Error');
    expect(syncKinds(replicationText('v4-master-full-syncing.constructed.txt'))).toEqual([]);
  });
});

describe('Pika formats from the source that no capture shows', () => {
  it('3.x db_repl_state names, with and without the enum "k" (src/pika_admin.cc at v3.5.0)', () => {
    const text = [
      '# Replication(SLAVE)',
      'role:slave',
      'master_host:10.0.0.1',
      'master_port:9221',
      'master_link_status:down',
      'slave_priority:100',
      'slave_read_only:1',
      'db_repl_state:(db0:WaitDBSync)(db1:kWaitReply)(db2:kTryConnect)(db3:kTryDBSync)(db4:kDBNoConnect)(db5:NoConnect)(db6:Error)',
      ...[0, 1, 2, 3, 4, 5, 6].map((db) => `db${db} binlog_offset=1 2,safety_purge=none`),
    ].join('\r\n');
    expect(linksOf(text).map(({ state }) => state)).toEqual(['full_sync', 'meta_sync', 'connecting', 'full_sync', 'connecting', 'connecting', 'error']);
  });

  it('a multi-db 4.x slave whose dbs are in different states reports each db apart', () => {
    const text = [
      '# Replication(SLAVE)',
      'role:slave',
      'ReplicationID:abc',
      'master_host:10.0.0.1',
      'master_port:9221',
      'master_link_status:down',
      'repl_connect_status:',
      'db0:connected',
      'db1:syncing_full',
      'db2:try_to_incr_sync',
      'slave_priority:100',
      'slave_read_only:1',
      'db_repl_state:(db1:WaitDBSync)(db2:kTryConnect)',
      'is_eligible_for_master_election:false',
      'db0:binlog_offset=3 100,safety_purge=none',
      'db1:binlog_offset=0 0,safety_purge=none',
      'db2:binlog_offset=3 100,safety_purge=none',
      'slave_repl_offset:0',
    ].join('\r\n');
    expect(linksOf(text)).toEqual([
      { id: '10.0.0.1:9221->p/db0', state: 'in_sync', reportedState: 'repl_connect_status db0:connected' },
      { id: '10.0.0.1:9221->p/db1', state: 'full_sync', reportedState: 'repl_connect_status db1:syncing_full' },
      { id: '10.0.0.1:9221->p/db2', state: 'incremental', reportedState: 'repl_connect_status db2:try_to_incr_sync' },
    ]);
  });

  it('a multi-db master lists each db of each slave: bytes, "full syncing", "not syncing"', () => {
    const text = [
      '# Replication(MASTER)',
      'role:master',
      'connected_slaves:2',
      'slave0:ip=10.0.0.2,port=9221,conn_fd=88,lag=(db0:0)(db1:full syncing)',
      'slave1:ip=10.0.0.3,port=9221,conn_fd=89,lag=(db0:not syncing)(db1:2048)',
      'db0 binlog_offset=5 10,safety_purge=none',
      'db1 binlog_offset=5 20,safety_purge=none',
    ].join('\r\n');
    expect(linksOf(text).map(({ id, state }) => `${id} ${state}`)).toEqual([
      'p->10.0.0.2:9221/db0 in_sync',
      'p->10.0.0.2:9221/db1 full_sync',
      'p->10.0.0.3:9221/db0 connecting',
      'p->10.0.0.3:9221/db1 in_sync',
    ]);
  });

  it('"Master && SLAVE" with role:master&&slave reads as a replica with both its upstream and downstream links', () => {
    const text = [
      '# Replication(Master && SLAVE)',
      'role:master&&slave',
      'ReplicationID:abc',
      'master_host:10.0.0.1',
      'master_port:9221',
      'master_link_status:up',
      'repl_connect_status:',
      'db0:connected',
      'slave_read_only:1',
      'connected_slaves:1',
      'slave0:ip=10.0.0.5,port=9221,conn_fd=90,lag=(db0:0)',
      'is_eligible_for_master_election:true',
      'db0:binlog_offset=2 4,safety_purge=none',
      'slave_repl_offset:209715204',
    ].join('\r\n');
    const result = read(text);
    if (!result.ok) throw new Error(result.reason.message);
    expect(result.reading.node.role).toBe('replica');
    expect(result.reading.links.map(({ id, state, replicaOffset, primaryOffset }) => ({ id, state, replicaOffset, primaryOffset }))).toEqual([
      { id: '10.0.0.1:9221->p/db0', state: 'in_sync', replicaOffset: 2 * 104_857_600 + 4, primaryOffset: null },
      { id: 'p->10.0.0.5:9221/db0', state: 'in_sync', replicaOffset: null, primaryOffset: 2 * 104_857_600 + 4 },
    ]);
  });

  it('an unrecognised state is unknown (sync.unknown), never in sync', () => {
    const text = ['# Replication(SLAVE)', 'role:slave', 'master_host:10.0.0.1', 'master_port:9221', 'master_link_status:up', 'repl_connect_status:', 'db0:resharding', 'db0:binlog_offset=1 1,safety_purge=none'].join('\r\n');
    expect(linksOf(text)).toEqual([{ id: '10.0.0.1:9221->p/db0', state: 'unknown', reportedState: 'repl_connect_status db0:resharding' }]);
    expect(syncKinds(text).map(({ kind }) => kind)).toEqual(['sync.unknown']);
    // 3.x: a db that Pika itself cannot find ("InternalError", src/pika_admin.cc) or calls "Other" is unknown too.
    const internal = ['# Replication(SLAVE)', 'role:slave', 'master_host:10.0.0.1', 'master_port:9221', 'master_link_status:down', 'db_repl_state:(db0: InternalError)(db1:Other)'].join('\r\n');
    expect(linksOf(internal).map(({ state }) => state)).toEqual(['unknown', 'unknown']);
    // A master_link_status that is neither up nor down.
    const odd = ['# Replication(SLAVE)', 'role:slave', 'master_host:10.0.0.1', 'master_port:9221', 'master_link_status:sideways', 'db0 binlog_offset=1 1,safety_purge=none'].join('\r\n');
    expect(linksOf(odd).map(({ state }) => state)).toEqual(['unknown']);
  });
});
